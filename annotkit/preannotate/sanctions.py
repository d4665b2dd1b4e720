"""The sanctions annotator: measure nouns with the issuer and type words before them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from annotkit._frozen import FrozenMap
from annotkit.documents.model import Document, Span
from annotkit.preannotate.lexicon import Lexicon
from annotkit.preannotate.matcher import Triggers
from annotkit.preannotate.rules import Rules

_TOKEN = re.compile(r"[A-Za-z][\w.'’-]*[\w.]|[A-Za-z]|,")
_CONTROLS = "controls"  # the payload of bare "controls" (a str: workers unpickle it)
_NAME_JOINERS = frozenset(["and", "of", "on", "&"])
_LIST = "list"  # the payload of "List" (a str, compared by value: workers unpickle a copy)
_LIST_NAME = re.compile(r"(?:^|(?<=[\s(“\"]))(?P<name>[A-Z][\w-]*(?: (?:of )?[A-Z][\w-]*){0,3}) \Z")
_LIST_STOPS = frozenset("The A An This That Its Their Our His Her On In To From By And Or".split())
_EXPORT_LIST_WORDS = frozenset(["Entity", "Export", "End-User", "Unverified", "Control"])
# "the most comprehensive embargo": an adjective of degree, not a type of measure.
_DEGREE_WORDS = frozenset(["most", "more", "less", "least", "very"])


def _next_word(text: str, end: int) -> str:
    """The word after ``text[:end]`` when a single space separates them."""
    if not text.startswith(" ", end):
        return ""
    stop = end + 1
    while stop < len(text) and (text[stop].isalnum() or text[stop] == "-"):
        stop += 1
    return text[end + 1 : stop]


class SanctionAnnotator:
    """Proposes SANCTION spans: the lexicon's measure nouns, extended leftwards over
    issuer words (``Western``, ``U.S.``, ``EU``, state names) and type words."""

    channel = "sanction"
    issuer_channel = "issuer"

    def __init__(self, lexicon: Lexicon, rules: Rules, triggers: Triggers | None = None) -> None:
        self.name = "sanctions"
        self._types = frozenset(rules.get("sanctions", "type_words"))
        self._joiners = frozenset(rules.get("sanctions", "joiners"))
        self._verb_cues = frozenset(rules.get("sanctions", "verb_cues"))
        self._name_tails = frozenset(rules.get("sanctions", "name_tails"))
        self._controls_cues = frozenset(rules.get("sanctions", "controls_cues"))
        self._triggers = triggers or Triggers()
        # "controls" alone is export controls where the text says on what and whose:
        # "Beijing's controls on antimony", "new controls on chip exports".
        self._triggers.add(self.channel, "controls", _CONTROLS)
        # A named list: "Cuba Restricted List", "Military End-User List".
        self._triggers.add(self.channel, "List", _LIST)
        for entry in lexicon.entries:
            if entry.label == "SANCTION":
                for alias in entry.aliases:
                    self._triggers.add(self.channel, alias, entry, fold_case=entry.case == "fold")
        # Only the issuer list: a country noun before "sanctions" usually names
        # the target ("Russia sanctions"), not the issuer.
        issuers = {word: issuer for word, (issuer, _case) in lexicon.issuers.items()}
        self._issuers: Mapping[str, str] = issuers
        for alias, issuer in issuers.items():
            self._triggers.add(self.issuer_channel, alias, issuer)
        self._issuer_ends: tuple[str, dict[int, tuple[int, str]]] | None = None

    def __call__(self, document: Document) -> Iterator[Span]:
        text = document.text
        for start, end, entry in self._triggers.hits(text, self.channel):
            if entry == _LIST:
                span = self._named_list(text, start, end)
                if span is not None:
                    yield span
                continue
            head = text[start:end].lower()
            if head in ("sanction", "sanctions") and self._is_verb(text, start):
                continue
            if text[start].isupper() and self._in_name(text, end):
                continue  # a body's name: "Multilateral Sanctions Monitoring Team"
            new_start, issuers, types = self._extend_left(text, start)
            if entry == _CONTROLS:
                if not self._controls(text, start, end, issuers):
                    continue
                kind = "export-controls"
            else:
                kind = entry.kind
            if "secondary" in types and kind == "sanctions":
                kind = "secondary-sanctions"
            attributes = {"kind": kind} if kind else {}
            if len(set(issuers)) == 1:
                attributes["issuer"] = issuers[0]
            yield Span.unchecked(new_start, end, "SANCTION", f"SANCTION-{new_start}-{end}",
                                 FrozenMap(attributes), 0.9 if new_start == start else 0.85,
                                 "pattern:sanction")

    def _named_list(self, text: str, start: int, end: int) -> Span | None:
        """``the Cuba Restricted List``: capitalised words before ``List`` name a
        restrictive list (the lexicon knows the common ones: Entity List, SDN List)."""
        match = _LIST_NAME.search(text, max(0, start - 60), start)
        if match is None:
            return None
        words = match.group("name").split()
        while words and words[0] in _LIST_STOPS:
            words.pop(0)
        if not words or words[0] == "of":
            return None
        list_start = start - len(" ".join(words)) - 1
        kind = "export-controls" if _EXPORT_LIST_WORDS & set(words) else "sanctions"
        return Span.unchecked(list_start, end, "SANCTION", f"SANCTION-{list_start}-{end}",
                              FrozenMap({"kind": kind}), 0.6, "pattern:sanction")

    def _in_name(self, text: str, end: int) -> bool:
        """Whether a name's head follows, at once or after up to three capitalised
        words and joiners (``Sanctions and Anti-Money Laundering Act``)."""
        for _ in range(4):
            word = _next_word(text, end)
            if word in self._name_tails:
                return True
            if not (word[:1].isupper() or word in _NAME_JOINERS):
                return False
            end += 1 + len(word)
        return False

    def _controls(self, text: str, start: int, end: int, issuers: list[str]) -> bool:
        if not text.startswith(" on ", end):
            return False
        if issuers:
            return True
        before = text[max(0, start - 30) : start].split()
        if not before:
            return False
        word = before[-1]
        return word.endswith(("'s", "’s")) or word.lower() in self._controls_cues

    def _is_verb(self, text: str, start: int) -> bool:
        before = text[max(0, start - 30) : start].split()
        return bool(before) and before[-1].lower() in self._verb_cues

    def _issuers_by_end(self, text: str) -> dict[int, tuple[int, str]]:
        """Issuer names of the document (found in the shared pass), by end offset."""
        if self._issuer_ends is None or self._issuer_ends[0] is not text:
            ends = {end: (start, issuer) for start, end, issuer
                    in self._triggers.hits(text, self.issuer_channel)}
            self._issuer_ends = (text, ends)
        return self._issuer_ends[1]

    def _extend_left(self, text: str, start: int) -> tuple[int, list[str], list[str]]:
        """Walk left over issuer, type and joining words; the span never starts
        with a joiner."""
        before = text[max(0, start - 24) : start].rsplit(None, 1)
        if not before or not text[start - 1 : start].isspace():
            return start, [], []
        word = before[-1]
        if not (word[0].isupper() or word.lower() in self._types):
            return start, [], []  # the common case: "the sanctions", "of export controls"
        # The walk stays on the line and within 120 characters. It reads a short
        # window first and the whole one only if it walks to the short one's edge.
        line_start = text.rfind("\n", max(0, start - 120), start) + 1
        window_start = max(line_start, start - 120)
        found = self._walk(text, start, max(window_start, start - 40), window_start)
        if found is None:
            found = self._walk(text, start, window_start, window_start)
        assert found is not None
        return found

    def _walk(self, text: str, start: int, window_start: int,
              limit: int) -> tuple[int, list[str], list[str]] | None:
        """The left walk over the tokens of ``text[window_start:start]``; None when
        it would need tokens before ``window_start`` (still inside ``limit``)."""
        issuer_end = self._issuers_by_end(text)
        tokens = [(m.start(), m.end(), m.group())
                  for m in _TOKEN.finditer(text, window_start, start)]
        short = window_start > limit
        best = start
        issuers: list[str] = []
        types: list[str] = []
        found_issuers: list[str] = []
        found_types: list[str] = []
        position = start
        index = len(tokens) - 1
        crossed_comma = False
        while True:
            if index < 0 or (short and index == 0):
                if short:
                    return None  # the first token may be cut: read the whole window
                break
            token_start, token_end, token = tokens[index]
            if text[token_end:position].strip(" \t"):
                break  # something other than spaces sits between
            if token_end in issuer_end:
                issuer_start, issuer = issuer_end[token_end]
                if issuer_start < limit:
                    break  # the issuer runs past the window
                if short and issuer_start < window_start:
                    return None
                if issuer_start > token_start:
                    break  # the issuer is the tail of a longer word: "non-U.S."
                found_issuers.append(issuer)
                position = issuer_start
                while index >= 0 and tokens[index][0] >= issuer_start:
                    index -= 1
                best, issuers, types = position, list(found_issuers), list(found_types)
                continue
            lowered = token.lower()
            if lowered in self._types and not crossed_comma and not (
                    index and tokens[index - 1][2].lower() in _DEGREE_WORDS):
                found_types.append(lowered)
                position = token_start
                index -= 1
                best, issuers, types = position, list(found_issuers), list(found_types)
                continue
            if lowered in self._joiners and best < start:
                # Past a comma only issuers list on ("UN, U.S. and EU sanctions"), not
                # type words ("access to American technology, and U.S. export controls").
                crossed_comma = crossed_comma or token == ","
                position = token_start
                index -= 1
                continue
            break
        return best, issuers, types
