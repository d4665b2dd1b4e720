"""Span matching and precision, recall, F1 and attribute accuracy between two layers.

One matcher serves evaluation (gold against predictions) and agreement
(annotator against annotator). ``exact`` pairs spans with the same start, end
and label; ``overlap`` pairs spans with the same label that share at least one
character. Either way a span is matched at most once, and the matching has as
many pairs as possible; among such matchings the one sharing the most
characters, then leaving the fewest characters unshared, wins; what ties
remain are broken by a fixed order of the spans, so results never vary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import attrs

from annotkit._frozen import FrozenMap
from annotkit.documents.model import Span
from annotkit.schema.model import AttrValue

Mode = Literal["exact", "overlap"]
MODES: tuple[Mode, ...] = ("exact", "overlap")


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@attrs.frozen
class Counts:
    """True positives, false positives and false negatives of one label or all.

    A ratio with nothing to divide by is None: precision without predictions,
    recall without gold, F1 with neither.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def gold(self) -> int:
        """Spans in the reference layer."""
        return self.tp + self.fn

    @property
    def pred(self) -> int:
        """Spans in the compared layer."""
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        """``tp / pred``."""
        return _ratio(self.tp, self.pred)

    @property
    def recall(self) -> float | None:
        """``tp / gold``."""
        return _ratio(self.tp, self.gold)

    @property
    def f1(self) -> float | None:
        """``2 tp / (gold + pred)``, the harmonic mean of precision and recall."""
        return _ratio(2 * self.tp, self.gold + self.pred)

    def to_dict(self) -> dict[str, int | float | None]:
        """Counts and ratios under stable keys."""
        return {"gold": self.gold, "pred": self.pred, "tp": self.tp, "fp": self.fp,
                "fn": self.fn, "precision": self.precision, "recall": self.recall,
                "f1": self.f1}


@attrs.frozen
class AttributeCounts:
    """Matched pairs whose gold span has an attribute, and how many agree on its value."""

    pairs: int = 0
    correct: int = 0

    def __add__(self, other: AttributeCounts) -> AttributeCounts:
        return AttributeCounts(self.pairs + other.pairs, self.correct + other.correct)

    @property
    def accuracy(self) -> float | None:
        """``correct / pairs``; None without pairs."""
        return _ratio(self.correct, self.pairs)

    def to_dict(self) -> dict[str, int | float | None]:
        """Counts and accuracy under stable keys."""
        return {"pairs": self.pairs, "correct": self.correct, "accuracy": self.accuracy}


def _merge(left: Mapping[str, Counts], right: Mapping[str, Counts]) -> FrozenMap[Counts]:
    return FrozenMap({label: left.get(label, Counts()) + right.get(label, Counts())
                      for label in {*left, *right}})


def _merge_attributes(
    left: Mapping[str, Mapping[str, AttributeCounts]],
    right: Mapping[str, Mapping[str, AttributeCounts]],
) -> FrozenMap[FrozenMap[AttributeCounts]]:
    merged: dict[str, FrozenMap[AttributeCounts]] = {}
    for label in {*left, *right}:
        a, b = left.get(label, {}), right.get(label, {})
        merged[label] = FrozenMap({name: a.get(name, AttributeCounts())
                                   + b.get(name, AttributeCounts()) for name in {*a, *b}})
    return FrozenMap(merged)


