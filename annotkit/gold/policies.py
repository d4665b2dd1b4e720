"""Gold selection: one gold layer per document from its annotators' layers.

Three policies, each a pure function of a document's candidate layers (kind
``annotation``, ``reviewed`` or ``gold``; never ``prediction``, and never a
layer an earlier run of a policy wrote):

``newest``
    the newest submission (``updated_at``, else ``created_at``; ties go to
    the layer listed last).
``reviewed``
    the newest layer of kind ``reviewed`` or with ``meta["ground_truth"]``
    true; the newest layer, with a note, when there is none.
``majority``
    a vote of the annotators (each author's newest layer votes once): a span
    ``(start, end, label)`` is kept when more than half of the voters have it
    (or, given ``min_agreement``, at least that share of them); each attribute
    takes the value most voters with that span give it (absence counts as a
    value; a tie goes to the newest voter's value); a relation is kept when
    both its ends are kept and it passes the same vote.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from fractions import Fraction
from typing import Any, Literal

import attrs

from annotkit.documents.model import Author, Document, Layer, Relation, Span
from annotkit.errors import DocumentError

Policy = Literal["newest", "reviewed", "majority"]
POLICIES: tuple[Policy, ...] = ("newest", "reviewed", "majority")
GOLD_LAYER = "gold"
CANDIDATE_KINDS: tuple[str, ...] = ("annotation", "reviewed", "gold")
_POLICY_AUTHOR = "gold-policy-"

SpanKey = tuple[int, int, str]
_ABSENT = object()


@attrs.frozen
class GoldChoice:
    """What a policy made of one document: the document with its new ``gold``
    layer (unchanged when there was nothing to choose from), that layer, the
    names of the layers it came from, and a note worth reporting, if any."""

    document: Document
    layer: Layer | None
    sources: tuple[str, ...] = ()
    note: str | None = None


def _moment(layer: Layer) -> datetime | None:
    if not layer.time:
        return None
    moment = datetime.fromisoformat(layer.time.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def by_time(layers: Sequence[Layer]) -> list[Layer]:
    """Layers oldest first (undated ones first); equal times keep their order."""
    floor = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(layers, key=lambda layer: (_moment(layer) is not None,
                                             _moment(layer) or floor))


def newest(layers: Sequence[Layer]) -> Layer | None:
    """The newest layer by ``updated_at``, else ``created_at`` (ties: the last listed)."""
    ordered = by_time(layers)
    return ordered[-1] if ordered else None


def is_policy_layer(layer: Layer) -> bool:
    """Whether a gold policy wrote ``layer`` (such layers never vote or get chosen)."""
    return layer.author.kind == "rules" and layer.author.name.startswith(_POLICY_AUTHOR)


def candidates(document: Document) -> list[Layer]:
    """The layers a policy may choose from, in document order."""
    return [layer for layer in document.layers
            if layer.kind in CANDIDATE_KINDS and not is_policy_layer(layer)]


def is_reviewed(layer: Layer) -> bool:
    """Whether a layer is a reviewed one: kind ``reviewed`` or marked ground truth."""
    return layer.kind == "reviewed" or layer.meta.get("ground_truth") is True


def voters(layers: Sequence[Layer]) -> list[Layer]:
    """Each author's newest layer, oldest voter first."""
    latest: dict[tuple[str, str], Layer] = {}
    for layer in by_time(layers):
        latest[layer.author.kind, layer.author.name] = layer
    return by_time(list(latest.values()))


def _passes(votes: int, total: int, min_agreement: float | None) -> bool:
    if min_agreement is None:
        return 2 * votes > total
    return Fraction(votes, total) >= Fraction(repr(min_agreement))


def _key(span: Span) -> SpanKey:
    return (span.start, span.end, span.label)


