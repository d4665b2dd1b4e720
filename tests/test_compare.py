"""Span matching, precision/recall/F1 and attribute accuracy, figures worked out by hand."""

from __future__ import annotations

import random

import pytest

from annotkit import Span
from annotkit.gold.compare import (
    AttributeCounts,
    Comparison,
    Counts,
    attribute_accuracy,
    compare,
    count_matches,
    match_spans,
    same_value,
)

# Gold and predictions over "Rostec builds T-90M tanks in Russia; ..." (offsets only).
GOLD = [
    Span(0, 6, "ACTOR", id="g-rostec"),
    Span(14, 19, "SYSTEM", id="g-t90"),
    Span(29, 35, "ACTOR", id="g-russia"),
]
PRED = [
    Span(0, 6, "ACTOR", id="p-rostec"),  # exact hit
    Span(14, 25, "SYSTEM", id="p-t90-tanks"),  # overlaps g-t90 only
    Span(29, 35, "SYSTEM", id="p-russia"),  # right place, wrong label
    Span(40, 45, "ACTOR", id="p-spurious"),  # nothing there
]


def ids(pairs: tuple[tuple[Span, Span], ...]) -> list[tuple[str, str]]:
    return [(g.id, p.id) for g, p in pairs]


class TestCounts:
    def test_ratios(self) -> None:
        counts = Counts(tp=1, fp=3, fn=2)
        assert (counts.gold, counts.pred) == (3, 4)
        assert counts.precision == 1 / 4
        assert counts.recall == 1 / 3
        assert counts.f1 == 2 / 7  # 2*1 / (3 + 4)

    def test_undefined_ratios_are_none(self) -> None:
        assert Counts().to_dict() == {"gold": 0, "pred": 0, "tp": 0, "fp": 0, "fn": 0,
                                      "precision": None, "recall": None, "f1": None}
        no_predictions = Counts(fn=2)
        assert (no_predictions.precision, no_predictions.recall, no_predictions.f1) == (
            None, 0.0, 0.0)
        no_gold = Counts(fp=2)
        assert (no_gold.precision, no_gold.recall, no_gold.f1) == (0.0, None, 0.0)

    def test_counts_add_up(self) -> None:
        assert Counts(1, 2, 3) + Counts(4, 5, 6) == Counts(5, 7, 9)
        assert AttributeCounts(2, 1) + AttributeCounts(3, 3) == AttributeCounts(5, 4)
        assert AttributeCounts(5, 4).accuracy == 0.8
        assert AttributeCounts().accuracy is None


class TestMatching:
    def test_exact_needs_same_start_end_and_label(self) -> None:
        assert ids(match_spans(GOLD, PRED, "exact")) == [("g-rostec", "p-rostec")]

    def test_overlap_needs_same_label_and_a_shared_character(self) -> None:
        assert ids(match_spans(GOLD, PRED, "overlap")) == [
            ("g-rostec", "p-rostec"), ("g-t90", "p-t90-tanks")]

    def test_touching_spans_do_not_overlap(self) -> None:
        assert match_spans([Span(0, 5, "A")], [Span(5, 9, "A")], "overlap") == ()

    def test_each_span_is_matched_at_most_once(self) -> None:
        gold = [Span(0, 10, "ACTOR", id="g")]
        pred = [Span(0, 4, "ACTOR", id="p1"), Span(5, 10, "ACTOR", id="p2")]
        assert count_matches(gold, pred, "overlap")["ACTOR"] == Counts(tp=1, fp=1, fn=0)

    def test_overlap_matching_maximizes_the_pairs(self) -> None:
        # p1 overlaps both gold spans, p2 only g1: pairing g1-p1 first would
        # strand g2; the maximum is g1-p2 and g2-p1.
        gold = [Span(0, 5, "A", id="g1"), Span(4, 10, "A", id="g2")]
        pred = [Span(3, 6, "A", id="p1"), Span(0, 2, "A", id="p2")]
        assert ids(match_spans(gold, pred, "overlap")) == [("g1", "p2"), ("g2", "p1")]

    def test_overlap_prefers_the_exact_then_the_larger_overlap(self) -> None:
        gold = [Span(0, 5, "A", id="g")]
        assert ids(match_spans(gold, [Span(2, 8, "A", id="wide"), Span(0, 5, "A", id="same")],
                               "overlap")) == [("g", "same")]
        gold = [Span(0, 10, "A", id="g")]
        pred = [Span(0, 3, "A", id="small"), Span(0, 8, "A", id="large")]
        assert ids(match_spans(gold, pred, "overlap")) == [("g", "large")]

    def test_duplicates_are_matched_one_to_one(self) -> None:
        gold = [Span(0, 5, "A", id="g1"), Span(0, 5, "A", id="g2")]
        assert count_matches(gold, [Span(0, 5, "A", id="p")], "exact")["A"] == Counts(1, 0, 1)

    def test_matching_does_not_depend_on_input_order(self) -> None:
        gold = [Span(s, s + w, "A", id=f"g{s}-{w}") for s in range(0, 30, 3) for w in (2, 4)]
        pred = [Span(s, s + w, "A", id=f"p{s}-{w}") for s in range(1, 30, 4) for w in (1, 5)]
        expected = match_spans(gold, pred, "overlap")
        shuffler = random.Random(7)
        for _ in range(5):
            shuffler.shuffle(gold)
            shuffler.shuffle(pred)
            assert match_spans(gold, pred, "overlap") == expected

    def test_unknown_mode_is_refused(self) -> None:
        with pytest.raises(ValueError) as caught:
            match_spans(GOLD, PRED, "fuzzy")  # type: ignore[arg-type]
        assert str(caught.value) == "matching mode must be one of exact, overlap, found 'fuzzy'"


