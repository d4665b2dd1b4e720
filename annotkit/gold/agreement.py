"""Inter-annotator agreement: pairwise span F1 and Cohen's kappa on tokens.

Annotators are the authors (by name) of layers of kind ``annotation`` or
``reviewed``; where one author has several such layers on a document, the
newest counts. Each pair of annotators is compared on the documents both
annotated, pooled over those documents, and the figures are then averaged
over the pairs (pairs without a figure, e.g. neither used a label, are left
out of that average).

Span F1 uses the same matcher as evaluation (``annotkit.gold.compare``); it is
symmetric, so it does not matter which annotator is taken as reference.

The chance-corrected coefficient is Cohen's kappa on tokens. Texts are cut
into tokens by the regular expression ``\\w+|[^\\w\\s]`` (runs of word
characters, and single punctuation characters). A token takes the label of
the span covering most of its characters (ties: the alphabetically first
label), else ``O``. With ``n`` tokens, ``a`` of them labelled alike, and
``A_k``/``B_k`` tokens labelled ``k`` by either annotator::

    kappa = (n * a - sum_k A_k * B_k) / (n * n - sum_k A_k * B_k)

which is ``(p_o - p_e) / (1 - p_e)``. Per label, kappa is the same formula on
the two classes "label" and "anything else". It is undefined (None) when
chance agreement is total, e.g. when both annotators labelled nothing.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from annotkit._frozen import FrozenMap
from annotkit.documents.model import Document, Layer, Span
from annotkit.gold.compare import MODES, Comparison, Mode, compare
from annotkit.gold.policies import by_time

COEFFICIENT = "cohen-kappa-tokens"
ANNOTATOR_KINDS: tuple[str, ...] = ("annotation", "reviewed")
OUTSIDE = "O"
TOKEN = re.compile(r"\w+|[^\w\s]")


def tokenize(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every token: runs of word characters, single punctuation."""
    return [match.span() for match in TOKEN.finditer(text)]


def token_labels(tokens: Sequence[tuple[int, int]], spans: Iterable[Span]) -> list[str]:
    """Each token's label: the span covering most of its characters, else ``O``."""
    starts = [start for start, _ in tokens]
    cover: dict[int, dict[str, int]] = {}
    for span in spans:
        first = max(0, bisect.bisect_right(starts, span.start) - 1)
        for index in range(first, bisect.bisect_left(starts, span.end)):
            start, end = tokens[index]
            shared = min(end, span.end) - max(start, span.start)
            if shared > 0:
                shares = cover.setdefault(index, {})
                shares[span.label] = shares.get(span.label, 0) + shared
    labels = [OUTSIDE] * len(tokens)
    for index, shares in cover.items():
        labels[index] = min(shares, key=lambda label: (-shares[label], label))
    return labels


def _kappa(agree: int, total: int, chance: int) -> float | None:
    """Kappa from counts: ``chance`` is ``sum_k A_k * B_k``."""
    denominator = total * total - chance
    return (total * agree - chance) / denominator if denominator else None


def kappa_from_confusion(confusion: Mapping[tuple[str, str], int],
                         label: str | None = None) -> float | None:
    """Cohen's kappa from counts of ``(first's label, second's label)``;
    given ``label``, the kappa of that label against everything else."""
    total = sum(confusion.values())
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for (a, b), count in confusion.items():
        first[a] += count
        second[b] += count
    if label is None:
        agree = sum(count for (a, b), count in confusion.items() if a == b)
        chance = sum(first[k] * second[k] for k in first)
    else:
        both = confusion.get((label, label), 0)
        agree = total - first[label] - second[label] + 2 * both
        chance = first[label] * second[label] + (total - first[label]) * (total - second[label])
    return _kappa(agree, total, chance)


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float | None:
    """Cohen's kappa of two equally long label sequences (None when undefined)."""
    if len(first) != len(second):
        raise ValueError(f"kappa needs sequences of equal length, found {len(first)} "
                         f"and {len(second)}")
    return kappa_from_confusion(Counter(zip(first, second, strict=True)))


def annotator_layers(document: Document) -> dict[str, Layer]:
    """Each annotator's newest layer of kind annotation or reviewed, by author name."""
    chosen: dict[str, Layer] = {}
    for layer in by_time([x for x in document.layers if x.kind in ANNOTATOR_KINDS]):
        chosen[layer.author.name] = layer
    return dict(sorted(chosen.items()))


