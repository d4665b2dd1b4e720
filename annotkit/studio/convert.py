"""Layers to Label Studio results and back: the only place their JSON is read or built."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from annotkit.documents.model import Author, Document, Layer, Relation, Span
from annotkit.schema.model import AttrValue, Schema
from annotkit.studio.config import BOOLEAN_CHOICES, LABELS, TEXT, Controls, controls
from annotkit.studio.offsets import Located, RegionProblem, locate

_INTEGER = re.compile(r"[+-]?\d+\Z")


def model_version(layer: Layer) -> str:
    """The Label Studio ``model_version`` of a prediction layer: ``name@version``."""
    return f"{layer.author.name}@{layer.author.version}"


def region_id(layer: Layer, span: Span) -> str:
    """A short, stable region id for a predicted span (Label Studio shows it in the page)."""
    digest = hashlib.sha1(f"{layer.name}\0{span.id}".encode()).hexdigest()
    return f"p{digest[:9]}"


def task_data(document: Document) -> dict[str, Any]:
    """The ``data`` of a document's task: its text, id and content hash."""
    return {"text": document.text, "doc_id": document.id, "sha256": document.sha256}


def _attribute_value(kind: str, value: AttrValue) -> dict[str, Any]:
    if kind == "choices":
        if isinstance(value, bool):
            return {"choices": [BOOLEAN_CHOICES[0] if value else BOOLEAN_CHOICES[1]]}
        return {"choices": [str(value)]}
    return {"text": [str(value)]}


def prediction(document: Document, layer: Layer, names: Controls) -> dict[str, Any]:
    """A prediction layer as a Label Studio prediction: model version, score, result.

    The score is the mean of the span scores (none when no span has one).
    """
    result: list[dict[str, Any]] = []
    ids = {span.id: region_id(layer, span) for span in layer.spans}
    for span in layer.spans:
        where = {"start": span.start, "end": span.end}
        item: dict[str, Any] = {
            "id": ids[span.id], "from_name": LABELS, "to_name": TEXT, "type": "labels",
            "value": {**where, "text": document.span_text(span), "labels": [span.label]},
        }
        if span.score is not None:
            item["score"] = span.score
        result.append(item)
        for name, value in span.attrs.items():
            control = names.for_attribute(span.label, name)
            if control is None:
                continue
            result.append({
                "id": ids[span.id], "from_name": control.name, "to_name": TEXT,
                "type": control.kind, "value": {**where, **_attribute_value(control.kind, value)},
            })
    for relation in layer.relations:
        result.append({
            "from_id": ids[relation.head], "to_id": ids[relation.tail], "type": "relation",
            "direction": "right", "labels": [relation.label],
        })
    scores = [span.score for span in layer.spans if span.score is not None]
    out: dict[str, Any] = {"model_version": model_version(layer), "result": result}
    if scores:
        out["score"] = round(sum(scores) / len(scores), 6)
    return out


def fingerprint(result: Any, score: Any) -> str:
    """Equal for predictions with the same result and score."""
    return json.dumps([result, score], sort_keys=True, ensure_ascii=False)


# -- pull ---------------------------------------------------------------------


@attrs.frozen
class Converted:
    """An annotation turned into a layer, with what could not be kept."""

    layer: Layer
    problems: tuple[RegionProblem, ...] = ()
    repairs: tuple[tuple[str, Located], ...] = ()


def _typed(kind: str, raw: Any, attribute_type: str) -> AttrValue | str:
    values = raw.get("choices") if kind == "choices" else raw.get("text")
    if isinstance(values, list):
        values = [v for v in values if isinstance(v, str)]
        value = "\n".join(values) if kind == "textarea" else (values[0] if values else "")
    else:
        value = values if isinstance(values, str) else ""
    if attribute_type == "boolean":
        return value == BOOLEAN_CHOICES[0] if value in BOOLEAN_CHOICES else value
    if attribute_type == "number":
        text = value.strip().replace(",", "") if isinstance(value, str) else value
        try:
            return int(text) if _INTEGER.match(text) else float(text)
        except ValueError:
            return value
    return value