@attrs.frozen
class Comparison:
    """Per-label counts for exact and overlap matching, and attribute accuracy per
    label and attribute on the overlap-matched pairs. Comparisons add up, so a
    corpus is the sum of its documents.
    """

    exact: FrozenMap[Counts] = attrs.field(factory=FrozenMap)
    overlap: FrozenMap[Counts] = attrs.field(factory=FrozenMap)
    attributes: FrozenMap[FrozenMap[AttributeCounts]] = attrs.field(factory=FrozenMap)

    def __add__(self, other: Comparison) -> Comparison:
        return Comparison(_merge(self.exact, other.exact), _merge(self.overlap, other.overlap),
                          _merge_attributes(self.attributes, other.attributes))

    def counts(self, mode: Mode) -> FrozenMap[Counts]:
        """Per-label counts of one matching mode."""
        return self.exact if mode == "exact" else self.overlap

    def micro(self, mode: Mode) -> Counts:
        """The counts of every label together."""
        return sum(self.counts(mode).values(), Counts())

    def attribute_totals(self) -> FrozenMap[AttributeCounts]:
        """Attribute counts over every label."""
        totals: dict[str, AttributeCounts] = {}
        for per_label in self.attributes.values():
            for name, counts in per_label.items():
                totals[name] = totals.get(name, AttributeCounts()) + counts
        return FrozenMap(totals)

    def labels(self) -> tuple[str, ...]:
        """Every label either side has, sorted."""
        return tuple(sorted({*self.exact, *self.overlap}))


def _order(span: Span) -> tuple[int, int, str, str]:
    return (span.start, span.end, span.label, span.id)


