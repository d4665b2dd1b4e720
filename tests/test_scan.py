"""The compiled scanner against its pure-Python reference: same matches, same order."""

from __future__ import annotations

import os
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotkit import read_all
from annotkit.preannotate import matcher
from annotkit.preannotate.matcher import PythonEngine, Triggers, fold
from annotkit.preannotate.pipeline import build_pipeline
from annotkit.schema import schemas_dir

try:
    from annotkit.preannotate import _scan
except ImportError:  # pragma: no cover - the Makefile's install requires the compiled module
    _scan = None  # type: ignore[assignment]

ROOT = schemas_dir().parent if (schemas_dir().parent / "seeds").is_dir() else None
needs_c = pytest.mark.skipif(
    _scan is None and os.environ.get("ANNOTKIT_PURE_PYTHON") == "1",
    reason="ANNOTKIT_PURE_PYTHON=1: the compiled scanner is not used",
)


def test_compiled_scanner_is_built():
    # `make install` compiles it (ANNOTKIT_REQUIRE_EXT=1); its absence is a build bug.
    if os.environ.get("ANNOTKIT_PURE_PYTHON") == "1":
        pytest.skip("pure-Python engine requested")
    assert _scan is not None
    assert matcher.ENGINE == "c"


# Characters that exercise every boundary rule: letters of both cases, digits,
# dots, hyphens, apostrophes, spaces, non-ASCII letters and İ, whose lower case
# is two characters long, and the Kelvin sign, whose lower case is ASCII "k"
# (the scanner's leading-word filter must not be fooled by it).
ALPHABET = "aAbBkK1._-' é\u0130\u212aß\n\U0001F600\u0301"
aliases = st.lists(
    st.tuples(st.text(ALPHABET, min_size=1, max_size=4), st.booleans(),
              st.integers(0, 2)),
    min_size=1, max_size=12,
)


def _scan_both(words: list[tuple[str, bool, int]], text: str):
    results = []
    for engine in (PythonEngine, _scan.Scanner):
        triggers = Triggers(engine)
        for number, (alias, fold_case, channel) in enumerate(words):
            triggers.add(f"c{channel}", alias, number, fold_case=fold_case)
        results.append([triggers.hits(text, f"c{c}") for c in range(3)])
    return results


@needs_c
@settings(max_examples=400, deadline=None)
@given(aliases, st.data())
def test_compiled_scanner_equals_reference(words, data):
    pieces = st.sampled_from([w for w, _, _ in words] + [" ", ".", "-", "a", "A", "1", "'s"])
    text = "".join(data.draw(st.lists(pieces, max_size=30)))
    reference, compiled = _scan_both(words, text)
    assert compiled == reference


@needs_c
def test_compiled_scanner_on_field_text():
    words = [("US", False, 0), ("U.S.", False, 0), ("u.s.", True, 1), ("Russia", False, 0),
             ("one", True, 2), ("twenty-one", True, 2), ("Su-57", False, 0), ("Su", False, 1)]
    text = ("The US and U.S. sanctions; Russia's Su-57s, Su-57 and SU-57. US-made "
            "gear, rusi.org, Russia.Post, twenty-one tanks, someone, one. u.s. U.S.A.")
    reference, compiled = _scan_both(words, text)
    assert compiled == reference
    assert [(s, e) for s, e, _ in compiled[0][:3]] == [(4, 6), (11, 15), (27, 33)]


@needs_c
@settings(max_examples=300, deadline=None)
@given(st.text("0123456789,.a -\u0663\U0001F600"))
def test_digit_runs_equal_reference(text):
    assert _scan.digit_runs(text) == matcher._digit_runs(text)


def test_triggers_pickle_and_rebuild():
    triggers = Triggers()
    triggers.add("a", "Shahed", "system")
    triggers.add("b", "shahed", "folded", fold_case=True)
    text = "SHAHED drones and Shahed-136s"
    before = triggers.scan(text)
    copy = pickle.loads(pickle.dumps(triggers))
    assert copy.scan(text) == before
    assert copy.hits(text, "b") == [(0, 6, "folded"), (18, 24, "folded")]
    assert copy.hits(text, "unknown") == []


def test_scanner_rejects_bad_input():
    engine = (_scan.Scanner if _scan is not None else PythonEngine)(1)
    with pytest.raises(ValueError, match="empty pattern"):
        engine.add("", False, 0, None)
    if _scan is not None:
        with pytest.raises(ValueError, match="channel 3 out of range"):
            engine.add("x", False, 3, None)
        with pytest.raises(ValueError, match="differs in length"):
            engine.scan("abc", "ab")


def test_fold_keeps_length():
    assert len(fold("İSTANBUL Σ")) == len("İSTANBUL Σ")


@needs_c
def test_pipeline_same_output_with_either_engine(monkeypatch):
    seeds = list(read_all([schemas_dir().parent / "seeds"])) if ROOT else []
    if not seeds:
        pytest.skip("seeds not beside the schemas (installed package)")
    compiled = build_pipeline()
    expected = [compiled.spans(document) for document in seeds]  # engines built now
    monkeypatch.setattr(matcher, "_engine_class", lambda: PythonEngine)
    reference = build_pipeline()
    assert [reference.spans(document) for document in seeds] == expected
    assert isinstance(reference.annotators[0]._triggers._engine, PythonEngine)
    assert isinstance(compiled.annotators[0]._triggers._engine, _scan.Scanner)
