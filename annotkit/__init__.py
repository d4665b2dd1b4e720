"""annotkit: structured annotation of defense-industry texts.

Schema → documents and spans → pre-annotation → Label Studio → gold → export.
"""

from annotkit.documents.model import Author, Document, Layer, Relation, Span
from annotkit.documents.read import read, read_all, read_text
from annotkit.documents.validate import Problem, problems, validate
from annotkit.errors import (
    AnnotkitError,
    DecodeError,
    DocumentError,
    ExportError,
    InputError,
    LexiconError,
    OffsetError,
    SchemaError,
    StudioAuthError,
    StudioError,
    ValidationError,
)
from annotkit.export import flat, native
from annotkit.schema import (
    Attribute,
    RelationType,
    Schema,
    SpanType,
    default_schema,
    dump_schema,
    load_schema,
)

__version__ = "0.1.0"

__all__ = [
    "AnnotkitError",
    "Attribute",
    "Author",
    "DecodeError",
    "Document",
    "DocumentError",
    "ExportError",
    "InputError",
    "Layer",
    "LexiconError",
    "OffsetError",
    "Problem",
    "Relation",
    "RelationType",
    "Schema",
    "SchemaError",
    "Span",
    "SpanType",
    "StudioAuthError",
    "StudioError",
    "ValidationError",
    "default_schema",
    "dump_schema",
    "flat",
    "load_schema",
    "native",
    "problems",
    "read",
    "read_all",
    "read_text",
    "validate",
]
