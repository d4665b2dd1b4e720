"""Building corpora and submitting annotations the way Label Studio's page does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

import attrs

from annotkit import Attribute, Author, Document, Layer, Relation, Schema, Span, default_schema
from annotkit.studio.client import Studio
from annotkit.studio.config import LABELS, TEXT, controls

TEXTS = {
    "emoji-crlf": "🚀 Report\r\nRostec builds the T-90M; Russia pays $24 million.\tEnd",
    "combining-tabs": "Cafe\u0301 talks:\tKalashnikov  and Almaz-Antey\r\n\r\nsupply the S-400 "
                      "to Iran.",
    "zwj": "Family 👨\u200d👩\u200d👧 note: Uralvagonzavod makes T-72 tanks under Western "
           "sanctions.",
}


def sync_schema() -> Schema:
    """The default schema plus a number and a boolean attribute on QUANTITY."""
    schema = default_schema()
    types = []
    for span_type in schema.span_types:
        if span_type.name == "QUANTITY":
            span_type = attrs.evolve(span_type, attributes=(
                *span_type.attributes, Attribute("amount", "number"),
                Attribute("approximate", "boolean")))
        types.append(span_type)
    return attrs.evolve(schema, span_types=tuple(types))


def span_at(text: str, surface: str, label: str, nth: int = 0, **kw: Any) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Span(start, start + len(surface), label, **kw)


def predicted(document: Document, version: str, spans: Sequence[Span],
              relations: Sequence[Relation] = ()) -> Document:
    layer = Layer(f"defense-rules@{version}", "prediction",
                  Author("rules", "defense-rules", version), spans=spans, relations=relations,
                  created_at="2026-01-01T00:00:00+00:00")
    return document.with_layer(layer)


def corpus(version: str = "v1", prefix: str = "") -> list[Document]:
    """Three documents with awkward characters, each with one prediction layer."""
    documents = []
    for doc_id, text in TEXTS.items():
        document = Document(prefix + doc_id, text, meta={"title": doc_id.title()})
        spans = [span_at(text, "Rostec", "ACTOR", id="a", score=0.9,
                         attrs={"canonical": "rostec", "kind": "company"})] \
            if "Rostec" in text else []
        for word in ("T-90M", "T-72", "S-400"):
            if word in text:
                spans.append(span_at(text, word, "SYSTEM", id="s", score=0.8,
                                     attrs={"category": "tank"}))
        if version != "v1" and "Iran" in text:
            spans.append(span_at(text, "Iran", "ACTOR", id="iran", score=0.7))
        relations = [Relation("produces", "a", "s")] if {s.id for s in spans} >= {"a", "s"} \
            else []
        documents.append(predicted(document, version, spans, relations))
    return documents


def region(rid: str, text: str, surface: str, label: str, *, shown: str | None = None,
           nth: int = 0, attrs: dict[str, Any] | None = None,
           schema: Schema | None = None) -> list[dict[str, Any]]:
    """Result items of one hand-drawn region with its attributes, as the page posts them."""
    span = span_at(text, surface, label, nth=nth)
    where = {"start": span.start, "end": span.end}
    items = [{"id": rid, "from_name": LABELS, "to_name": TEXT, "type": "labels",
              "origin": "manual",
              "value": {**where, "text": surface if shown is None else shown,
                        "labels": [label]}}]
    names = controls(schema or sync_schema())
    for name, value in (attrs or {}).items():
        control = names.for_attribute(label, name)
        assert control is not None, (label, name)
        payload = {"choices": [value]} if control.kind == "choices" else {"text": [value]}
        items.append({"id": rid, "from_name": control.name, "to_name": TEXT,
                      "type": control.kind, "origin": "manual", "value": {**where, **payload}})
    return items


def relation(head: str, tail: str, label: str) -> dict[str, Any]:
    return {"from_id": head, "to_id": tail, "type": "relation", "direction": "right",
            "labels": [label]}


def submit(studio: Studio, project_id: int, task_id: int, result: Iterable[dict[str, Any]], *,
           user: int | None = None, lead_time: float = 12.5,
           cancelled: bool = False) -> dict[str, Any]:
    """POST an annotation like the labeling page's Submit (or Skip) button."""
    body: dict[str, Any] = {
        "result": list(result), "lead_time": lead_time, "draft_id": 0,
        "parent_prediction": None, "parent_annotation": None,
        "started_at": datetime.now(timezone.utc).isoformat(), "project": str(project_id),
        "was_cancelled": cancelled,
    }
    if user is not None:
        body["completed_by"] = user
    return studio.create_annotation(task_id, body)


def tasks_by_doc(studio: Studio, project_id: int) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for task in studio.iter_tasks(project_id, full=True):
        found.setdefault(task["data"]["doc_id"], []).append(task)
    return found
