"""The lexicon annotator: every alias of every entry, with the guidelines' context rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from annotkit._frozen import FrozenMap
from annotkit.documents.model import Document, Span
from annotkit.preannotate.lexicon import IGNORE, Entry, Lexicon
from annotkit.preannotate.matcher import Triggers
from annotkit.preannotate.patterns import LEGAL_FORM
from annotkit.preannotate.rules import Rules
from annotkit.preannotate.text import slug, title_line, word_after

_LAW_JOINERS = frozenset(["of", "the", "and", "for", "on", "to", "against", "in"])
# A company's unit: capitalised words after its name, the last a word of a unit's
# name ("Lockheed Martin Missiles and Fire Control", "Fincantieri Marinette Marine").
_UNIT = re.compile(
    r"(?: [A-Z][\w’'-]*){0,2}?(?: (?:and|&)(?: [A-Z][\w’'-]*)?)? "
    r"(?:Dynamics|Marine|Electronics|Systems|Control|"
    r"Solutions|Technologies|Aerospace|Aeronautics|Shipbuilding|Defence|Defense|Space|"
    r"Helicopters|Munitions|Ammunition|Vehicles|Engines|Land Systems)(?![\w’'-])")
_OBJECT_STARTS = frozenset(
    "a an the no its their his her this that these those it them him us our any all".split())


@attrs.frozen
class Hit:
    """What a match of an alias means: its entry, and a suffix to trim (``T-72s``)."""

    entry: Entry
    attrs: FrozenMap[str]
    source: str
    score: float
    trim: int = 0
    capital: bool = False


class LexiconAnnotator:
    """Proposes a span for every whole-word alias of the lexicon's entries.

    Context rules from the guidelines: possessives stay outside (``Russia's``),
    plural suffixes of designations stay outside (``T-72s``), compound
    adjectives hold no actor (``Russia-made``), ``U.S.`` before a common noun
    gets no span, and a capital is an actor only where it stands for its
    government.
    """

    channel = "lexicon"

    def __init__(self, lexicon: Lexicon, rules: Rules, labels: frozenset[str] | None = None,
                 triggers: Triggers | None = None, exact_score: float = 0.9,
                 fold_score: float = 0.8) -> None:
        self.name = "lexicon"
        self._noun_cues = frozenset(rules.get("actors", "noun_cues"))
        self._modifier_sensitive = frozenset(rules.get("actors", "modifier_sensitive"))
        self._locative = frozenset(rules.get("actors", "locative"))
        self._place_cues = frozenset(rules.get("actors", "place_cues"))
        self._law_heads = frozenset(rules.get("actors", "law_heads"))
        self._movement = frozenset(rules.get("actors", "movement_cues"))
        self._triggers = triggers or Triggers()
        # A capital is a government entry named after a state or alliance (Moscow ->
        # russia, Brussels -> european-union): a place unless it acts.
        polities = {e.canonical for e in lexicon.entries
                    if e.label == "ACTOR" and e.kind in ("state", "alliance", "organization")}
        # A company's national arm: "BAE Systems Australia", "Repkon USA".
        states = sorted({alias for e in lexicon.entries if e.label == "ACTOR"
                         and e.kind == "state" and e.case == "exact" for alias in e.aliases},
                        key=len, reverse=True)
        self._subsidiary = re.compile(
            rf"[ \t](?:{'|'.join(map(re.escape, states))})(?![\w-]|[’']s\b)") if states else None
        for entry in lexicon.entries:
            if labels is not None and entry.label not in labels and entry.label != IGNORE:
                continue
            fold_case = entry.case == "fold"
            hit = Hit(entry, entry.attrs, f"lexicon:{entry.where.rsplit('/', 1)[-1]}",
                      fold_score if fold_case else exact_score,
                      capital=entry.label == "ACTOR" and entry.kind == "government"
                      and entry.canonical in polities)
            for alias in entry.aliases:
                self._triggers.add(self.channel, alias, hit, fold_case=fold_case)
                if entry.kind == "state" and not fold_case and len(alias) > 3 \
                        and alias.upper() != alias:
                    # Headings and captions in capitals: "BELARUS", "UNITED STATES v. ...".
                    self._triggers.add(self.channel, alias.upper(), hit)
                # Plurals stay outside: "T-72s", "Borsuks", "Gripens".
                if entry.label == "SYSTEM" and alias[-1].isalnum() and alias[-1] != "s":
                    self._triggers.add(self.channel, alias + "s", attrs.evolve(hit, trim=1),
                                       fold_case=fold_case)

    def __call__(self, document: Document) -> Iterator[Span]:
        text = document.text
        hits = self._triggers.hits(text, self.channel)
        ignored = [(start, end) for start, end, hit in hits if hit.entry.label == IGNORE]
        for start, end, hit in hits:
            end -= hit.trim
            label = hit.entry.label
            if ignored and (label == IGNORE or any(s <= start and end <= e for s, e in ignored)):
                continue
            if label == "ACTOR" and not self._actor_ok(text, start, end, hit):
                continue
            attributes = hit.attrs
            if hit.entry.kind == "company" and label == "ACTOR":
                country = self._subsidiary.match(text, end) if self._subsidiary else None
                if country:
                    end = country.end()
                    attributes = FrozenMap({**hit.attrs, "canonical": (
                        f"{hit.entry.canonical}-{slug(country.group().strip())}")})
                elif text.startswith(" ", end) and text[end + 1 : end + 2].isupper():
                    unit = _UNIT.match(text, end)
                    if unit:
                        end = unit.end()  # "Denel Dynamics", "Raytheon Missile Systems"
                        if text[start:end] not in hit.entry.aliases:
                            attributes = FrozenMap({**hit.attrs,
                                                    "canonical": slug(text[start:end])})
                legal = LEGAL_FORM.match(text, end)
                if legal:
                    end = legal.end()  # "Embraer S.A.", "Kongsberg Gruppen ASA"
            elif label == "SYSTEM" and text.startswith(" ", end) and self._in_law_name(text, end):
                continue  # "the Caesar Act": a law named after something else
            yield Span.unchecked(start, end, label, f"{label}-{start}-{end}", attributes,
                                 hit.score, hit.source)

    def _actor_ok(self, text: str, start: int, end: int, hit: Hit) -> bool:
        if end < len(text) and text[end] == "$":
            return False  # a currency: "US$", "A$", "HK$"
        # Compound adjectives: "North Korea-made", "Russia-China", "pro-Russia".
        if end < len(text) and text[end] == "-" and text[end + 1 : end + 2].isalpha():
            return False
        if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
            return False
        surface = text[start:end]
        if surface in self._modifier_sensitive and self._modifies(text, end):
            return False
        if surface == "West" and word_after(text, end)[:1].isupper():
            return False
        after = text[end : end + 2]
        if (after[:1] in "'’" or (after[:1] == " " and after[1:].isupper())) \
                and self._in_law_name(text, end):
            return False
        if hit.capital and text[end : end + 2] not in ("'s", "’s"):
            original = text[max(0, start - 40) : start].split()[-2:]
            if len(original) == 2 and original[1] == "of" and original[0][:1].isupper():
                return False  # "Tamerlan Logistic LLC of Bishkek": where a firm sits
            before = [word.lower() for word in original]
            if before and before[-1] == "of" and len(before) == 2:
                before = before[:1]  # "east of Moscow", "the outskirts of Kyiv"
            if (before and before[-1] in self._locative) \
                    or (len(before) == 2 and before[-1] in ("to", "from")
                        and before[0] in self._movement) \
                    or word_after(text, end) in self._place_cues:
                return False
            if before and before[-1] in ("a", "an") and self._modifies(text, end):
                return False  # "a Moscow think tank": the city, used as an adjective
        return True

    def _in_law_name(self, text: str, end: int) -> bool:
        """Whether capitalised words after the name run to a law's last word
        (``Taiwan Enhanced Resilience Act``), through small words and a possessive."""
        position = end + 2 if text.startswith(("'s ", "’s "), end) else end
        if not text.startswith(" ", position) or not text[position + 1 : position + 2].isupper():
            return False
        for word in text[position : position + 100].split(None, 9)[:9]:
            bare = word.rstrip(".,;:)”\"")
            if bare in self._law_heads:
                return not title_line(text, end)  # "China Passes Law on Exports"
            if bare != word or not (word[0].isupper() or word in _LAW_JOINERS):
                return False
        return False

    def _modifies(self, text: str, end: int) -> bool:
        """Whether a country abbreviation modifies a common noun: ``U.S. officials``,
        also through a coordination: ``U.S. and South Korean officials``."""
        after = word_after(text, end)
        if not after:
            return False
        if after in ("and", "or"):
            # Skip the coordinated names ("and South Korean") to the noun they share.
            words = text[end : end + 80].split()[1:5]
            names = 0
            while names < len(words) and words[names][:1].isupper():
                names += 1
            if not names or names == len(words):
                return False
            noun = words[names].rstrip(",.;:")
            return noun[:1].islower() and noun not in self._noun_cues \
                and not noun.endswith("ed")
        if not after[0].islower() or after in self._noun_cues or after.endswith("ed"):
            return False
        # A word followed by an article or pronoun is a verb: "Moscow sees a threat".
        following = text[end : end + 60].split()[1:2]
        return not (following and following[0] in _OBJECT_STARTS)
