"""Documents, their annotation layers, spans and relations: frozen values."""

from __future__ import annotations

import hashlib
import operator
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Literal

import attrs

from annotkit._frozen import FrozenMap, freeze
from annotkit.errors import DocumentError, OffsetError, context
from annotkit.schema.model import AttrValue

LayerKind = Literal["prediction", "annotation", "reviewed", "gold"]
LAYER_KINDS: tuple[str, ...] = ("prediction", "annotation", "reviewed", "gold")
AuthorKind = Literal["rules", "model", "annotator"]
AUTHOR_KINDS: tuple[str, ...] = ("rules", "model", "annotator")

_SURROGATE = re.compile("[\ud800-\udfff]")
_new = object.__new__
_set = object.__setattr__


def _check_attrs(owner: str, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if not isinstance(value, (str, int, float, bool)):
            raise DocumentError(
                f"{owner}: attribute {key!r} must be a string, number or boolean, "
                f"found {type(value).__name__}"
            )


@attrs.frozen
class Span:
    """A labelled ``[start, end)`` code-point range of a document's text.

    ``source`` says where the span came from (a rule id, a model, an annotator);
    ``score`` is the confidence of a prediction.
    """

    start: int
    end: int
    label: str
    id: str = attrs.field(default="")
    attrs: FrozenMap[AttrValue] = attrs.field(factory=FrozenMap, converter=freeze)
    score: float | None = None
    source: str | None = None

    def __attrs_post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise OffsetError(f"span {self.id or self.label!r}: {name} must be an integer")
        if not self.id:
            object.__setattr__(self, "id", f"{self.label}-{self.start}-{self.end}")
        _check_attrs(f"span {self.id!r}", self.attrs)
        if self.score is not None and not isinstance(self.score, (int, float)):
            raise DocumentError(f"span {self.id!r}: score must be a number")

    @classmethod
    def unchecked(cls, start: int, end: int, label: str, id: str, attrs: FrozenMap[AttrValue],
                  score: float | None, source: str | None) -> Span:
        """A span from values already known to be well-typed (the pre-annotators'
        hot path). Offsets are still checked when its document is built."""
        span = _new(cls)
        _set(span, "start", start)
        _set(span, "end", end)
        _set(span, "label", label)
        _set(span, "id", id)
        _set(span, "attrs", attrs)
        _set(span, "score", score)
        _set(span, "source", source)
        return span

    def overlaps(self, other: Span) -> bool:
        """Whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


@attrs.frozen
class Relation:
    """A labelled, directed link from the ``head`` span to the ``tail`` span (by id)."""

    label: str
    head: str
    tail: str
    id: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", f"{self.label}:{self.head}->{self.tail}")


@attrs.frozen
class Author:
    """Who made a layer: a rule set or model (with version) or an annotator."""

    kind: AuthorKind
    name: str
    version: str = ""

    def __attrs_post_init__(self) -> None:
        if self.kind not in AUTHOR_KINDS:
            raise DocumentError(
                f"author kind must be one of {', '.join(AUTHOR_KINDS)}, found {self.kind!r}"
            )
        if not self.name:
            raise DocumentError("an author needs a name")

    def __str__(self) -> str:
        return f"{self.name}@{self.version}" if self.version else self.name


def _check_time(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        raise DocumentError(f"timestamp {value!r} is not ISO 8601") from None
    return value


_SPAN_ORDER = operator.attrgetter("start", "end", "label", "id")


def _sorted_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    return tuple(sorted(spans, key=_SPAN_ORDER))


def _sorted_relations(relations: Iterable[Relation]) -> tuple[Relation, ...]:
    return tuple(sorted(relations, key=lambda r: (r.head, r.tail, r.label, r.id)))


@attrs.frozen
class Layer:
    """One set of spans and relations by one author, e.g. rule predictions or a
    single annotator's submission. Layers of a document never mix.

    Spans are kept sorted by ``(start, end, label, id)``, relations by
    ``(head, tail, label, id)``, so equal content means equal layers.
    """

    name: str
    kind: LayerKind
    author: Author
    spans: tuple[Span, ...] = attrs.field(default=(), converter=_sorted_spans)
    relations: tuple[Relation, ...] = attrs.field(default=(), converter=_sorted_relations)
    created_at: str | None = attrs.field(default=None, converter=_check_time)
    updated_at: str | None = attrs.field(default=None, converter=_check_time)
    meta: FrozenMap[Any] = attrs.field(factory=FrozenMap, converter=freeze)

    def __attrs_post_init__(self) -> None:
        if not self.name:
            raise DocumentError("a layer needs a name")
        if self.kind not in LAYER_KINDS:
            raise DocumentError(
                f"layer {self.name!r}: kind must be one of {', '.join(LAYER_KINDS)}, "
                f"found {self.kind!r}"
            )
        ids: set[str] = set()
        for span in self.spans:
            if span.id in ids:
                raise DocumentError(f"layer {self.name!r}: span id {span.id!r} is used twice")
            ids.add(span.id)
        relation_ids: set[str] = set()
        for relation in self.relations:
            if relation.id in relation_ids:
                raise DocumentError(
                    f"layer {self.name!r}: relation id {relation.id!r} is used twice"
                )
            relation_ids.add(relation.id)
            for end in ("head", "tail"):
                if getattr(relation, end) not in ids:
                    raise DocumentError(
                        f"layer {self.name!r}: relation {relation.id!r} names {end} span "
                        f"{getattr(relation, end)!r}, which is not in the layer"
                    )

    @property
    def time(self) -> str:
        """The newest timestamp of the layer, for ordering ('' when unknown)."""
        return self.updated_at or self.created_at or ""

    def span(self, span_id: str) -> Span:
        """The span with id ``span_id``."""
        for span in self.spans:
            if span.id == span_id:
                return span
        raise KeyError(span_id)


def sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 text: the document's content fingerprint."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _layers(layers: Iterable[Layer]) -> tuple[Layer, ...]:
    return tuple(layers)


@attrs.frozen
class Document:
    """A text, kept exactly, with metadata and any number of annotation layers.

    Every span is checked against the text when the document is built.
    """

    id: str
    text: str
    layers: tuple[Layer, ...] = attrs.field(default=(), converter=_layers)
    meta: FrozenMap[Any] = attrs.field(factory=FrozenMap, converter=freeze)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise DocumentError("a document needs a non-empty string id")
        if not isinstance(self.text, str):
            raise DocumentError(f"document {self.id!r}: text must be a string")
        bad = _SURROGATE.search(self.text)
        if bad:
            raise DocumentError(
                f"document {self.id!r}: text holds a lone surrogate at offset {bad.start()}, "
                "which no UTF-8 file can carry"
            )
        names: set[str] = set()
        for layer in self.layers:
            if layer.name in names:
                raise DocumentError(f"document {self.id!r}: layer {layer.name!r} appears twice")
            names.add(layer.name)
            for span in layer.spans:
                self._check_span(layer, span)

    def _check_span(self, layer: Layer, span: Span) -> None:
        if not 0 <= span.start < span.end <= len(self.text):
            raise OffsetError(
                f"document {self.id!r}, layer {layer.name!r}: span {span.id!r} "
                f"[{span.start}, {span.end}) does not fit a text of {len(self.text)} "
                f"characters (needs 0 <= start < end <= {len(self.text)}); "
                f"near {context(self.text, span.start, span.end)}"
            )

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the text."""
        return sha256(self.text)

    def span_text(self, span: Span) -> str:
        """The exact text a span covers."""
        return self.text[span.start : span.end]

    def layer(self, name: str) -> Layer:
        """The layer called ``name``; DocumentError listing the layers if none."""
        for layer in self.layers:
            if layer.name == name:
                return layer
        known = ", ".join(layer.name for layer in self.layers) or "(none)"
        raise DocumentError(f"document {self.id!r} has no layer {name!r}. Layers: {known}")

    def with_layer(self, layer: Layer) -> Document:
        """A copy with ``layer`` added, or replacing the layer of the same name."""
        kept = [existing for existing in self.layers if existing.name != layer.name]
        # The text and the kept layers were checked when this document was built:
        # only the new layer's spans need checking against the text.
        for span in layer.spans:
            if not 0 <= span.start < span.end <= len(self.text):
                self._check_span(layer, span)
        copy = _new(Document)
        _set(copy, "id", self.id)
        _set(copy, "text", self.text)
        _set(copy, "layers", (*kept, layer))
        _set(copy, "meta", self.meta)
        return copy

    def default_layer(self) -> Layer | None:
        """The newest gold layer, else the newest layer; None if there are none."""
        return default_layer(self.layers)


def default_layer(layers: Iterable[Layer]) -> Layer | None:
    """The newest gold layer, else the newest layer (ties: the last listed)."""
    ordered = list(layers)
    for pool in ([layer for layer in ordered if layer.kind == "gold"], ordered):
        if pool:
            best = pool[0]
            for layer in pool[1:]:
                if layer.time >= best.time:
                    best = layer
            return best
    return None


def check_surface(document: Document, span: Span, surface: str, where: str) -> None:
    """OffsetError unless the document's text at the span equals ``surface``."""
    found = document.span_text(span)
    if found != surface:
        raise OffsetError(
            f"{where}: span [{span.start}, {span.end}) of document {document.id!r} covers "
            f"{found!r} but its text is {surface!r}; "
            f"near {context(document.text, span.start, span.end)}"
        )
