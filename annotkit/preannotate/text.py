"""Small helpers on raw text shared by the rules: neighbouring words, slugs."""

from __future__ import annotations

import functools
import re
import unicodedata

_WORD_AFTER = re.compile(r"[ \t]*([A-Za-z][\w'’.-]*)")
_SLUG = re.compile(r"[^a-z0-9]+")


def word_after(text: str, end: int) -> str:
    """The word right after ``end`` on the same line ('' if none)."""
    match = _WORD_AFTER.match(text, end)
    return match.group(1).rstrip(".,;:") if match else ""


@functools.lru_cache(maxsize=8192)
def slug(name: str) -> str:
    """A canonical id from a name: ascii, lower case, words joined by hyphens.

    Cached: a document names the same organisations and people again and again."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_name.lower().replace("'", "").replace("’", "")).strip("-")


def sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (or a line, or a clause
    after a colon or semicolon); opening quotes and brackets do not count."""
    before = text[max(0, start - 3) : start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:;"


_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]{3,}")


def title_line(text: str, position: int) -> bool:
    """Whether ``position`` lies on a headline in title case: a short line, no
    sentence stop at its end, every word of four letters or more capitalised
    (``Can the EU Reach Two Million Rounds a Year?``)."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : end if end >= 0 else len(text)].strip()
    if not line or len(line) > 160 or line[-1] in ".;,":
        return False
    words = _TITLE_WORD.findall(line)
    return len(words) >= 2 and all(word[0].isupper() for word in words)
