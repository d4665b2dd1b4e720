"""Schema values: span types with typed attributes, and relation types."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal, Union

import attrs

from annotkit.errors import SchemaError

AttrValue = Union[str, int, float, bool]  # noqa: UP007 (a runtime alias on 3.10)
AttrType = Literal["string", "choice", "number", "boolean"]
ATTR_TYPES: tuple[str, ...] = ("string", "choice", "number", "boolean")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}\Z")


def _tuple(items: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(items or ())


def _attributes(items: Iterable[Attribute]) -> tuple[Attribute, ...]:
    return tuple(items)


def _span_types(items: Iterable[SpanType]) -> tuple[SpanType, ...]:
    return tuple(items)


def _relation_types(items: Iterable[RelationType]) -> tuple[RelationType, ...]:
    return tuple(items)


def _check_label(kind: str, name: str) -> None:
    if not isinstance(name, str) or not name or name != name.strip():
        raise SchemaError(f"{kind} name must be a non-empty string without outer spaces: {name!r}")


@attrs.frozen
class Attribute:
    """A typed attribute of a span type.

    ``type`` is one of string, choice (from ``choices``), number or boolean.
    """

    name: str
    type: AttrType = "string"
    choices: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    required: bool = False
    description: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise SchemaError(
                f"attribute name {self.name!r} is not an identifier "
                "(letters, digits, '_', '-', '.'; not starting with a digit)"
            )
        if self.type not in ATTR_TYPES:
            raise SchemaError(
                f"attribute {self.name!r} has unknown type {self.type!r}; "
                f"known: {', '.join(ATTR_TYPES)}"
            )
        if self.type == "choice":
            if not self.choices:
                raise SchemaError(f"choice attribute {self.name!r} lists no choices")
            if len(set(self.choices)) != len(self.choices):
                raise SchemaError(f"choice attribute {self.name!r} lists a choice twice")
            for choice in self.choices:
                if not isinstance(choice, str) or not choice.strip():
                    raise SchemaError(
                        f"choice attribute {self.name!r} has an empty or non-string choice"
                    )
        elif self.choices:
            raise SchemaError(f"attribute {self.name!r} of type {self.type!r} cannot list choices")

    def accepts(self, value: object) -> bool:
        """Whether ``value`` is a valid value of this attribute."""
        if self.type == "boolean":
            return isinstance(value, bool)
        if self.type == "number":
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if self.type == "choice":
            return isinstance(value, str) and value in self.choices
        return isinstance(value, str)

    def expected(self) -> str:
        """What ``accepts`` wants, for messages."""
        if self.type == "choice":
            return "one of " + ", ".join(self.choices)
        return {"string": "a string", "number": "a number", "boolean": "true or false"}[self.type]


@attrs.frozen
class SpanType:
    """A span label, its attributes and its display hints for Label Studio."""

    name: str
    attributes: tuple[Attribute, ...] = attrs.field(default=(), converter=_attributes)
    color: str | None = None
    hotkey: str | None = None
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _check_label("span type", self.name)
        names = [a.name for a in self.attributes]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise SchemaError(f"span type {self.name!r} defines attribute {dupes[0]!r} twice")
        if self.color is not None and not _COLOR.match(self.color):
            raise SchemaError(
                f"span type {self.name!r}: color must be '#rrggbb', found {self.color!r}"
            )
        if self.hotkey is not None and (len(self.hotkey) != 1 or not self.hotkey.isalnum()):
            raise SchemaError(
                f"span type {self.name!r}: hotkey must be one letter or digit, "
                f"found {self.hotkey!r}"
            )

    def attribute(self, name: str) -> Attribute:
        """The attribute called ``name``; SchemaError listing the known ones if none."""
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        known = ", ".join(a.name for a in self.attributes) or "(none)"
        raise SchemaError(
            f"{name!r} is not an attribute of span type {self.name!r}. Known: {known}"
        )


@attrs.frozen
class RelationType:
    """A directed relation allowed from ``heads`` span types to ``tails``."""

    name: str
    heads: tuple[str, ...] = attrs.field(converter=_tuple)
    tails: tuple[str, ...] = attrs.field(converter=_tuple)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _check_label("relation type", self.name)
        if not self.heads or not self.tails:
            raise SchemaError(f"relation type {self.name!r} needs at least one head and one tail")


@attrs.frozen
class Schema:
    """An annotation schema: the authority on labels, attributes and relations."""

    name: str
    version: str = "1"
    span_types: tuple[SpanType, ...] = attrs.field(default=(), converter=_span_types)
    relation_types: tuple[RelationType, ...] = attrs.field(default=(), converter=_relation_types)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        problems = cross_check(self.name, self.version, self.span_types, self.relation_types)
        if problems:
            raise SchemaError(problems[0] if len(problems) == 1 else
                              f"schema {self.name!r} has {len(problems)} problems: "
                              + "; ".join(problems), problems)

    @property
    def labels(self) -> tuple[str, ...]:
        """Span type names, sorted."""
        return tuple(sorted(t.name for t in self.span_types))

    def span_type(self, name: str) -> SpanType:
        """The span type called ``name``; SchemaError listing the known ones if none."""
        for span_type in self.span_types:
            if span_type.name == name:
                return span_type
        raise SchemaError(
            f"{name!r} is not a span type of schema {self.name!r}. Known: {', '.join(self.labels)}"
        )

    def relation_type(self, name: str) -> RelationType:
        """The relation type called ``name``; SchemaError listing the known ones if none."""
        for relation_type in self.relation_types:
            if relation_type.name == name:
                return relation_type
        known = ", ".join(sorted(r.name for r in self.relation_types)) or "(none)"
        raise SchemaError(
            f"{name!r} is not a relation type of schema {self.name!r}. Known: {known}"
        )


def cross_check(
    name: str,
    version: str,
    span_types: Sequence[SpanType],
    relation_types: Sequence[RelationType],
) -> list[str]:
    """Problems that involve more than one part of a schema."""
    problems: list[str] = []
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append(f"schema name {name!r} is not an identifier")
    if not isinstance(version, str) or not version:
        problems.append("schema version must be a non-empty string")
    labels = [t.name for t in span_types]
    for label in sorted({n for n in labels if labels.count(n) > 1}):
        problems.append(f"span type {label!r} is defined twice")
    hotkeys = [t.hotkey for t in span_types if t.hotkey]
    for key in sorted({k for k in hotkeys if hotkeys.count(k) > 1}):
        owners = [t.name for t in span_types if t.hotkey == key]
        problems.append(f"hotkey {key!r} is used by {' and '.join(owners)}")
    names = [r.name for r in relation_types]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"relation type {name!r} is defined twice")
    for relation in relation_types:
        for end, members in (("head", relation.heads), ("tail", relation.tails)):
            for member in members:
                if member not in labels:
                    problems.append(
                        f"relation type {relation.name!r} names unknown {end} span type "
                        f"{member!r}. Known: {', '.join(sorted(labels))}"
                    )
    return problems
