"""annotkit: structured annotation of defense-industry texts.

Schema → documents and spans → pre-annotation → Label Studio → gold → export.
Label Studio (``annotkit.studio``) and TEI (``annotkit.export.tei``) are
imported on demand: they bring the SDK and lxml.
"""

from annotkit.documents.merge import merge, merge_all
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
from annotkit.gold.evaluate import evaluate
from annotkit.preannotate.pipeline import (
    Annotator,
    Pipeline,
    build_pipeline,
    default_pipeline,
    preannotate,
)
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
    "Annotator",
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
    "Pipeline",
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
    "build_pipeline",
    "default_pipeline",
    "default_schema",
    "dump_schema",
    "evaluate",
    "flat",
    "load_schema",
    "merge",
    "merge_all",
    "native",
    "preannotate",
    "problems",
    "read",
    "read_all",
    "read_text",
    "validate",
]
