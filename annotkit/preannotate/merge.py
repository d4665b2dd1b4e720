"""Merge policies: pure functions that turn overlapping proposals into one layer."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs

from annotkit.documents.model import Document, Span
from annotkit.preannotate.text import sentence_start, title_line

MergePolicy = Callable[[Document, Sequence[Span]], list[Span]]

_TRAILING = ("of", "the", "its", "their", "in", "and")
_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
    sixty seventy eighty ninety hundred thousand million billion trillion lakh crore dozen to
    mn bn m k""".split())


def _numeric(word: str) -> bool:
    """Whether a word of a quantity is part of its number (``1,500``, ``million``)."""
    return any(c.isdigit() for c in word) or word.lower().strip(".,") in _NUMBER_WORDS \
        or all(part in _NUMBER_WORDS for part in word.lower().split("-"))


def _deduplicate(spans: Sequence[Span]) -> list[Span]:
    best: dict[tuple[int, int, str], Span] = {}
    for span in spans:
        key = (span.start, span.end, span.label)
        kept = best.get(key)
        if kept is None or (span.score or 0) > (kept.score or 0):
            best[key] = span
    return list(best.values())


def keep_all(document: Document, spans: Sequence[Span]) -> list[Span]:
    """Every proposal, duplicates (same offsets and label) merged; overlaps stay."""
    return sorted(_deduplicate(spans), key=lambda s: (s.start, s.end, s.label))


class _Occupied:
    """Which characters of a text the kept spans cover, one byte each: an overlap
    query is one ``bytearray.find`` (the C loop beats a bisected interval list)."""

    def __init__(self, size: int) -> None:
        self._cells = bytearray(size)

    def first_taken(self, start: int, end: int) -> int:
        """The first covered offset in ``[start, end)``, or -1 when all are free."""
        return self._cells.find(1, start, end)

    def add(self, start: int, end: int) -> None:
        self._cells[start:end] = b"\x01" * (end - start)


def guidelines(document: Document, spans: Sequence[Span]) -> list[Span]:
    """The default policy, after the annotation guidelines: no two spans overlap.

    Names (SYSTEM, ACTOR, SANCTION) go first, longest then highest score first,
    so ``U.S. secondary sanctions`` beats ``U.S.`` and ``Shahed-136`` beats
    ``Shahed``. Quantities come last and shrink to end before a name they would
    swallow (``48 Mi-17 helicopters`` → ``48``), or are dropped.
    """
    candidates = _deduplicate(spans)
    names = [s for s in candidates if s.label != "QUANTITY"]
    quantities = [s for s in candidates if s.label == "QUANTITY"]
    order = lambda s: (-(s.end - s.start), -(s.score or 0), s.start, s.label)  # noqa: E731
    occupied = _Occupied(len(document.text))
    kept: list[Span] = []
    for span in sorted(names, key=order) + sorted(quantities, key=order):
        taken = occupied.first_taken(span.start, span.end)
        if taken > span.start and span.label == "QUANTITY":
            span = _shrink(document, span, taken)
            taken = occupied.first_taken(span.start, span.end) if span.end > span.start else 0
        if taken < 0:
            occupied.add(span.start, span.end)
            kept.append(span)
    kept.sort(key=lambda s: (s.start, s.end, s.label))
    _count_before_system(document, kept)
    return _propagate(document.text, _join_names(document.text, kept))


def _count_before_system(document: Document, spans: list[Span]) -> None:
    """A count that stops just before a system keeps only its number: the words
    between modify the system (``11 older Gripens`` → ``11``, as ``48 Mi-17``)."""
    for index in range(len(spans) - 1):
        span, following = spans[index], spans[index + 1]
        if span.label == "QUANTITY" and following.label == "SYSTEM" \
                and span.attrs.get("unit") == "count" and following.start == span.end + 1 \
                and document.text[span.end] == " ":
            shrunk = _shrink(document, span, span.end)
            if shrunk.end > shrunk.start:
                spans[index] = shrunk


