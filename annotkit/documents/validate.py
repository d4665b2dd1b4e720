"""Checking documents against a schema, reporting every problem at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from annotkit.documents.model import Document, Layer, Span
from annotkit.errors import SchemaError, ValidationError
from annotkit.schema.model import Schema


@attrs.frozen
class Problem:
    """One way a document breaks its schema, with where it happens."""

    document: str
    layer: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"document {self.document!r}, layer {self.layer!r}, {self.where}: {self.message}"


def _where(document: Document, span: Span) -> str:
    return f"span {span.id!r} [{span.start}, {span.end}) {document.span_text(span)!r}"


def problems(document: Document, schema: Schema) -> Iterator[Problem]:
    """Every problem of ``document`` against ``schema``, in document order."""
    for layer in document.layers:
        yield from _layer_problems(document, layer, schema)


def _layer_problems(document: Document, layer: Layer, schema: Schema) -> Iterator[Problem]:
    def problem(where: str, message: str) -> Problem:
        return Problem(document.id, layer.name, where, message)

    for span in layer.spans:
        try:
            span_type = schema.span_type(span.label)
        except SchemaError as error:
            yield problem(_where(document, span), str(error))
            continue
        for name, value in span.attrs.items():
            try:
                attribute = span_type.attribute(name)
            except SchemaError as error:
                yield problem(_where(document, span), str(error))
                continue
            if not attribute.accepts(value):
                yield problem(
                    _where(document, span),
                    f"attribute {name!r} must be {attribute.expected()}, found {value!r}",
                )
        for attribute in span_type.attributes:
            if attribute.required and attribute.name not in span.attrs:
                yield problem(
                    _where(document, span), f"required attribute {attribute.name!r} is missing"
                )
    labels = {span.id: span.label for span in layer.spans}
    for relation in layer.relations:
        where = f"relation {relation.id!r}"
        try:
            relation_type = schema.relation_type(relation.label)
        except SchemaError as error:
            yield problem(where, str(error))
            continue
        head, tail = labels[relation.head], labels[relation.tail]
        if head not in relation_type.heads or tail not in relation_type.tails:
            yield problem(
                where,
                f"{relation.label!r} goes from {' or '.join(relation_type.heads)} to "
                f"{' or '.join(relation_type.tails)}, found {head} -> {tail}",
            )


def validate(documents: Document | Iterable[Document], schema: Schema) -> None:
    """Raise ValidationError listing every problem of the documents, if any."""
    if isinstance(documents, Document):
        documents = [documents]
    found = [p for document in documents for p in problems(document, schema)]
    if found:
        raise ValidationError(found)
