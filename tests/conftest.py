"""Shared fixtures: paths of the repository and small documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotkit import Author, Document, Layer, Relation, Span

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def sample() -> Document:
    """A document with an emoji and CRLF before its spans, and two layers."""
    text = "🚀 Report\r\nRostec builds the T-90M; Russia pays $24 million.\tEnd"
    start = text.index("Rostec")
    t90 = text.index("T-90M")
    spans = [
        Span(start, start + 6, "ACTOR", id="a1", attrs={"canonical": "rostec", "kind": "company"}),
        Span(t90, t90 + 5, "SYSTEM", id="s1", attrs={"canonical": "t-90m", "category": "tank"}),
    ]
    gold = Layer(
        name="gold",
        kind="gold",
        author=Author("annotator", "ann@example.com"),
        spans=spans,
        relations=[Relation("produces", "a1", "s1", id="r1")],
        created_at="2026-01-01T10:00:00+00:00",
    )
    pred = Layer(
        name="rules",
        kind="prediction",
        author=Author("rules", "defense-rules", "abc123"),
        spans=[Span(start, start + 6, "ACTOR", score=0.9, source="lexicon:organizations")],
    )
    return Document("doc-1", text, layers=[pred, gold], meta={"title": "Sample"})
