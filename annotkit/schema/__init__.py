"""Annotation schemas: span types, typed attributes, relation types, files."""

from annotkit.schema.files import (
    default_schema,
    dump_schema,
    dumps_schema,
    load_schema,
    schema_from_dict,
    schema_to_dict,
    schemas_dir,
)
from annotkit.schema.model import Attribute, AttrValue, RelationType, Schema, SpanType

__all__ = [
    "AttrValue",
    "Attribute",
    "RelationType",
    "Schema",
    "SpanType",
    "default_schema",
    "dump_schema",
    "dumps_schema",
    "load_schema",
    "schema_from_dict",
    "schema_to_dict",
    "schemas_dir",
]
