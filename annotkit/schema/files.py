"""Reading and writing schema files (TOML or JSON), reporting every problem."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import tomli_w

from annotkit.errors import SchemaError
from annotkit.schema.model import Attribute, RelationType, Schema, SpanType, cross_check

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

T = TypeVar("T")

_SCHEMA_KEYS = {"name", "version", "description", "span_types", "relation_types"}
_SPAN_KEYS = {"name", "attributes", "color", "hotkey", "description"}
_ATTR_KEYS = {"name", "type", "choices", "required", "description"}
_RELATION_KEYS = {"name", "heads", "tails", "description"}


def schemas_dir() -> Path:
    """The folder of the bundled schemas and lexicons: the checkout's own
    ``schemas/`` when running from source, else the copy inside the wheel."""
    source = Path(__file__).resolve().parents[2] / "schemas"
    if (source / "defense.toml").is_file():
        return source
    return Path(str(resources.files("annotkit") / "_schemas"))


def default_schema() -> Schema:
    """The default ``defense`` schema, from ``schemas/defense.toml``."""
    return load_schema(schemas_dir() / "defense.toml")


def load_schema(path: str | Path) -> Schema:
    """Read a ``.toml`` or ``.json`` schema file; SchemaError lists every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SchemaError(f"{path}: cannot read schema file: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except UnicodeDecodeError as error:
        raise SchemaError(f"{path}: not valid UTF-8 at byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise SchemaError(f"{path}:{error.lineno}: invalid JSON: {error.msg}") from None
    except tomllib.TOMLDecodeError as error:
        raise SchemaError(f"{path}: invalid TOML: {error}") from None
    return schema_from_dict(data, source=str(path))


def schema_from_dict(data: Any, source: str = "<schema>") -> Schema:
    """Build a schema from parsed TOML/JSON; SchemaError lists every problem."""
    problems: list[str] = []

    def attempt(where: str, build: Callable[[], T]) -> T | None:
        try:
            return build()
        except SchemaError as error:
            problems.extend(f"{where}: {p}" for p in error.problems)
        except (TypeError, ValueError) as error:
            problems.append(f"{where}: {error}")
        return None

    def keys(where: str, item: Any, allowed: set[str], required: set[str]) -> bool:
        if not isinstance(item, Mapping):
            problems.append(f"{where}: expected a table, found {type(item).__name__}")
            return False
        for key in sorted(set(item) - allowed):
            problems.append(f"{where}: unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")
        for key in sorted(required - set(item)):
            problems.append(f"{where}: missing key {key!r}")
        return set(item) <= allowed and required <= set(item)

    def listed(where: str, value: Any) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            problems.append(f"{where}: expected a list, found {type(value).__name__}")
            return []
        return value

    span_types: list[SpanType] = []
    relation_types: list[RelationType] = []
    if keys("schema", data, _SCHEMA_KEYS, {"name"}):
        for i, item in enumerate(listed("span_types", data.get("span_types"))):
            where = f"span_types[{i}]"
            if not keys(where, item, _SPAN_KEYS, {"name"}):
                continue
            where = f"span_types[{i}] ({item['name']})"
            attributes: list[Attribute] = []
            for j, attr in enumerate(listed(f"{where}.attributes", item.get("attributes"))):
                at = f"{where}.attributes[{j}]"
                if keys(at, attr, _ATTR_KEYS, {"name"}):
                    built = attempt(at, functools.partial(Attribute, **attr))
                    if built is not None:
                        attributes.append(built)
            fields = {k: v for k, v in item.items() if k != "attributes"}
            span_type = attempt(
                where, functools.partial(SpanType, **fields, attributes=tuple(attributes))
            )
            if span_type is not None:
                span_types.append(span_type)
        for i, item in enumerate(listed("relation_types", data.get("relation_types"))):
            where = f"relation_types[{i}]"
            if keys(where, item, _RELATION_KEYS, {"name", "heads", "tails"}):
                relation = attempt(where, functools.partial(RelationType, **item))
                if relation is not None:
                    relation_types.append(relation)
    fields = {k: data[k] for k in ("name", "version", "description") if k in data}
    if isinstance(data, Mapping):
        problems += cross_check(
            fields.get("name", ""), fields.get("version", "1"), span_types, relation_types
        )
    if problems:
        raise SchemaError(_summary(source, problems), [f"{source}: {p}" for p in problems])
    return Schema(**fields, span_types=span_types, relation_types=relation_types)


def _summary(source: str, problems: list[str]) -> str:
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return f"{source}: {count} in schema:\n" + "\n".join(f"  {p}" for p in problems)


def schema_to_dict(schema: Schema) -> dict[str, Any]:
    """The file form of a schema: only non-default fields, in a stable order."""
    out: dict[str, Any] = {"name": schema.name, "version": schema.version}
    if schema.description:
        out["description"] = schema.description
    out["span_types"] = []
    for span_type in schema.span_types:
        item: dict[str, Any] = {"name": span_type.name}
        for key in ("color", "hotkey", "description"):
            if getattr(span_type, key):
                item[key] = getattr(span_type, key)
        attributes = []
        for attribute in span_type.attributes:
            attr: dict[str, Any] = {"name": attribute.name, "type": attribute.type}
            if attribute.choices:
                attr["choices"] = list(attribute.choices)
            if attribute.required:
                attr["required"] = True
            if attribute.description:
                attr["description"] = attribute.description
            attributes.append(attr)
        if attributes:
            item["attributes"] = attributes
        out["span_types"].append(item)
    relations = []
    for relation in schema.relation_types:
        rel: dict[str, Any] = {
            "name": relation.name,
            "heads": list(relation.heads),
            "tails": list(relation.tails),
        }
        if relation.description:
            rel["description"] = relation.description
        relations.append(rel)
    if relations:
        out["relation_types"] = relations
    return out


def dumps_schema(schema: Schema, format: str = "toml") -> str:
    """The schema as TOML or JSON text."""
    data = schema_to_dict(schema)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "toml":
        return str(tomli_w.dumps(data))
    raise ValueError(f"unknown schema format {format!r}; known: json, toml")


def dump_schema(schema: Schema, path: str | Path) -> None:
    """Write a schema file; the format follows the suffix (.json or .toml)."""
    from annotkit.export.atomic import atomic_write_text

    path = Path(path)
    atomic_write_text(path, dumps_schema(schema, "json" if path.suffix == ".json" else "toml"))
