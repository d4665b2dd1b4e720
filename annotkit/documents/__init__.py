"""Documents and their layers of spans and relations, and reading raw texts."""

from annotkit.documents.model import (
    Author,
    Document,
    Layer,
    Relation,
    Span,
    default_layer,
    sha256,
)

__all__ = ["Author", "Document", "Layer", "Relation", "Span", "default_layer", "sha256"]