_VARIANT = re.compile(r" Block (?:[IVX]+|\d+[A-Z]?)(?![\w-])|/[A-Z]{1,2}(?![\w/-])"
                      r"| (?:Plus|EVO|Evo|NG|II|III)(?![\w-])")


def _variant(text: str, span: Span) -> Span:
    """A SYSTEM with its variant suffix: ``Tomahawk Block V``, ``HQ-9/P``."""
    match = _VARIANT.match(text, span.end)
    if match is None:
        return span
    suffix = match.group()
    canonical = str(span.attrs.get("canonical", ""))
    canonical += suffix.replace("/", "").lower() if suffix[0] == "/" \
        else "-" + "-".join(suffix.lower().split())
    return attrs.evolve(span, end=match.end(), id=f"SYSTEM-{span.start}-{match.end()}",
                        attrs={**span.attrs, "canonical": canonical})


def _join_names(text: str, spans: list[Span]) -> list[Span]:
    """A designation and its proper name are one SYSTEM span (the guidelines'
    ``S-400 Triumf``): ``AH-64E Apache``, ``A-29 Super Tucano``, and so are two
    names of one system side by side (``Bohdana 2S22``); a variant
    suffix belongs to it (``Tomahawk Block V``). A number glued after a word
    that no span covers is part of a name (``Estlink 2``, ``Batch 2``): no
    quantity."""
    out: list[Span] = []
    swallowed = -1
    for index, span in enumerate(spans):
        if index == swallowed:
            continue
        if span.label == "SYSTEM":
            extended = _variant(text, span)
            following = spans[index + 1] if index + 1 < len(spans) else None
            if following is None or extended.end <= following.start:
                span = extended
            elif following.label in ("QUANTITY", "SYSTEM") and following.start >= span.end and (
                    index + 2 == len(spans) or extended.end <= spans[index + 2].start):
                span, swallowed = extended, index + 1  # "FA-50 Block 20 light", "FREMM EVO"
        elif span.label == "QUANTITY" and _after_name(text, span, out):
            continue
        last = out[-1] if out else None
        if last is not None and last.label == span.label == "SYSTEM" \
                and text[last.end : span.start] == " " and (
                    any(c.isdigit() for c in text[last.start : last.end])
                    or last.attrs.get("canonical") == span.attrs.get("canonical")):
            out[-1] = attrs.evolve(last, end=span.end, id=f"SYSTEM-{last.start}-{span.end}")
            continue
        out.append(span)
    return out


_ABBREVIATION = re.compile(r"[ \t]\(([A-Z][A-Za-z&]*[A-Z][A-Za-z&]*)\)")


