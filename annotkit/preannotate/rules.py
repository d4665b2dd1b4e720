"""Pattern rule files (TOML): word lists, mappings and regexes, checked on load.

A bad rule names the file, the line and the rule (``designations.regexes[1]``).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from annotkit._frozen import FrozenMap
from annotkit.errors import LexiconError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

# section -> key -> kind of value
LAYOUT: Mapping[str, Mapping[str, str]] = {
    "actors": {"noun_cues": "words", "modifier_sensitive": "list", "locative": "words",
               "place_cues": "list", "law_heads": "words", "movement_cues": "words"},
    "sanctions": {"type_words": "words", "joiners": "list", "verb_cues": "words",
                  "name_tails": "words", "controls_cues": "words"},
    "designations": {"regexes": "regexes", "context_window": "int", "context": "map",
                     "excluded_prefixes": "words"},
    "ships": {"prefixes": "words"},
    "systems": {"before_nouns": "map", "not_after": "words"},
    "organizations": {"heads": "map", "need_of": "list", "connectors": "list",
                      "stop_words": "words", "inner_adjectives": "words",
                      "document_tails": "words", "prefix_forms": "words",
                      "company_nouns": "words", "facility_nouns": "words",
                      "based_nouns": "words", "programme_nouns": "words"},
    "persons": {"titles": "words", "particles": "list", "max_tokens": "int",
                "given_names": "words", "roles": "words", "speech_verbs": "words",
                "record_phrases": "phrases", "speaker_stop": "words"},
    "quantities": {"qualifiers": "phrases", "currencies_before": "map",
                   "currencies_after": "map", "multipliers": "intmap", "percent": "list",
                   "units": "map", "number_words": "intmap", "stop_words": "words",
                   "vague_after": "list", "vague_before": "phrases", "year_cues": "words",
                   "months": "words", "max_noun_words": "int", "rate_cues": "phrases",
                   "elided_before": "words", "elided_after": "words"},
}


@attrs.frozen
class Rules:
    """A checked rule file: ``rules.get(section, key)`` gives typed values."""

    path: str
    values: FrozenMap[FrozenMap[Any]]
    fingerprint: str

    def get(self, section: str, key: str) -> Any:
        return self.values[section][key]


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def load_rules(path: str | Path) -> Rules:
    """Read and check a rule file; LexiconError names file, line and rule."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except OSError as error:
        raise LexiconError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise LexiconError(f"{path}: not valid UTF-8 at byte {error.start}") from None
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{path}: invalid TOML: {error}") from None

    def fail(rule: str, needle: str, message: str) -> LexiconError:
        line = _line_of(text, needle)
        where = f"{path}:{line}" if line else str(path)
        return LexiconError(f"{where}: rule {rule}: {message}")

    for section in sorted(set(data) - set(LAYOUT)):
        raise fail(section, f"[{section}]",
                   f"unknown section; known: {', '.join(sorted(LAYOUT))}")
    values: dict[str, FrozenMap[Any]] = {}
    for section, layout in LAYOUT.items():
        table = data.get(section)
        if not isinstance(table, dict):
            raise LexiconError(f"{path}: missing section [{section}]")
        for key in sorted(set(table) - set(layout)):
            raise fail(f"{section}.{key}", f"{key} =",
                       f"unknown key; known: {', '.join(sorted(layout))}")
        out: dict[str, Any] = {}
        for key, kind in layout.items():
            rule = f"{section}.{key}"
            if key not in table:
                raise fail(rule, f"[{section}]", "missing")
            out[key] = _convert(table[key], kind,
                                lambda m, r=rule, k=key: fail(r, f"{k} =", m))
        values[section] = FrozenMap(out)
    return Rules(str(path), FrozenMap(values), hashlib.sha256(raw).hexdigest())


def _convert(value: Any, kind: str, fail: Any) -> Any:
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise fail(f"expected a non-negative integer, found {value!r}")
        return value
    if kind in ("words", "phrases"):
        if not isinstance(value, str):
            raise fail(f"expected a string of {kind}, found {type(value).__name__}")
        items = value.split("|") if kind == "phrases" else value.split()
        return tuple(i.strip() for i in items if i.strip())
    if kind in ("list", "regexes"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail("expected a list of strings")
        if kind == "regexes":
            compiled = []
            for i, pattern in enumerate(value):
                try:
                    compiled.append(re.compile(pattern))
                except re.error as error:
                    raise fail(f"[{i}] regex does not compile: {error}") from None
            return tuple(compiled)
        return tuple(value)
    if kind in ("map", "intmap"):
        if not isinstance(value, dict):
            raise fail("expected a table")
        wanted = int if kind == "intmap" else str
        for k, v in value.items():
            if not isinstance(v, wanted) or isinstance(v, bool):
                expected = "an integer" if wanted is int else "a string"
                raise fail(f"value of {k!r} must be {expected}")
        return FrozenMap(value)
    raise AssertionError(kind)  # pragma: no cover
