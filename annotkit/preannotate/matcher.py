"""Whole-word matching of many aliases at once (Aho-Corasick), exact or case-folded,
and the shared per-document scans every annotator reuses."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

import ahocorasick

T = TypeVar("T")

_DIGITS = re.compile(r"[0-9][0-9,.]*")


@functools.lru_cache(maxsize=4)
def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets stay valid.

    Cached: every annotator of a pipeline folds the same text.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # U+0130 (İ) is the one character whose lower case is two characters long.
    lowered = text.replace("\u0130", "i").lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@functools.lru_cache(maxsize=4)
def digit_runs(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of every run of digits (with inner ``,`` and ``.``), cached."""
    return tuple(m.span() for m in _DIGITS.finditer(text))


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def whole_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is not glued to letters or digits on either side
    (an alias may itself begin or end with punctuation, like ``U.S.``)."""
    size = len(text)
    if start and is_word_char(text[start - 1]) and is_word_char(text[start]):
        return False
    if end < size and is_word_char(text[end]) and is_word_char(text[end - 1]):
        return False
    # A dot joining letters makes one token: "Russia.Post", "rusi.org".
    if end + 1 < size and text[end] == "." and is_word_char(text[end + 1]):
        return False
    return not (start > 1 and text[start - 1] == "." and is_word_char(text[start - 2]))


class AliasMatcher(Generic[T]):
    """Finds every whole-word occurrence of registered aliases in a text.

    Aliases registered with ``fold_case=True`` match regardless of case.
    """

    def __init__(self) -> None:
        self._exact = ahocorasick.Automaton()
        self._folded = ahocorasick.Automaton()
        self._sizes = [0, 0]
        self._frozen = False

    def add(self, alias: str, payload: T, *, fold_case: bool = False) -> None:
        """Register ``alias``; several payloads may share one alias."""
        if self._frozen:
            raise RuntimeError("AliasMatcher.add after freeze")
        automaton = self._folded if fold_case else self._exact
        key = fold(alias) if fold_case else alias
        existing = automaton.get(key, None)
        if existing is None:
            automaton.add_word(key, (len(key), [payload]))
            self._sizes[fold_case] += 1
        else:
            existing[1].append(payload)

    def freeze(self) -> None:
        """Build the automatons; call once, after the last ``add``."""
        for automaton, size in ((self._exact, self._sizes[0]), (self._folded, self._sizes[1])):
            if size:
                automaton.make_automaton()
        self._frozen = True

    def find_all(self, text: str) -> list[tuple[int, int, list[T]]]:
        """``(start, end, payloads)`` of every whole-word match: the hot loop."""
        if not self._frozen:
            self.freeze()
        out: list[tuple[int, int, list[T]]] = []
        append = out.append
        size = len(text)
        for automaton, size_of, haystack in ((self._exact, self._sizes[0], text),
                                             (self._folded, self._sizes[1], None)):
            if not size_of:
                continue
            for last, (length, payloads) in automaton.iter(haystack or fold(text)):
                end = last + 1
                start = end - length
                # The common case, spaces on both sides, needs no closer look.
                if ((start and not text[start - 1].isspace())
                        or (end < size and not text[end].isspace())) \
                        and not whole_word(text, start, end):
                    continue
                append((start, end, payloads))
        return out

    def find(self, text: str) -> Iterator[tuple[int, int, T]]:
        """Yield ``(start, end, payload)`` for every whole-word match."""
        for start, end, payloads in self.find_all(text):
            for payload in payloads:
                yield start, end, payload


def build(items: Iterable[tuple[str, T, bool]]) -> AliasMatcher[T]:
    """An AliasMatcher from ``(alias, payload, fold_case)`` triples, frozen."""
    matcher: AliasMatcher[T] = AliasMatcher()
    for alias, payload, fold_case in items:
        matcher.add(alias, payload, fold_case=fold_case)
    matcher.freeze()
    return matcher


class Triggers:
    """One Aho-Corasick pass for the trigger words of several annotators.

    Each annotator registers its words under its own channel; ``hits`` scans a
    text once and hands every channel its matches, so a pipeline of six
    annotators reads each document twice (exact and folded), not twelve times.
    """

    def __init__(self) -> None:
        self._matcher: AliasMatcher[tuple[str, Any]] = AliasMatcher()
        self._last: tuple[str, dict[str, list[tuple[int, int, Any]]]] | None = None

    def add(self, channel: str, alias: str, payload: Any, *, fold_case: bool = False) -> None:
        self._matcher.add(alias, (channel, payload), fold_case=fold_case)

    def hits(self, text: str, channel: str) -> list[tuple[int, int, Any]]:
        """Matches of ``channel``'s words in ``text``, in text order per pass."""
        if self._last is None or self._last[0] is not text:
            found: dict[str, list[tuple[int, int, Any]]] = {}
            for start, end, payloads in self._matcher.find_all(text):
                for owner, payload in payloads:
                    bucket = found.get(owner)
                    if bucket is None:
                        bucket = found[owner] = []
                    bucket.append((start, end, payload))
            self._last = (text, found)
        return self._last[1].get(channel, [])

    def __getstate__(self) -> dict[str, Any]:
        return {"_matcher": self._matcher, "_last": None}