def _mean(values: Iterable[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return math.fsum(known) / len(known) if known else None


@attrs.frozen
class AnnotatorStats:
    """How much one annotator did: documents, spans, spans per label, and the
    median of the layers' ``meta["lead_time"]`` in seconds (None if never given)."""

    documents: int
    spans: int
    labels: FrozenMap[int]
    median_lead_time: float | None

    def to_dict(self) -> dict[str, Any]:
        """Stable keys for JSON."""
        return {"documents": self.documents, "spans": self.spans,
                "labels": self.labels.to_dict(), "median_lead_time": self.median_lead_time}


@attrs.frozen
class PairAgreement:
    """Agreement of two annotators over the documents both annotated."""

    first: str
    second: str
    documents: int
    comparison: Comparison
    confusion: FrozenMap[FrozenMap[int]]

    @property
    def tokens(self) -> int:
        """Tokens compared."""
        return sum(sum(row.values()) for row in self.confusion.values())

    def _pairs(self) -> dict[tuple[str, str], int]:
        return {(a, b): n for a, row in self.confusion.items() for b, n in row.items()}

    def kappa(self, label: str | None = None) -> float | None:
        """Cohen's kappa on tokens, overall or of one label against the rest."""
        return kappa_from_confusion(self._pairs(), label)

    def f1(self, mode: Mode, label: str | None = None) -> float | None:
        """Span F1, micro over labels or of one label (None if neither has it)."""
        if label is None:
            return self.comparison.micro(mode).f1
        counts = self.comparison.counts(mode).get(label)
        return counts.f1 if counts else None

    def to_dict(self, labels: Sequence[str]) -> dict[str, Any]:
        """Stable keys for JSON."""
        result: dict[str, Any] = {"annotators": [self.first, self.second],
                                  "documents": self.documents, "tokens": self.tokens}
        for mode in MODES:
            result[mode] = {"micro": self.f1(mode),
                            "labels": {label: self.f1(mode, label) for label in labels}}
        result["kappa"] = {"overall": self.kappa(),
                           "labels": {label: self.kappa(label) for label in labels}}
        return result


@attrs.frozen
class Agreement:
    """Agreement figures of a corpus: per annotator, per pair, and averaged."""

    annotators: FrozenMap[AnnotatorStats]
    pairs: tuple[PairAgreement, ...]
    labels: tuple[str, ...]

    def mean_f1(self, mode: Mode, label: str | None = None) -> float | None:
        """Span F1 averaged over the annotator pairs."""
        return _mean(pair.f1(mode, label) for pair in self.pairs)

    def mean_kappa(self, label: str | None = None) -> float | None:
        """Token kappa averaged over the annotator pairs."""
        return _mean(pair.kappa(label) for pair in self.pairs)

    def to_dict(self) -> dict[str, Any]:
        """Stable keys for JSON."""
        average: dict[str, Any] = {
            mode: {"micro": self.mean_f1(mode),
                   "labels": {label: self.mean_f1(mode, label) for label in self.labels}}
            for mode in MODES
        }
        average["kappa"] = {"overall": self.mean_kappa(),
                            "labels": {label: self.mean_kappa(label) for label in self.labels}}
        return {
            "coefficient": COEFFICIENT,
            "labels": list(self.labels),
            "annotators": {name: stats.to_dict() for name, stats in self.annotators.items()},
            "pairs": [pair.to_dict(self.labels) for pair in self.pairs],
            "average": average,
        }


def agreement(documents: Iterable[Document]) -> Agreement:
    """Agreement of every pair of annotators that share at least one document."""
    done: dict[str, list[Layer]] = {}
    shared: dict[tuple[str, str], int] = {}
    sums: dict[tuple[str, str], Comparison] = {}
    confusions: dict[tuple[str, str], Counter[tuple[str, str]]] = {}
    for document in documents:
        layers = annotator_layers(document)
        for name, layer in layers.items():
            done.setdefault(name, []).append(layer)
        if len(layers) < 2:
            continue
        tokens = tokenize(document.text)
        labelled = {name: token_labels(tokens, layer.spans) for name, layer in layers.items()}
        for a, b in itertools.combinations(layers, 2):
            shared[a, b] = shared.get((a, b), 0) + 1
            sums[a, b] = sums.get((a, b), Comparison()) + compare(layers[a].spans,
                                                                    layers[b].spans)
            confusions.setdefault((a, b), Counter()).update(
                zip(labelled[a], labelled[b], strict=True))
    pairs = tuple(
        PairAgreement(a, b, shared[a, b], sums[a, b], _nest(confusions[a, b]))
        for a, b in sorted(shared)
    )
    label_set = {label for layers in done.values() for layer in layers
                 for label in (span.label for span in layer.spans)}
    return Agreement(
        annotators=FrozenMap({name: _stats(layers) for name, layers in sorted(done.items())}),
        pairs=pairs, labels=tuple(sorted(label_set)))


def _nest(confusion: Counter[tuple[str, str]]) -> FrozenMap[FrozenMap[int]]:
    rows: dict[str, dict[str, int]] = {}
    for (a, b), count in confusion.items():
        rows.setdefault(a, {})[b] = count
    return FrozenMap({a: FrozenMap(row) for a, row in rows.items()})


def _stats(layers: Sequence[Layer]) -> AnnotatorStats:
    labels = Counter(span.label for layer in layers for span in layer.spans)
    times = [float(value) for layer in layers
             if isinstance(value := layer.meta.get("lead_time"), (int, float))
             and not isinstance(value, bool)]
    return AnnotatorStats(
        documents=len(layers), spans=sum(labels.values()),
        labels=FrozenMap(dict(sorted(labels.items()))),
        median_lead_time=statistics.median(times) if times else None)
