"""Checking a Label Studio region's offsets against the stored text, and repairing
them only by a mapping the region's own text proves.

Label Studio 1.23 writes code-point offsets into the text exactly as stored.
The ``value.text`` of a hand-drawn region is the browser's display text: each
``\\r`` and ``\\n`` shown as the two characters backslash and ``n``, tabs and
runs of spaces collapsed to one space. So a region is verified when the text
at its offsets equals its ``value.text``, or equals it once both are put in
that display form.

Older versions counted UTF-16 code units (an emoji counts 2) or counted a
CRLF as one character. A region that fails the check is repaired only when
exactly one of those mappings moves it onto text equal to its ``value.text``;
otherwise it is reported, never shifted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

import attrs

from annotkit.errors import context

_LINE_BREAK = re.compile(r"\r|\n")
_BLANKS = re.compile(r"[ \t\u00a0]+")


def display_form(text: str) -> str:
    """The text as Label Studio's page reports a selection of it."""
    return _BLANKS.sub(" ", _LINE_BREAK.sub(r"\\n", text))


def same_text(stored: str, shown: str) -> bool:
    """Whether a region's ``value.text`` can be the display of ``stored``."""
    return stored == shown or display_form(stored) == display_form(shown)


@attrs.frozen
class Located:
    """Where a region lies in the stored text, and how that was established.

    ``how`` is ``exact``, ``display`` (equal in display form), ``unchecked``
    (the region carries no text to compare), or the repair applied:
    ``utf16``, ``crlf`` or ``utf16+crlf``.
    """

    start: int
    end: int
    how: str

    @property
    def repaired(self) -> bool:
        """Whether the offsets differ from the region's own."""
        return self.how in REPAIRS


@attrs.frozen
class RegionProblem:
    """A region that cannot be placed on the text: what, where and why."""

    task: int
    annotation: int
    region: str
    message: str

    def __str__(self) -> str:
        return (f"task {self.task}, annotation {self.annotation}, region {self.region!r}: "
                f"{self.message}")


def _utf16_to_points(text: str) -> Callable[[int], int | None]:
    """Maps a UTF-16 offset to a code-point offset (None inside a surrogate pair)."""
    units: list[int] = []  # units[i] = UTF-16 offset of code point i
    position = 0
    for char in text:
        units.append(position)
        position += 2 if ord(char) > 0xFFFF else 1
    units.append(position)

    def convert(offset: int) -> int | None:
        index = bisect.bisect_left(units, offset)
        return index if index < len(units) and units[index] == offset else None

    return convert


def _collapsed_to_points(text: str) -> Callable[[int], int | None]:
    """Maps an offset into the text with CRLF counted once to the stored text."""
    # Stored index of each CR of a CRLF; a collapsed offset past k of them
    # lies k characters further in the stored text.
    crs = [m.start() for m in re.finditer("\r\n", text)]

    def convert(offset: int) -> int | None:
        shift = 0
        for cr in crs:
            if cr - shift < offset:
                shift += 1
            else:
                break
        return offset + shift

    return convert


def _chain(
    first: Callable[[int], int | None], second: Callable[[int], int | None]
) -> Callable[[int], int | None]:
    def convert(offset: int) -> int | None:
        middle = first(offset)
        return None if middle is None else second(middle)

    return convert


REPAIRS = ("utf16", "crlf", "utf16+crlf")


def locate(text: str, start: object, end: object, shown: object) -> Located | str:
    """Place a region ``[start, end)`` whose ``value.text`` is ``shown`` on ``text``.

    Returns where it lies, or a message saying why it cannot be placed.
    """
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) \
            or isinstance(end, bool):
        return f"offsets {start!r}, {end!r} are not integers"
    inside = 0 <= start < end <= len(text)
    if not isinstance(shown, str) or not shown:
        if inside:
            return Located(start, end, "unchecked")
        return (f"[{start}, {end}) does not fit a text of {len(text)} characters and the "
                "region has no text to repair it by")
    if inside:
        stored = text[start:end]
        if stored == shown:
            return Located(start, end, "exact")
        if display_form(stored) == display_form(shown):
            return Located(start, end, "display")
    candidates: dict[tuple[int, int], str] = {}
    collapsed = text.replace("\r\n", "\n")
    from_collapsed = _collapsed_to_points(text)
    mappings: dict[str, Callable[[int], int | None]] = {
        "utf16": _utf16_to_points(text),
        "crlf": from_collapsed,
        "utf16+crlf": _chain(_utf16_to_points(collapsed), from_collapsed),
    }
    for how, convert in mappings.items():
        new_start, new_end = convert(start), convert(end)
        if new_start is None or new_end is None or (new_start, new_end) == (start, end):
            continue
        if 0 <= new_start < new_end <= len(text) and same_text(text[new_start:new_end], shown):
            candidates.setdefault((new_start, new_end), how)
    found = f"covers {context(text, start, end)}" if inside else (
        f"does not fit a text of {len(text)} characters (near {context(text, start, end)})")
    if len(candidates) == 1:
        (new_start, new_end), how = next(iter(candidates.items()))
        return Located(new_start, new_end, how)
    if candidates:
        places = ", ".join(f"[{s}, {e}) by {how}" for (s, e), how in sorted(candidates.items()))
        return (f"[{start}, {end}) {found} but its text is {shown!r}; it could be at "
                f"{places}, so it is left out")
    return (f"[{start}, {end}) {found} but its text is {shown!r}, and no known offset "
            "mapping explains it; it is left out")
