"""Combining documents that share an id: their layers side by side."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from annotkit.documents.model import Document
from annotkit.errors import DocumentError


def merge(first: Document, second: Document) -> Document:
    """``first`` with ``second``'s layers and metadata added.

    The texts must be equal. A layer of ``second`` replaces the layer of the
    same name in ``first``; metadata keys of ``second`` win.
    """
    if first.id != second.id:
        raise DocumentError(f"cannot merge document {first.id!r} with {second.id!r}")
    if first.text != second.text:
        pairs = zip(first.text, second.text, strict=False)
        at = next((i for i, (a, b) in enumerate(pairs) if a != b),
                  min(len(first.text), len(second.text)))
        raise DocumentError(
            f"document {first.id!r} has two different texts (first difference at offset "
            f"{at}); only documents with the same text can be merged"
        )
    merged = first
    for layer in second.layers:
        merged = merged.with_layer(layer)
    return attrs.evolve(merged, meta={**first.meta, **second.meta})


def merge_all(documents: Iterable[Document]) -> list[Document]:
    """Documents with equal ids merged in reading order; first-seen order is kept."""
    by_id: dict[str, Document] = {}
    for document in documents:
        known = by_id.get(document.id)
        by_id[document.id] = document if known is None else merge(known, document)
    return list(by_id.values())
