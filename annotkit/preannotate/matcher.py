"""Whole-word matching of many aliases at once, exact or case-folded, and the shared
per-document scans every annotator reuses (compiled in ``_scan.c`` when built)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

import ahocorasick

try:
    from annotkit.preannotate import _scan
except ImportError:  # not compiled: the pure-Python engine gives the same results
    _scan = None  # type: ignore[assignment]

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


def _digit_runs(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _DIGITS.finditer(text))


@functools.lru_cache(maxsize=4)
def digit_runs(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of every run of digits (with inner ``,`` and ``.``), cached."""
    if _scan is not None and ENGINE == "c":
        return _scan.digit_runs(text)
    return _digit_runs(text)


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


class PythonEngine:
    """The reference engine: pyahocorasick passes plus a whole-word filter.

    ``add`` registers a pattern (``key`` already folded when ``fold``) for a
    channel; ``scan`` returns, per channel, ``(start, end, payload)`` of every
    whole-word match, in the order of the exact pass then the folded pass, each
    by end position, longest first. The compiled ``_scan.Scanner`` has the same
    interface and must give the same output.
    """

    def __init__(self, channels: int) -> None:
        self._channels = channels
        self._automata = (ahocorasick.Automaton(), ahocorasick.Automaton())
        self._sizes = [0, 0]
        self._built = False

    def add(self, key: str, fold_case: bool, channel: int, payload: object) -> None:
        if not key:
            raise ValueError("empty pattern")
        automaton = self._automata[fold_case]
        existing = automaton.get(key, None)
        if existing is None:
            automaton.add_word(key, (len(key), [(channel, payload)]))
        else:
            existing[1].append((channel, payload))
        self._sizes[fold_case] += 1
        self._built = False

    def scan(self, text: str, folded: str) -> list[list[tuple[int, int, Any]]]:
        if not self._built:
            for automaton, size in zip(self._automata, self._sizes, strict=True):
                if size:
                    automaton.make_automaton()
            self._built = True
        out: list[list[tuple[int, int, Any]]] = [[] for _ in range(self._channels)]
        size = len(text)
        for automaton, count, haystack in zip(self._automata, self._sizes, (text, folded),
                                              strict=True):
            if not count:
                continue
            for last, (length, payloads) in automaton.iter(haystack):
                end = last + 1
                start = end - length
                # The common case, spaces on both sides, needs no closer look.
                if ((start and not text[start - 1].isspace())
                        or (end < size and not text[end].isspace())) \
                        and not whole_word(text, start, end):
                    continue
                for channel, payload in payloads:
                    out[channel].append((start, end, payload))
        return out


def _engine_class() -> Callable[[int], Any]:
    if _scan is not None and os.environ.get("ANNOTKIT_PURE_PYTHON") != "1":
        return _scan.Scanner
    return PythonEngine


#: Which engine matches: "c" (the compiled scanner) or "python" (the reference).
ENGINE = "c" if _engine_class() is not PythonEngine else "python"


class Triggers:
    """One matching pass for the trigger words of several annotators.

    Each annotator registers its words under its own channel; ``hits`` scans a
    text once and hands every channel its matches, so a pipeline of six
    annotators reads each document once, not six times. Matching is by whole
    words; words registered with ``fold_case=True`` match regardless of case.
    """

    def __init__(self, engine: Callable[[int], Any] | None = None) -> None:
        self._engine_class = engine
        self._channels: dict[str, int] = {}
        self._words: list[tuple[str, bool, int, Any]] = []
        self._engine: Any = None
        self._last: tuple[str, list[list[tuple[int, int, Any]]]] | None = None
        self._batch: dict[int, tuple[str, list[list[tuple[int, int, Any]]]]] = {}

    def add(self, channel: str, alias: str, payload: Any, *, fold_case: bool = False) -> None:
        number = self._channels.setdefault(channel, len(self._channels))
        self._words.append((fold(alias) if fold_case else alias, fold_case, number, payload))
        self._engine = None
        self._last = None

    def _build(self) -> Any:
        engine = (self._engine_class or _engine_class())(max(1, len(self._channels)))
        for key, fold_case, number, payload in self._words:
            engine.add(key, fold_case, number, payload)
        self._engine = engine
        return engine

    def scan(self, text: str) -> list[list[tuple[int, int, Any]]]:
        """Every channel's matches in ``text``, indexed by channel number."""
        engine = self._engine if self._engine is not None else self._build()
        return engine.scan(text, fold(text))  # type: ignore[no-any-return]

    def prefetch(self, texts: Iterable[str]) -> None:
        """Scan a batch of texts now, back to back, for the ``hits`` calls that
        follow (the patterns stay in the CPU cache); replaces the last batch."""
        self._batch = {id(text): (text, self.scan(text)) for text in texts}

    def hits(self, text: str, channel: str) -> list[tuple[int, int, Any]]:
        """Matches of ``channel``'s words in ``text``: the exact ones, then the
        case-folded ones, each in order of their end, longer first."""
        number = self._channels.get(channel)
        if number is None:
            return []
        if self._last is None or self._last[0] is not text:
            found = self._batch.get(id(text))
            if found is None or found[0] is not text:
                found = (text, self.scan(text))
            self._last = found
        return self._last[1][number]

    def __getstate__(self) -> dict[str, Any]:
        # The compiled engine does not pickle; workers rebuild it from the words.
        return {**self.__dict__, "_engine": None, "_last": None, "_batch": {}}