def annotation_layer(
    schema: Schema,
    text: str,
    task_id: int,
    project_id: int,
    annotation: Mapping[str, Any],
    user_name: Callable[[int | None], str],
) -> Converted:
    """One submitted annotation as a layer named ``ls-<annotation id>``.

    Every region is placed on ``text`` by ``offsets.locate``; a region that
    cannot be placed is left out and reported, with relations that need it.
    """
    names = controls(schema)
    annotation_id = int(annotation["id"])
    problems: list[RegionProblem] = []
    repairs: list[tuple[str, Located]] = []

    def problem(region: str, message: str) -> None:
        problems.append(RegionProblem(task_id, annotation_id, region, message))

    items = [i for i in annotation.get("result") or [] if isinstance(i, dict)]
    regions: dict[str, tuple[int, int, str]] = {}
    for item in items:
        if item.get("type") != "labels":
            continue
        rid, value = str(item.get("id")), item.get("value") or {}
        labels = [label for label in value.get("labels") or [] if isinstance(label, str)]
        if not labels:
            problem(rid, "region has no label; it is left out")
            continue
        if len(labels) > 1:
            problem(rid, f"region has {len(labels)} labels {labels}; only {labels[0]!r} is kept")
        place = locate(text, value.get("start"), value.get("end"), value.get("text"))
        if isinstance(place, str):
            problem(rid, f"{labels[0]} {place}")
            continue
        if place.repaired:
            repairs.append((rid, place))
        regions[rid] = (place.start, place.end, labels[0])
    attributes: dict[str, dict[str, AttrValue]] = {}
    for item in items:
        control = names.by_name(str(item.get("from_name")))
        rid = str(item.get("id"))
        if control is None or rid not in regions or regions[rid][2] != control.label:
            continue  # a control of another label: hidden from the annotator
        value = _typed(control.kind, item.get("value") or {}, control.attribute.type)
        if value == "" and control.attribute.type != "string":
            continue
        if not control.attribute.accepts(value):
            problem(rid, f"attribute {control.attribute.name!r} must be "
                         f"{control.attribute.expected()}, found {value!r}; kept as written")
        attributes.setdefault(rid, {})[control.attribute.name] = value
    spans = [Span(start, end, label, id=rid, attrs=attributes.get(rid, {}))
             for rid, (start, end, label) in regions.items()]
    relations: dict[str, Relation] = {}
    for item in items:
        if item.get("type") != "relation":
            continue
        head, tail = str(item.get("from_id")), str(item.get("to_id"))
        if item.get("direction") == "left":
            head, tail = tail, head
        where = f"{head}->{tail}"
        labels = [label for label in item.get("labels") or [] if isinstance(label, str)]
        if not labels:
            problem(where, "relation has no label; it is left out")
            continue
        if head not in regions or tail not in regions:
            problem(where, "relation joins a region that is not kept; it is left out")
            continue
        for label in labels:
            relation = Relation(label, head, tail)
            relations[relation.id] = relation
    layer = Layer(
        name=f"ls-{annotation_id}",
        kind="annotation",
        author=Author("annotator", user_name(_user_id(annotation.get("completed_by")))),
        spans=spans,
        relations=tuple(relations.values()),
        created_at=annotation.get("created_at"),
        updated_at=annotation.get("updated_at"),
        meta={
            "ls_project": project_id,
            "ls_task": task_id,
            "ls_annotation": annotation_id,
            "lead_time": annotation.get("lead_time"),
            "ground_truth": bool(annotation.get("ground_truth")),
        },
    )
    return Converted(layer, tuple(problems), tuple(repairs))


def _user_id(value: Any) -> int | None:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, int) else None


def iter_submitted(task: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    """The task's submitted annotations: not cancelled, in id order."""
    annotations = [a for a in task.get("annotations") or []
                   if isinstance(a, dict) and not a.get("was_cancelled")]
    return sorted(annotations, key=lambda a: int(a["id"]))