def majority(layers: Sequence[Layer], min_agreement: float | None = None,
             name: str = GOLD_LAYER) -> Layer:
    """The majority layer of ``layers`` (see the module docstring), kind ``gold``."""
    if min_agreement is not None and not 0 < min_agreement <= 1:
        raise DocumentError(f"min_agreement must be in (0, 1], found {min_agreement!r}")
    voting = voters(layers)
    total = len(voting)
    # Per voter: its spans by key (the first of duplicates) and its relation keys.
    spans_of = [{_key(s): s for s in reversed(layer.spans)} for layer in voting]
    span_votes: dict[SpanKey, int] = {}
    for spans in spans_of:
        for key in spans:
            span_votes[key] = span_votes.get(key, 0) + 1
    kept: dict[SpanKey, Span] = {}
    for key in sorted(span_votes):
        if _passes(span_votes[key], total, min_agreement):
            holders = [spans[key] for spans in spans_of if key in spans]
            kept[key] = Span(key[0], key[1], key[2], attrs=_vote_attrs(holders))
    relation_votes: dict[tuple[str, SpanKey, SpanKey], int] = {}
    for layer in voting:
        ends = {s.id: _key(s) for s in layer.spans}
        for rkey in {(r.label, ends[r.head], ends[r.tail]) for r in layer.relations}:
            relation_votes[rkey] = relation_votes.get(rkey, 0) + 1
    relations = [
        Relation(label, kept[head].id, kept[tail].id)
        for (label, head, tail), votes in sorted(relation_votes.items())
        if head in kept and tail in kept and _passes(votes, total, min_agreement)
    ]
    return Layer(name=name, kind="gold", author=policy_author("majority"),
                 spans=kept.values(), relations=relations,
                 meta={"policy": "majority", "sources": [layer.name for layer in voting],
                       "min_agreement": min_agreement})


def _vote_attrs(holders: Sequence[Span]) -> dict[str, Any]:
    """Attribute values by majority among ``holders`` (oldest voter first)."""
    chosen: dict[str, Any] = {}
    for attr in sorted({name for span in holders for name in span.attrs}):
        tally: dict[Any, int] = {}
        last: dict[Any, int] = {}
        for position, span in enumerate(holders):
            value = span.attrs.get(attr, _ABSENT)
            marker = _ABSENT if value is _ABSENT else (isinstance(value, bool), value)
            tally[marker] = tally.get(marker, 0) + 1
            last[marker] = position
        best = max(tally, key=lambda m: (tally[m], last[m]))
        if best is not _ABSENT:
            chosen[attr] = best[1]
    return chosen


def policy_author(policy: str) -> Author:
    """The author of a layer a gold policy wrote."""
    return Author("rules", f"{_POLICY_AUTHOR}{policy}", "1")


def _copy(source: Layer, policy: str, name: str) -> Layer:
    return Layer(name=name, kind="gold", author=policy_author(policy), spans=source.spans,
                 relations=source.relations,
                 meta={"policy": policy, "sources": [source.name]})


def choose_gold(document: Document, policy: Policy, min_agreement: float | None = None,
                name: str = GOLD_LAYER) -> GoldChoice:
    """Apply ``policy`` to ``document``: add (or replace) its layer ``name``."""
    if policy not in POLICIES:
        raise DocumentError(f"gold policy must be one of {', '.join(POLICIES)}, "
                            f"found {policy!r}")
    if min_agreement is not None and policy != "majority":
        raise DocumentError("min_agreement applies only to the majority policy")
    pool = candidates(document)
    if not pool:
        return GoldChoice(document, None, (), f"document {document.id!r}: no annotation "
                          "layers; kept without a gold layer")
    note = None
    if policy == "majority":
        layer = majority(pool, min_agreement, name)
    else:
        source = newest([layer for layer in pool if is_reviewed(layer)])
        if policy == "newest" or source is None:
            fallback = newest(pool)
            assert fallback is not None
            if policy == "reviewed":
                note = (f"document {document.id!r}: no reviewed layer; used the newest "
                        f"layer {fallback.name!r}")
            source = fallback
        layer = _copy(source, policy, name)
    # Dated as the newest layer of the document, so it is the default layer.
    stamp = newest(document.layers)
    layer = attrs.evolve(layer, created_at=stamp.time if stamp and stamp.time else None)
    if note:
        layer = attrs.evolve(layer, meta={**layer.meta, "note": note})
    return GoldChoice(document.with_layer(layer), layer, tuple(layer.meta["sources"]), note)
