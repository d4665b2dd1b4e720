"""Native JSONL: one document a line with all its layers; lossless.

The record of a document (its JSON Schema is ``schemas/native-record.schema.json``)::

    {"format": "annotkit/1", "id": ..., "text": ..., "sha256": ..., "meta": {...},
     "layers": [{"name": ..., "kind": ..., "author": {"kind", "name", "version"},
                 "created_at": ..., "updated_at": ..., "meta": {...},
                 "spans": [{"id", "start", "end", "label", "attrs", "score", "source"}],
                 "relations": [{"id", "label", "head", "tail"}]}]}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotkit.documents.model import Author, Document, Layer, Relation, Span, sha256
from annotkit.errors import AnnotkitError, InputError
from annotkit.export.atomic import atomic_open
from annotkit.export.jsonl import check_fields, dumps_record, iter_records, iter_text_records

FORMAT = "annotkit/1"

_DOC_KEYS = {"format", "id", "text", "sha256", "meta", "layers"}
_LAYER_KEYS = {"name", "kind", "author", "created_at", "updated_at", "meta", "spans", "relations"}
_SPAN_KEYS = {"id", "start", "end", "label", "attrs", "score", "source"}
_RELATION_KEYS = {"id", "label", "head", "tail"}


def to_record(document: Document) -> dict[str, Any]:
    """The JSON-ready record of a document."""
    return {
        "format": FORMAT,
        "id": document.id,
        "text": document.text,
        "sha256": document.sha256,
        "meta": document.meta.to_dict(),
        "layers": [_layer_record(layer) for layer in document.layers],
    }


def _layer_record(layer: Layer) -> dict[str, Any]:
    record: dict[str, Any] = {
        "name": layer.name,
        "kind": layer.kind,
        "author": {"kind": layer.author.kind, "name": layer.author.name,
                   "version": layer.author.version},
        "meta": layer.meta.to_dict(),
        "spans": [_span_record(span) for span in layer.spans],
        "relations": [
            {"id": r.id, "label": r.label, "head": r.head, "tail": r.tail}
            for r in layer.relations
        ],
    }
    for key in ("created_at", "updated_at"):
        if getattr(layer, key) is not None:
            record[key] = getattr(layer, key)
    return record


def _span_record(span: Span) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": span.id,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "attrs": span.attrs.to_dict(),
    }
    if span.score is not None:
        record["score"] = span.score
    if span.source is not None:
        record["source"] = span.source
    return record


def from_record(record: dict[str, Any]) -> Document:
    """Build a document from its record; InputError/DocumentError on bad content."""
    check_fields(record, _DOC_KEYS, {"id", "text"}, "document")
    if record.get("format", FORMAT) != FORMAT:
        raise InputError(f"unsupported format {record['format']!r}; this reads {FORMAT!r}")
    text = record["text"]
    if not isinstance(text, str):
        raise InputError("document text must be a string")
    if "sha256" in record and record["sha256"] != sha256(text):
        raise InputError(
            f"document {record['id']!r}: text does not match its sha256 (was it edited by hand?)"
        )
    layers = []
    for i, item in enumerate(record.get("layers") or []):
        what = f"layers[{i}]"
        check_fields(item, _LAYER_KEYS, {"name", "kind", "author"}, what)
        author = check_fields(item["author"], {"kind", "name", "version"}, {"kind", "name"},
                         f"{what}.author")
        spans = [
            Span(**check_fields(s, _SPAN_KEYS, {"start", "end", "label"}, f"{what}.spans[{j}]"))
            for j, s in enumerate(item.get("spans") or [])
        ]
        relations = [
            Relation(**check_fields(r, _RELATION_KEYS, {"label", "head", "tail"},
                               f"{what}.relations[{j}]"))
            for j, r in enumerate(item.get("relations") or [])
        ]
        layers.append(
            Layer(
                name=item["name"],
                kind=item["kind"],
                author=Author(**author),
                spans=spans,
                relations=relations,
                created_at=item.get("created_at"),
                updated_at=item.get("updated_at"),
                meta=item.get("meta") or {},
            )
        )
    return Document(id=record["id"], text=text, layers=layers, meta=record.get("meta") or {})


def dumps(documents: Iterable[Document]) -> str:
    """Native JSONL text of the documents."""
    return "".join(dumps_record(to_record(d)) + "\n" for d in documents)


def loads(text: str, source: str = "<string>") -> list[Document]:
    """Documents from native JSONL text."""
    records = iter_text_records(text, source)
    return [_build(record, f"{source}:{number}") for number, record in records]


def _build(record: Any, where: str) -> Document:
    try:
        if not isinstance(record, dict):
            raise InputError(f"expected a JSON object, found {type(record).__name__}")
        return from_record(record)
    except AnnotkitError as error:
        raise InputError(f"{where}: {error}") from None
    except TypeError as error:
        raise InputError(f"{where}: {error}") from None


def read(path: str | Path) -> Iterator[Document]:
    """Stream documents from a native JSONL file."""
    for number, record in iter_records(path):
        yield _build(record, f"{path}:{number}")


def load(path: str | Path) -> list[Document]:
    """All documents of a native JSONL file."""
    return list(read(path))


def write(documents: Iterable[Document], path: str | Path) -> int:
    """Stream documents to ``path`` atomically; returns how many were written."""
    count = 0
    with atomic_open(path) as handle:
        for document in documents:
            handle.write((dumps_record(to_record(document)) + "\n").encode("utf-8"))
            count += 1
    return count


dump = write
