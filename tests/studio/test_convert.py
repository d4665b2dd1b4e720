"""Layers to Label Studio results and back, without a server."""

from __future__ import annotations

from typing import Any

import pytest

from annotkit import Author, Document, Layer, Relation, Span
from annotkit.studio.client import Studio, StudioUnavailable
from annotkit.studio.config import controls
from annotkit.studio.convert import annotation_layer, prediction, region_id

from .helpers import sync_schema

TEXT = "🚀 Rostec sells 12 T-90M\r\ntanks."


def names(user: int | None) -> str:
    return {1: "ann@example.com"}.get(user or 0, f"user-{user}")


def item(rid: str, start: int, end: int, **value: Any) -> dict[str, Any]:
    kind = "labels" if "labels" in value else ("choices" if "choices" in value else "textarea")
    name = value.pop("name", "label")
    return {"id": rid, "from_name": name, "to_name": "text", "type": kind,
            "value": {"start": start, "end": end, **value}}


class TestPrediction:
    def test_spans_attributes_and_relations_become_result_items(self) -> None:
        schema = sync_schema()
        layer = Layer("rules", "prediction", Author("rules", "defense-rules", "v3"), spans=[
            Span(2, 8, "ACTOR", id="a", score=0.5, attrs={"kind": "company"}),
            Span(18, 23, "SYSTEM", id="s", score=1.0),
            Span(15, 17, "QUANTITY", id="q", attrs={"amount": 12, "approximate": False}),
        ], relations=[Relation("produces", "a", "s")])
        document = Document("d", TEXT, layers=[layer])
        out = prediction(document, layer, controls(schema))
        a, s, q = (region_id(layer, layer.span(x)) for x in "asq")
        assert out == {"model_version": "defense-rules@v3", "score": 0.75, "result": [
            {"id": a, "from_name": "label", "to_name": "text", "type": "labels", "score": 0.5,
             "value": {"start": 2, "end": 8, "text": "Rostec", "labels": ["ACTOR"]}},
            {"id": a, "from_name": "ACTOR__kind", "to_name": "text", "type": "choices",
             "value": {"start": 2, "end": 8, "choices": ["company"]}},
            {"id": q, "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 15, "end": 17, "text": "12", "labels": ["QUANTITY"]}},
            {"id": q, "from_name": "QUANTITY__amount", "to_name": "text", "type": "textarea",
             "value": {"start": 15, "end": 17, "text": ["12"]}},
            {"id": q, "from_name": "QUANTITY__approximate", "to_name": "text",
             "type": "choices", "value": {"start": 15, "end": 17, "choices": ["false"]}},
            {"id": s, "from_name": "label", "to_name": "text", "type": "labels", "score": 1.0,
             "value": {"start": 18, "end": 23, "text": "T-90M", "labels": ["SYSTEM"]}},
            {"from_id": a, "to_id": s, "type": "relation", "direction": "right",
             "labels": ["produces"]},
        ]}


class TestAnnotationLayer:
    def test_typed_attributes_and_relations(self) -> None:
        annotation = {"id": 7, "completed_by": 1, "lead_time": 3.5, "ground_truth": True,
                      "created_at": "2026-01-02T03:04:05.123456Z",
                      "updated_at": "2026-01-02T03:05:00Z", "result": [
            item("q", 15, 17, text="12", labels=["QUANTITY"]),
            item("q", 15, 17, text=["1,200"], name="QUANTITY__amount"),
            item("q", 15, 17, choices=["true"], name="QUANTITY__approximate"),
            item("q", 15, 17, text=["hidden"], name="ACTOR__canonical"),
            item("s", 18, 23, text="T-90M", labels=["SYSTEM"]),
            {"from_id": "s", "to_id": "q", "type": "relation", "direction": "left",
             "labels": ["measures"]},
        ]}
        converted = annotation_layer(sync_schema(), TEXT, 3, 9, annotation, names)
        assert converted.problems == ()
        layer = converted.layer
        assert layer.name == "ls-7"
        assert layer.author == Author("annotator", "ann@example.com")
        assert layer.spans == (
            Span(15, 17, "QUANTITY", id="q", attrs={"amount": 1200, "approximate": True}),
            Span(18, 23, "SYSTEM", id="s"),
        )
        assert layer.relations == (Relation("measures", "q", "s"),)
        assert layer.meta == {"ls_project": 9, "ls_task": 3, "ls_annotation": 7,
                              "lead_time": 3.5, "ground_truth": True}

    def test_bad_number_is_kept_as_written_and_reported(self) -> None:
        annotation = {"id": 8, "completed_by": 2, "result": [
            item("q", 15, 17, text="12", labels=["QUANTITY"]),
            item("q", 15, 17, text=["twelve"], name="QUANTITY__amount"),
        ]}
        converted = annotation_layer(sync_schema(), TEXT, 3, 9, annotation, names)
        assert [str(p) for p in converted.problems] == [
            "task 3, annotation 8, region 'q': attribute 'amount' must be a number, found "
            "'twelve'; kept as written"]
        assert converted.layer.spans[0].attrs == {"amount": "twelve"}
        assert converted.layer.author.name == "user-2"

    def test_utf16_region_is_repaired_and_relation_to_a_lost_region_dropped(self) -> None:
        annotation = {"id": 9, "completed_by": 1, "result": [
            item("a", 3, 9, text="Rostec", labels=["ACTOR"]),
            item("x", 0, 4, text="nowhere", labels=["ACTOR"]),
            {"from_id": "a", "to_id": "x", "type": "relation", "labels": ["supplies"]},
        ]}
        converted = annotation_layer(sync_schema(), TEXT, 3, 9, annotation, names)
        assert converted.layer.spans == (Span(2, 8, "ACTOR", id="a"),)
        assert [how.how for _, how in converted.repairs] == ["utf16"]
        assert [str(p) for p in converted.problems] == [
            "task 3, annotation 9, region 'x': ACTOR [0, 4) covers '[🚀 Ro]stec sells' but "
            "its text is 'nowhere', and no known offset mapping explains it; it is left out",
            "task 3, annotation 9, region 'a->x': relation joins a region that is not kept; "
            "it is left out"]


class TestRetries:
    def test_transient_failures_are_retried_with_backoff_until_the_deadline(self) -> None:
        clock = [0.0]
        waits: list[float] = []

        def sleep(seconds: float) -> None:
            waits.append(seconds)
            clock[0] += seconds

        with Studio("http://127.0.0.1:9", "secret-token", retry_for=3.0, sleep=sleep,
                    clock=lambda: clock[0]) as studio, \
                pytest.raises(StudioUnavailable) as caught:
            studio.request("GET", "api/projects/")
        assert len(waits) >= 3
        assert waits[1] > waits[0]
        assert sum(waits) == pytest.approx(3.0)
        assert str(caught.value).startswith(
            "Label Studio at http://127.0.0.1:9 is unavailable (ConnectError")
        assert str(caught.value).endswith("during GET /api/projects/; gave up after 3 s")
        assert "secret-token" not in str(caught.value)

    def test_a_write_that_may_have_landed_is_not_repeated(self) -> None:
        waits: list[float] = []
        with Studio("http://127.0.0.1:9", "t", sleep=waits.append) as studio, \
                pytest.raises(StudioUnavailable):
            studio.import_tasks(1, [{"data": {"text": "x"}}])
        assert waits == []