def _shared(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _groups(gold: Sequence[Span], pred: Sequence[Span],
            mode: Mode) -> list[tuple[list[int], list[int]]]:
    """Index groups outside which no two spans can be paired."""
    tagged = sorted([(s.label, s.start, s.end, 0, i) for i, s in enumerate(gold)]
                    + [(s.label, s.start, s.end, 1, i) for i, s in enumerate(pred)])
    groups: list[tuple[list[int], list[int]]] = []
    key: tuple[str, int, int] | None = None
    reach = -1
    for label, start, end, side, index in tagged:
        if mode == "exact":
            fresh = key != (label, start, end)
        else:
            fresh = key is None or key[0] != label or start >= reach
        if fresh:
            groups.append(([], []))
            key, reach = (label, start, end), end
        reach = max(reach, end)
        groups[-1][side].append(index)
    return [(sorted(g), sorted(p)) for g, p in groups if g and p]


def _assign(gold: Sequence[Span], pred: Sequence[Span], rows: list[int], cols: list[int],
            mode: Mode) -> list[tuple[int, int]]:
    """Most pairs at the least cost within one group (successive shortest paths)."""
    if mode == "exact":
        return list(zip(rows, cols, strict=False))
    if len(rows) == 1 and len(cols) == 1:
        return [(rows[0], cols[0])] if gold[rows[0]].overlaps(pred[cols[0]]) else []
    def size(span: Span) -> int:
        return span.end - span.start

    # One shared character must outweigh any number of unshared ones.
    weight = 1 + sum(size(gold[r]) for r in rows) + sum(size(pred[c]) for c in cols)
    edges: list[list[tuple[int, int]]] = []
    for r in rows:
        out = []
        for k, c in enumerate(cols):
            shared = _shared(gold[r], pred[c])
            if shared:
                unshared = size(gold[r]) + size(pred[c]) - 2 * shared
                out.append((k, unshared - weight * shared))
        edges.append(out)
    partner_of_row: list[int | None] = [None] * len(rows)
    partner_of_col: list[int | None] = [None] * len(cols)
    cost = {(i, k): c for i, out in enumerate(edges) for k, c in out}
    while True:
        # Bellman-Ford from every free row over the residual graph: unmatched
        # edges row -> col, matched edges col -> row at the negated cost.
        inf = float("inf")
        row_dist = [0.0 if partner_of_row[i] is None else inf for i in range(len(rows))]
        col_dist = [inf] * len(cols)
        col_from: list[int | None] = [None] * len(cols)
        for _ in range(len(rows) + len(cols) + 1):
            changed = False
            for i, out in enumerate(edges):
                if row_dist[i] == inf:
                    continue
                for k, c in out:
                    if partner_of_row[i] != k and row_dist[i] + c < col_dist[k]:
                        col_dist[k], col_from[k], changed = row_dist[i] + c, i, True
            for col, row in enumerate(partner_of_col):
                if row is not None and col_dist[col] - cost[row, col] < row_dist[row]:
                    row_dist[row], changed = col_dist[col] - cost[row, col], True
            if not changed:
                break
        free = [k for k in range(len(cols)) if partner_of_col[k] is None and col_dist[k] < inf]
        if not free:
            break
        step: int | None = min(free, key=lambda j: (col_dist[j], j))
        while step is not None:
            row_from = col_from[step]
            assert row_from is not None
            previous = partner_of_row[row_from]
            partner_of_row[row_from], partner_of_col[step] = step, row_from
            step = previous
    return [(rows[i], cols[k]) for i, k in enumerate(partner_of_row) if k is not None]


def match_spans(gold: Sequence[Span], pred: Sequence[Span],
                mode: Mode = "exact") -> tuple[tuple[Span, Span], ...]:
    """The one-to-one pairs ``(gold span, pred span)`` of a matching, in the order
    ``(start, end, label, id)`` of the gold spans, whatever the input order."""
    if mode not in MODES:
        raise ValueError(f"matching mode must be one of {', '.join(MODES)}, found {mode!r}")
    gold, pred = sorted(gold, key=_order), sorted(pred, key=_order)
    pairs: list[tuple[int, int]] = []
    for rows, cols in _groups(gold, pred, mode):
        pairs.extend(_assign(gold, pred, rows, cols, mode))
    return tuple((gold[i], pred[j]) for i, j in sorted(pairs))


def count_matches(gold: Sequence[Span], pred: Sequence[Span],
                  mode: Mode = "exact") -> FrozenMap[Counts]:
    """Per-label counts of a matching of ``pred`` against ``gold``."""
    matched: dict[str, int] = {}
    for g, _ in match_spans(gold, pred, mode):
        matched[g.label] = matched.get(g.label, 0) + 1
    gold_counts = _label_counts(gold)
    pred_counts = _label_counts(pred)
    return FrozenMap({
        label: Counts(tp=matched.get(label, 0),
                      fp=pred_counts.get(label, 0) - matched.get(label, 0),
                      fn=gold_counts.get(label, 0) - matched.get(label, 0))
        for label in {*gold_counts, *pred_counts}
    })


def _label_counts(spans: Iterable[Span]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for span in spans:
        counts[span.label] = counts.get(span.label, 0) + 1
    return counts


def same_value(gold: AttrValue, pred: AttrValue) -> bool:
    """Attribute equality that tells booleans from numbers (``True`` is not ``1``)."""
    if isinstance(gold, bool) or isinstance(pred, bool):
        return type(gold) is type(pred) and gold == pred
    return gold == pred


def attribute_accuracy(
    pairs: Iterable[tuple[Span, Span]],
) -> FrozenMap[FrozenMap[AttributeCounts]]:
    """Per label and attribute name: pairs whose gold span has the attribute, and
    how many of those the other span gives the same value."""
    counts: dict[str, dict[str, AttributeCounts]] = {}
    for g, p in pairs:
        per_label = counts.setdefault(g.label, {})
        for name, value in g.attrs.items():
            hit = name in p.attrs and same_value(value, p.attrs[name])
            per_label[name] = per_label.get(name, AttributeCounts()) + AttributeCounts(
                1, int(hit))
    return FrozenMap({label: FrozenMap(names) for label, names in counts.items()})


def compare(gold: Sequence[Span], pred: Sequence[Span]) -> Comparison:
    """Exact and overlap counts of ``pred`` against ``gold``, and attribute accuracy
    on the overlap-matched pairs."""
    gold, pred = list(gold), list(pred)
    return Comparison(exact=count_matches(gold, pred, "exact"),
                      overlap=count_matches(gold, pred, "overlap"),
                      attributes=attribute_accuracy(match_spans(gold, pred, "overlap")))