def _propagate(text: str, spans: list[Span]) -> list[Span]:
    """Names an actor is given once hold wherever they recur: the abbreviation in
    brackets after it (``Secretariat of National Defense (SEDENA)``), and a
    person's surname (``Arkady Volkov`` ... ``Volkov``). A recurrence takes a free
    place, or replaces a span of exactly its extent (``(FAB)`` is no bomb here)."""
    names: dict[str, Span] = {}
    for span in spans:
        if span.label != "ACTOR":
            continue
        if text.startswith(" (", span.end):
            bracket = _ABBREVIATION.match(text, span.end)
            if bracket and len(bracket.group(1)) <= 10:
                names.setdefault(bracket.group(1), span)
        if span.attrs.get("kind") == "person":
            parts = text[span.start : span.end].rsplit(None, 1)
            if len(parts) == 2 and _GIVEN_EAST_ASIAN.fullmatch(parts[1]) and " " not in parts[0]:
                parts = parts[::-1]  # "Lai Ching-te" ... "Lai": the family name comes first
            surname = parts[-1]
            if len(parts) == 2 and len(surname) >= 3 and surname not in names \
                    and surname.isalpha() and surname[0].isupper() \
                    and surname.lower() not in text:
                names[surname] = span
    if not names:
        return spans
    found: list[tuple[int, int, Span]] = []
    for name, source in names.items():
        position = text.find(name)
        while position >= 0:
            end = position + len(name)
            if not (position and (_word_char(text[position - 1]) or text[position - 1] == "-")) \
                    and not (end < len(text) and (_word_char(text[end]) or text[end] == "-")):
                found.append((position, end, source))
            position = text.find(name, end)
    if not found:
        return spans
    added = False
    by_extent = {(s.start, s.end): s for s in spans}
    occupied = _Occupied(len(text))
    for span in spans:
        occupied.add(span.start, span.end)
    for start, end, source in sorted(found, key=lambda f: f[0]):
        given = text[source.start : source.end].rsplit(None, 1)[0] + " "
        if source.attrs.get("kind") == "person" \
                and given != text[source.start : source.end] + " " \
                and text.startswith(given, start - len(given)) \
                and occupied.first_taken(start - len(given), start) < 0:
            start -= len(given)  # the whole name again, where no rule found it
        existing = by_extent.get((start, end))
        if existing is not None:
            if existing.label == "ACTOR":
                continue
        elif occupied.first_taken(start, end) >= 0:
            continue
        else:
            occupied.add(start, end)
        by_extent[(start, end)] = Span.unchecked(
            start, end, "ACTOR", f"ACTOR-{start}-{end}", source.attrs, 0.55,
            "pattern:recurring-name")
        added = True
    if not added:
        return spans
    return sorted(by_extent.values(), key=lambda s: (s.start, s.end, s.label))


# A hyphenated given name written after the family name: "Ching-te", "Ji-won".
_GIVEN_EAST_ASIAN = re.compile(r"[A-Z][a-z]+-[a-z]+")


def _after_name(text: str, span: Span, kept: list[Span]) -> bool:
    """Whether a quantity's digits follow a capitalised word of a name, mid-sentence."""
    if not text[span.start : span.start + 1].isdigit() or span.start < 2 \
            or text[span.start - 1] != " ":
        return False
    word_start = span.start - 1
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "-"):
        word_start -= 1
    word = text[word_start : span.start - 1]
    if not word[:1].isupper() or word in _NOT_NAMES:
        return False
    if sentence_start(text, word_start) or title_line(text, word_start):
        return False  # a headline capitalises every word: "Russia Fires 300 Drones"
    return not (kept and kept[-1].end >= word_start + len(word) and kept[-1].start <= word_start)


# Capitalised words after which a number is still an amount.
_NOT_NAMES = frozenset("""January February March April May June July August September October
    November December About Some Over Nearly Almost Around Roughly Only Just Another""".split())


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _shrink(document: Document, span: Span, limit: int) -> Span:
    text = document.text
    end = limit
    count = span.attrs.get("unit") == "count"
    while True:
        stripped = text[span.start : end].rstrip()
        words = stripped.rsplit(None, 1)
        # A count gives its noun to the name inside it, with the noun's modifiers:
        # "300 additional PAC-3 interceptors" -> "300", "ten Italian FREMMs" -> "ten".
        if len(words) == 2 and (words[1].lower() in _TRAILING
                                or (count and not _numeric(words[1]))):
            end = span.start + len(words[0])
            continue
        end = span.start + len(stripped)
        break
    if end <= span.start:
        return attrs.evolve(span, end=span.start)
    kept_attrs = {k: v for k, v in span.attrs.items() if k != "of"}
    of = span.attrs.get("of")
    if isinstance(of, str) and of and text[span.start : end].endswith(of):
        kept_attrs["of"] = of
    return attrs.evolve(span, end=end, id=f"{span.label}-{span.start}-{end}", attrs=kept_attrs)


POLICIES: dict[str, MergePolicy] = {"guidelines": guidelines, "keep-all": keep_all}
