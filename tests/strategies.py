"""Hypothesis strategies for annotkit values: texts, spans, layers, documents.

``documents()`` draws documents that stress every format: texts from all of
Unicode (no surrogates) with CRLF, lone CR, tabs and control characters;
several layers; spans that nest, touch, cross, overlap or share their extent
(their boundaries come from a few cut points, so such cases are common);
relations; attributes of every JSON type; odd ids, sources and scores.
"""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from annotkit import Author, Document, Layer, Relation, Span
from annotkit.documents.model import AUTHOR_KINDS, LAYER_KINDS

# Characters XML 1.0 cannot carry; TEI export encodes them in the text only.
XML_ILLEGAL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
SPECIAL = ["\r\n", "\n", "\r", "\t", "\n\n", " ", "\x00", "\x0c", "\x85", "\u2028", "🚀",
           "\ufeff", "\u200b", "é", "e\u0301", "\ufffd", "\ufffe", "$24 million", "1,000.5",
           "6.7%", "12,34"]
LABELS = ["SYSTEM", "ACTOR", "SANCTION", "QUANTITY"]
ATTR_NAMES = ["canonical", "category", "kind", "issuer", "value", "unit", "of", "qualifier",
              "type", "ref", "n", "x.y", "_z"]
TIMES = ["2026-01-01T10:00:00+00:00", "2026-03-05T08:15:30Z", "2025-12-31", None]


def _characters(xml_safe: bool) -> st.SearchStrategy[str]:
    excluded = XML_ILLEGAL if xml_safe else ""
    return st.characters(blacklist_categories=("Cs",), blacklist_characters=excluded)


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text: all of Unicode but lone surrogates, rich in line breaks and controls."""
    piece = st.one_of(st.text(_characters(False), max_size=6), st.sampled_from(SPECIAL))
    return st.lists(piece, max_size=max_size // 4).map("".join)


def strings(xml_safe: bool = False, min_size: int = 0, max_size: int = 12
            ) -> st.SearchStrategy[str]:
    """Short strings for ids, labels, attribute values; ``xml_safe`` leaves out
    the characters XML 1.0 cannot carry."""
    plain = st.text(string.ascii_letters + string.digits + "-_.: ", min_size=min_size,
                    max_size=max_size)
    wide = st.text(_characters(xml_safe), min_size=min_size, max_size=max_size)
    return st.one_of(plain, wide)


def attr_values(xml_safe: bool = False) -> st.SearchStrategy[Any]:
    return st.one_of(
        strings(xml_safe),
        st.sampled_from(["rostec", "t-90m", "air-defense", "24000000", "6.7", "10-15",
                         "new jobs", "USD", "https://example.org/id/1", "#x", " lead"]),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
    )


def json_values(xml_safe: bool = False) -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6),
                        st.floats(allow_nan=False, allow_infinity=False), strings(xml_safe))
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=3),
                                st.dictionaries(strings(xml_safe), inner, max_size=3)),
        max_leaves=6,
    )


@st.composite
def layers(draw: st.DrawFn, text: str, name: str, xml_safe: bool = False,
           max_spans: int = 8) -> Layer:
    """A layer of spans over ``text`` (none if the text is empty) and relations."""
    spans: dict[str, Span] = {}
    if text:
        cuts = sorted(draw(st.sets(st.integers(0, len(text)), min_size=2, max_size=6)))
        for _ in range(draw(st.integers(0, max_spans))):
            start, end = sorted(draw(st.lists(st.sampled_from(cuts), min_size=2, max_size=2,
                                              unique=True)))
            label = draw(st.one_of(st.sampled_from(LABELS), strings(xml_safe, min_size=1)
                                   .map(str.strip).filter(bool)))
            span = Span(
                start, end, label,
                id=draw(st.one_of(st.just(""), strings(xml_safe, min_size=1))),
                attrs=draw(st.dictionaries(st.sampled_from(ATTR_NAMES), attr_values(xml_safe),
                                           max_size=3)),
                score=draw(st.one_of(st.none(), st.floats(0, 1), st.sampled_from([0, 1, 1.5,
                                                                                   -0.0]))),
                source=draw(st.one_of(st.none(), strings(xml_safe))),
            )
            spans.setdefault(span.id, span)
    relations: dict[str, Relation] = {}
    ids = sorted(spans)
    if ids:
        for _ in range(draw(st.integers(0, 3))):
            relation = Relation(
                draw(st.one_of(st.sampled_from(["produces", "supplies", "targets"]),
                               strings(xml_safe, min_size=1))),
                draw(st.sampled_from(ids)), draw(st.sampled_from(ids)),
                id=draw(st.one_of(st.just(""), strings(xml_safe, min_size=1))),
            )
            relations.setdefault(relation.id, relation)
    author = Author(draw(st.sampled_from(AUTHOR_KINDS)),  # type: ignore[arg-type]
                    draw(strings(xml_safe, min_size=1)), draw(strings(xml_safe)))
    return Layer(
        name=name,
        kind=draw(st.sampled_from(LAYER_KINDS)),  # type: ignore[arg-type]
        author=author,
        spans=spans.values(),
        relations=relations.values(),
        created_at=draw(st.sampled_from(TIMES)),
        updated_at=draw(st.sampled_from(TIMES)),
        meta=draw(st.dictionaries(strings(xml_safe), json_values(xml_safe), max_size=2)),
    )


@st.composite
def documents(draw: st.DrawFn, xml_safe: bool = False, max_layers: int = 3) -> Document:
    """A document with any text and up to ``max_layers`` layers.

    With ``xml_safe`` every string but the text avoids the characters XML 1.0
    cannot carry (TEI export refuses them outside the text).
    """
    text = draw(texts())
    names = draw(st.lists(st.one_of(st.sampled_from(["gold", "rules", "ann 1", "1st"]),
                                    strings(xml_safe, min_size=1)),
                          max_size=max_layers, unique=True))
    built = [draw(layers(text, name, xml_safe)) for name in names]
    meta = draw(st.dictionaries(strings(xml_safe), json_values(xml_safe), max_size=3))
    if draw(st.booleans()):
        meta["title"] = draw(strings(xml_safe))
    return Document(draw(strings(xml_safe, min_size=1)), text, layers=built, meta=meta)
