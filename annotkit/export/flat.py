"""Flat JSONL: one layer of a document per line, the shape training code expects.

    {"id": str, "text": str, "meta": {...},
     "spans": [{"start": int, "end": int, "label": str, "text": str, "attrs": {...}}],
     "relations": [{"head": int, "tail": int, "label": str}]}

``head``/``tail`` index into ``spans``. ``meta.annotkit_layer`` names the layer the line
was written from, so reading the file back restores it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotkit.documents.model import Author, Document, Layer, Relation, Span, check_surface
from annotkit.errors import AnnotkitError, InputError
from annotkit.export.atomic import atomic_open
from annotkit.export.jsonl import check_fields, dumps_record, iter_records, iter_text_records

_DOC_KEYS = {"id", "text", "spans", "relations", "meta"}
#: The meta key that names the layer a line was written from.
LAYER_KEY = "annotkit_layer"
_SPAN_KEYS = {"start", "end", "label", "text", "attrs"}
_RELATION_KEYS = {"head", "tail", "label"}


def select_layer(document: Document, layer: str | None) -> Layer | None:
    """The named layer, or the document's default layer when ``layer`` is None."""
    if layer is None:
        return document.default_layer()
    return next((candidate for candidate in document.layers if candidate.name == layer), None)


def to_record(document: Document, layer: str | None = None) -> dict[str, Any]:
    """The flat record of one layer of ``document`` (no spans if it lacks the layer)."""
    chosen = select_layer(document, layer)
    meta = document.meta.to_dict()
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    if chosen is not None:
        meta[LAYER_KEY] = {
            "name": chosen.name,
            "kind": chosen.kind,
            "author": {"kind": chosen.author.kind, "name": chosen.author.name,
                       "version": chosen.author.version},
        }
        index = {span.id: i for i, span in enumerate(chosen.spans)}
        spans = [
            {"start": s.start, "end": s.end, "label": s.label,
             "text": document.span_text(s), "attrs": s.attrs.to_dict()}
            for s in chosen.spans
        ]
        relations = [
            {"head": index[r.head], "tail": index[r.tail], "label": r.label}
            for r in chosen.relations
        ]
    return {"id": document.id, "text": document.text, "spans": spans,
            "relations": relations, "meta": meta}


def from_record(record: dict[str, Any], where: str = "<flat>") -> Document:
    """A document with one layer (none if the line has no spans or layer info)."""
    check_fields(record, _DOC_KEYS, {"id", "text"}, "document")
    meta = dict(record.get("meta") or {})
    info = meta.pop(LAYER_KEY, None) or {}
    text = record["text"]
    if not isinstance(text, str):
        raise InputError("document text must be a string")
    spans: list[Span] = []
    surfaces: list[str | None] = []
    for i, item in enumerate(record.get("spans") or []):
        check_fields(item, _SPAN_KEYS, {"start", "end", "label"}, f"spans[{i}]")
        spans.append(
            Span(start=item["start"], end=item["end"], label=item["label"],
                 id=f"s{i}", attrs=item.get("attrs") or {})
        )
        surfaces.append(item.get("text"))
    relations = []
    for i, item in enumerate(record.get("relations") or []):
        check_fields(item, _RELATION_KEYS, {"head", "tail", "label"}, f"relations[{i}]")
        for end in ("head", "tail"):
            value = item[end]
            if not isinstance(value, int) or not 0 <= value < len(spans):
                raise InputError(
                    f"relations[{i}].{end} must index into spans (0..{len(spans) - 1}), "
                    f"found {value!r}"
                )
        relations.append(Relation(label=item["label"], head=f"s{item['head']}",
                                  tail=f"s{item['tail']}", id=f"r{i}"))
    layers = []
    if spans or relations or info:
        author = info.get("author") or {"kind": "annotator", "name": "unknown"}
        layers.append(
            Layer(name=info.get("name", "flat"), kind=info.get("kind", "annotation"),
                  author=Author(**author), spans=spans, relations=relations)
        )
    document = Document(id=record["id"], text=text, layers=layers, meta=meta)
    for span, surface in zip(spans, surfaces, strict=True):
        if surface is not None:
            check_surface(document, span, surface, where)
    return document


def _build(record: dict[str, Any], where: str) -> Document:
    try:
        return from_record(record, where)
    except AnnotkitError as error:
        message = str(error)
        raise InputError(message if message.startswith(where) else f"{where}: {message}") from None
    except TypeError as error:
        raise InputError(f"{where}: {error}") from None


def dumps(documents: Iterable[Document], layer: str | None = None) -> str:
    """Flat JSONL text of one layer of each document."""
    return "".join(dumps_record(to_record(d, layer)) + "\n" for d in documents)


def loads(text: str, source: str = "<string>") -> list[Document]:
    """Documents from flat JSONL text."""
    records = iter_text_records(text, source)
    return [_build(record, f"{source}:{number}") for number, record in records]


def read(path: str | Path) -> Iterator[Document]:
    """Stream documents from a flat JSONL file."""
    for number, record in iter_records(path):
        yield _build(record, f"{path}:{number}")


def load(path: str | Path) -> list[Document]:
    """All documents of a flat JSONL file."""
    return list(read(path))


def write(documents: Iterable[Document], path: str | Path, layer: str | None = None) -> int:
    """Stream one layer of each document to ``path`` atomically; returns the count."""
    count = 0
    with atomic_open(path) as handle:
        for document in documents:
            handle.write((dumps_record(to_record(document, layer)) + "\n").encode("utf-8"))
            count += 1
    return count


dump = write
