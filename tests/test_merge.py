"""Merging documents that share an id keeps every layer side by side."""

from __future__ import annotations

import pytest

from annotkit import Author, Document, DocumentError, Layer, Span
from annotkit.documents.merge import merge, merge_all


def layer(name: str, start: int) -> Layer:
    spans = [Span(start, start + 2, "ACTOR")]
    return Layer(name, "annotation", Author("annotator", name), spans=spans)


class TestMerge:
    def test_layers_side_by_side_and_meta_combined(self) -> None:
        a = Document("d", "abcdef", layers=[layer("x", 0)], meta={"title": "T", "k": 1})
        b = Document("d", "abcdef", layers=[layer("y", 2)], meta={"k": 2})
        merged = merge(a, b)
        assert [lay.name for lay in merged.layers] == ["x", "y"]
        assert dict(merged.meta) == {"title": "T", "k": 2}

    def test_same_layer_name_is_replaced(self) -> None:
        a = Document("d", "abcdef", layers=[layer("x", 0)])
        b = Document("d", "abcdef", layers=[layer("x", 3)])
        assert merge(a, b).layers == b.layers

    def test_different_texts_are_refused(self) -> None:
        with pytest.raises(DocumentError) as caught:
            merge(Document("d", "abcdef"), Document("d", "abXdef"))
        assert str(caught.value) == (
            "document 'd' has two different texts (first difference at offset 2); only "
            "documents with the same text can be merged")

    def test_merge_all_keeps_first_seen_order(self) -> None:
        docs = [Document("b", "12"), Document("a", "2"),
                Document("b", "12", layers=[layer("x", 0)])]
        merged = merge_all(docs)
        assert [d.id for d in merged] == ["b", "a"]
        assert [lay.name for lay in merged[0].layers] == ["x"]