class TestCompare:
    def test_counts_per_label_and_micro(self) -> None:
        result = compare(GOLD, PRED)
        # exact: ACTOR gold 2, pred 2, tp 1 (Rostec); SYSTEM gold 1, pred 2, tp 0.
        assert result.exact == {"ACTOR": Counts(tp=1, fp=1, fn=1),
                                "SYSTEM": Counts(tp=0, fp=2, fn=1)}
        assert result.micro("exact") == Counts(tp=1, fp=3, fn=2)
        # P = 1/4, R = 1/3, F1 = 2*1/(3+4) = 2/7
        assert result.micro("exact").f1 == 2 / 7
        # overlap: T-90M tanks now pairs with T-90M.
        assert result.overlap == {"ACTOR": Counts(tp=1, fp=1, fn=1),
                                  "SYSTEM": Counts(tp=1, fp=1, fn=0)}
        micro = result.micro("overlap")
        assert (micro.precision, micro.recall, micro.f1) == (2 / 4, 2 / 3, 4 / 7)

    def test_comparisons_add_up_over_documents(self) -> None:
        both = compare(GOLD, PRED) + compare(GOLD[:1], [])
        assert both.exact["ACTOR"] == Counts(tp=1, fp=1, fn=2)
        assert both + Comparison() == both
        assert both.labels() == ("ACTOR", "SYSTEM")

    def test_identical_layers_score_one(self) -> None:
        result = compare(GOLD, GOLD)
        assert {c.f1 for mode in ("exact", "overlap")
                for c in result.counts(mode).values()} == {1.0}


class TestAttributes:
    def test_accuracy_counts_pairs_where_gold_has_the_attribute(self) -> None:
        gold = [Span(0, 6, "ACTOR", attrs={"canonical": "rostec", "kind": "company"}),
                Span(10, 15, "ACTOR", attrs={"canonical": "russia", "kind": "state"}),
                Span(20, 25, "SYSTEM", attrs={"category": "tank"})]
        pred = [Span(0, 6, "ACTOR", attrs={"canonical": "rostec", "kind": "state",
                                           "extra": "ignored"}),
                Span(10, 16, "ACTOR", attrs={"canonical": "russia"}),  # no kind
                Span(20, 25, "SYSTEM", attrs={"category": "tank"})]
        result = compare(gold, pred)
        # canonical: 2 pairs, both right; kind: 2 pairs, 0 right (wrong, missing).
        assert result.attributes == {
            "ACTOR": {"canonical": AttributeCounts(2, 2), "kind": AttributeCounts(2, 0)},
            "SYSTEM": {"category": AttributeCounts(1, 1)},
        }
        assert result.attribute_totals() == {"canonical": AttributeCounts(2, 2),
                                             "category": AttributeCounts(1, 1),
                                             "kind": AttributeCounts(2, 0)}

    def test_unmatched_spans_have_no_attribute_pairs(self) -> None:
        assert attribute_accuracy(match_spans([Span(0, 5, "A", attrs={"x": "1"})],
                                              [Span(6, 9, "A", attrs={"x": "1"})])) == {}

    def test_booleans_are_not_numbers(self) -> None:
        assert same_value(1, 1.0)
        assert not same_value(True, 1)
        assert same_value(False, False)
        assert not same_value("24", 24)
