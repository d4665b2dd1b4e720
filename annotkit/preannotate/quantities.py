"""The quantity annotator: a number grammar with currencies, multipliers, units,
percentages, counted nouns, ranges and qualifiers kept outside the span."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

import attrs

from annotkit._frozen import FrozenMap
from annotkit.documents.model import Document, Span
from annotkit.preannotate.matcher import Triggers, digit_runs
from annotkit.preannotate.rules import Rules
from annotkit.preannotate.text import sentence_start, title_line, word_after

# Western grouping (1,500,000), Indian grouping (1,80,000 and 12,34,567), plain digits.
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d+(?:\.\d+)?"
_SP = r"[ \t\u00a0]"


# Past participles that end no counted noun ("60% of the parts found in ...").
_PARTICIPLES = frozenset("""found made built sold bought held given taken seen shown paid sent
    kept left brought known grown done spent won lost""".split())
# A country's abbreviation as a modifier inside a counted phrase: "28 U.S. entities".
_COUNTRY_MODIFIER = re.compile(r"[ \t]+(?P<c>U\.S\.|US|U\.K\.|UK|EU)(?=[ \t]+[a-z])")
_QUANTIFIERS = frozenset("""many several some other others few all both numerous various
    thousands hundreds dozens millions billions scores tens""".split())
# Adverbs that end a counted noun ("183 vessels together with ...").
_ADVERBS = frozenset("together combined altogether apiece once twice".split())
# Words before "one" that make it a pronoun: "every one of them", "no one".
_PRONOUN_ONE = frozenset("no every each any which the this that someone anyone".split())


def _alternation(words: Iterable[object]) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


def _runs_on(phrase: str) -> bool:
    """Whether a capitalised word follows a lower-case one: the phrase after "one"
    runs into a clause ("one reason Saudi buyers", "one price list I saw")."""
    words = phrase.split()
    return any(word[:1].isupper() and before[:1].islower()
               for before, word in itertools.pairwise(words))


def normalize(number: str, multiplier: int = 1) -> str:
    """``"1,500.50"`` → ``"1500.5"``; with a multiplier, ``("1.5", 10**9)`` → ``"1500000000"``."""
    value = Decimal(number.replace(",", "")) * multiplier
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


# Words that may open the base of a percentage ("40% of that capacity"), never end it.
_DETERMINERS = frozenset(["the", "its", "their", "all", "that", "this", "these", "those",
                          "our", "his", "her"])
_OPENERS = _DETERMINERS | {"total", "global", "world"}
# Words in -ing that are nouns, not participles ("5% of defense spending").
_ING_NOUNS = frozenset("""spending funding financing shipbuilding manufacturing training
    engineering housing planning building processing licensing offering earnings holdings
    savings borrowing lending servicing refining mining shipping trading pricing sourcing
    testing tooling targeting marketing accounting""".split())
# Nouns in -ly ("5% of supply"), unlike the adverbs that end a phrase.
_LY_NOUNS = frozenset("""supply family assembly anomaly monopoly ally rally italy july
    fly belly jelly bully gully""".split())
# Plurals that modify the noun after them: "arms market", "electronics suppliers".
_MODIFIER_PLURALS = frozenset("""arms goods sales news logistics electronics economics
    optics avionics ballistics munitions systems materials parts""".split())


def _plural(word: str) -> bool:
    """Whether a lower-case word looks like a plural noun: "countries", not "mass"."""
    return len(word) > 3 and word.isalpha() and word.islower() and word.endswith("s") \
        and not word.endswith(("ss", "us", "is", "ous")) and word not in _MODIFIER_PLURALS


def _is_head(word: str) -> bool:
    return word.islower() or (word.isupper() and len(word) > 1) or (
        word[:-1].isupper() and word.endswith("s") and len(word) > 2)


@attrs.frozen
class _Found:
    start: int
    end: int
    value: str
    unit: str
    of: str
    score: float


class QuantityAnnotator:
    """Proposes QUANTITY spans with ``value``, ``unit``, ``of`` and ``qualifier``.

    Dates, years, ordinals, list numbers, multipliers (``2 to 10 times``) and
    numbers inside designations (``T-72``) are left alone.
    """

    channel = "number"

    def __init__(self, rules: Rules, triggers: Triggers | None = None) -> None:
        self.name = "quantities"
        get = rules.get
        self._before: Mapping[str, str] = get("quantities", "currencies_before")
        self._after: Mapping[str, str] = get("quantities", "currencies_after")
        self._multipliers: Mapping[str, int] = get("quantities", "multipliers")
        self._units: Mapping[str, str] = get("quantities", "units")
        self._words: Mapping[str, int] = get("quantities", "number_words")
        self._stop = frozenset(get("quantities", "stop_words"))
        self._vague = frozenset(get("quantities", "vague_after"))
        vague_before = _alternation(get("quantities", "vague_before"))
        self._vague_before = re.compile(rf"(?:^|(?<=[^\w]))(?:{vague_before}){_SP}+\Z",
                                        re.IGNORECASE)
        self._year_cues = frozenset(w.lower() for w in get("quantities", "year_cues"))
        self._months = frozenset(get("quantities", "months"))
        self._max_words: int = get("quantities", "max_noun_words")
        symbols = _alternation(k for k in self._before if not k.isalpha())
        codes = _alternation(k for k in self._before if k.isalpha())
        # Headlines capitalise the word multipliers: "Two Million Rounds", "$2 Billion".
        self._multipliers = {**self._multipliers, **{
            k.capitalize(): v for k, v in self._multipliers.items() if len(k) > 3}}
        spaced = _alternation(k for k, v in self._multipliers.items() if len(k) > 2 or v > 10**3)
        attached = _alternation(k for k in self._multipliers if len(k) <= 3)
        self._digits = re.compile(
            rf"(?:(?P<sym>{symbols}){_SP}?|(?P<code>{codes}){_SP}?)?"
            rf"(?P<a>{_NUM})(?P<att>{attached})?"
            rf"(?:{_SP}?[-–]{_SP}?(?:{symbols})?(?P<b>{_NUM})(?P<att2>{attached})?)?(?![\w,]\d|\w)"
        )
        self._prefix = re.compile(rf"(?:(?:{symbols}){_SP}?|(?:{codes}){_SP}?)\Z")
        self._triggers = triggers or Triggers()
        tens = [w for w, v in self._words.items() if 20 <= v <= 90]
        ones = [w for w, v in self._words.items() if 1 <= v <= 9]
        for word in self._words:
            self._triggers.add(self.channel, word, word, fold_case=True)
        for ten in tens:
            for one in ones:
                self._triggers.add(self.channel, f"{ten}-{one}", f"{ten}-{one}", fold_case=True)
        self._multiplier = re.compile(rf"{_SP}+(?P<m>{spaced})(?![\w])")
        percent = _alternation(p for p in get("quantities", "percent") if p != "%")
        self._percent = re.compile(rf"%|{_SP}+(?:{percent})(?![\w])")
        self._currency_after = re.compile(rf"{_SP}+(?P<c>{_alternation(self._after)})(?![\w])")
        self._unit = re.compile(rf"{_SP}+(?P<u>{_alternation(self._units)})(?![\w/])",
                                re.IGNORECASE)
        # A word holds a letter: "tanks", "UAVs", "2A6" (of "Leopard 2A6"), not "2026".
        self._word = re.compile(rf"{_SP}+(?P<w>(?=\d*[A-Za-z])\w[\w'’-]*)")
        self._capital_stop = frozenset(get("organizations", "stop_words"))
        self._of = re.compile(rf"{_SP}+of{_SP}+")
        # "three of them", and partitives: "27 of the 50 codes", "30 of about 350".
        numbers = _alternation(w for w in self._words if " " not in w)
        self._of_them = re.compile(
            rf"{_SP}+of{_SP}+(?:them|these|those|which|whom|"
            rf"(?:the|about|some|roughly|nearly|around){_SP}+(?:\d|{numbers}\b))")
        self._half = re.compile(rf"{_SP}+and{_SP}+a{_SP}+half\b")
        self._more = re.compile(rf"{_SP}+more\b(?!{_SP}+than)")
        self._range_to = re.compile(rf"{_SP}+to{_SP}+\Z")
        self._from_before = re.compile(rf"(?:^|\W)(?:from|From|between|Between){_SP}+\Z")
        qualifiers = _alternation(get("quantities", "qualifiers"))
        self._qualifier = re.compile(rf"(?:^|(?<=[^\w]))(?P<q>{qualifiers}){_SP}+\Z",
                                     re.IGNORECASE)
        # A designation or a plural name follows: "48 Mi-17", "17 Gripens", "111 Borsuks",
        # "720 Switchblade 300 drones".
        self._designation_next = re.compile(
            rf"{_SP}+(?:[A-Z][A-Za-z]*-?\d|[A-Z][a-z]+[a-rt-z]s\b|[A-Z][a-z]+{_SP}\d)")
        self._elided_before = frozenset(get("quantities", "elided_before"))
        self._elided_after = frozenset(get("quantities", "elided_after"))
        self._elided_end = re.compile(
            rf"(?:{_SP}+(?:in|by|to|from|at|for|with|this|last|next|so|each|a|per|over|and|or|"
            rf"of|as|since|under|on|into)\b|{_SP}+[A-Z]|[.,;:)]|\s*\Z)")
        rates = _alternation(get("quantities", "rate_cues"))
        self._rate_next = re.compile(rf"{_SP}+(?:{rates})(?![\w])")

    def __call__(self, document: Document) -> Iterator[Span]:
        text = document.text
        found: list[_Found] = []
        previous_end = -1
        for run_start, _run_end in digit_runs(text):
            if run_start < previous_end:
                continue  # the second number of a range already read
            anchor = run_start
            prefix = self._prefix.search(text, max(0, run_start - 4), run_start)
            if prefix:
                anchor = prefix.start()
            if anchor and (text[anchor - 1].isalnum() or text[anchor - 1] in "_.,/-$€£¥₽"):
                continue
            match = self._digits.match(text, anchor)
            if match is None:
                continue
            previous_end = match.end()
            item = self._from_digits(text, match)
            if item is not None:
                found.append(item)
        for start, end, word in self._triggers.hits(text, self.channel):
            if (start and text[start - 1] == "-") or (end < len(text) and text[end] == "-"):
                continue
            if word == "one" and text[max(0, start - 10) : start].lower().rsplit(None, 1)[-1:] \
                    in ([w] for w in _PRONOUN_ONE):
                continue
            if self._vague_before.search(text, max(0, start - 16), start):
                continue  # "several hundred", "a few thousand"
            if text[start].isupper() and word_after(text, end)[:1].isupper() \
                    and not sentence_start(text, start) and not title_line(text, start) \
                    and not self._unit.match(text, end) \
                    and not self._multiplier.match(text, end):
                continue  # a name: "the Three Principles", "the Five Eyes"
            number = self._spelled_value(word)
            if number is not None:
                item = self._tail(text, start, end, str(number), 1, None, False)
                if item is not None and not (number == 1 and _runs_on(item.of)):
                    found.append(item)
        found.sort(key=lambda f: f.start)
        skip = -1
        previous: _Found | None = None
        for index, item in enumerate(found):
            if index == skip:
                continue
            joined = self._range(text, item, found[index + 1 : index + 2])
            if joined is not None:
                item, skip = joined, index + 1
            elif not item.unit:
                borrowed = self._borrow_unit(text, item, found[index + 1 :])
                if borrowed is None and self._qualifier.search(text, max(0, item.start - 30),
                                                               item.start):
                    # "at least ten.", "more than 150 in service": a qualified bare
                    # number is a count whose noun was said before.
                    borrowed = attrs.evolve(item, unit="count", score=0.5)
                if borrowed is None:
                    borrowed = self._after_from(text, item, previous)
                if borrowed is None and self._elided(text, item, previous):
                    borrowed = attrs.evolve(item, unit="count", score=0.5)
                if borrowed is None:
                    continue
                item = borrowed
            previous = item
            attributes = {"value": item.value, "unit": item.unit}
            if item.of:
                attributes["of"] = item.of
            qualifier = self._qualifier.search(text, max(0, item.start - 30), item.start)
            if qualifier:
                attributes["qualifier"] = qualifier.group("q").lower()
            yield Span.unchecked(item.start, item.end, "QUANTITY",
                                 f"QUANTITY-{item.start}-{item.end}", FrozenMap(attributes),
                                 item.score, "pattern:quantity")

    def _spelled_value(self, word: str) -> int | None:
        parts = word.lower().split("-")
        values = [self._words.get(part) for part in parts]
        if any(v is None for v in values):
            return None
        return sum(v for v in values if v is not None)

    def _from_digits(self, text: str, match: re.Match[str]) -> _Found | None:
        start, end = match.span()
        a, b = match.group("a"), match.group("b")
        currency = None
        if match.group("sym"):
            currency = self._before[match.group("sym")]
        elif match.group("code"):
            currency = self._before[match.group("code")]
        sign = match.group("sym") or match.group("code") or ""
        if currency == "INR" and sign.startswith("Rs") \
                and text.count("Pakistan") > text.count("India"):
            currency = "PKR"  # "Rs" is the rupee of both; the text says whose
        attached = match.group("att") or match.group("att2")
        if attached and currency is None:
            return None  # "10k" without a currency is too vague
        if match.group("code") and text[match.end("code")].isdigit() and not (
                attached or "." in a or "," in a or self._multiplier.match(text, end)):
            return None  # a code glued to a small number is a name: "COP26", not "RM21.2 billion"
        multiplier = self._multipliers[attached] if attached else 1
        if self._is_date_or_list(text, start, end, a, b, currency):
            return None
        value = a if b is None else f"{a}-{b}"
        return self._tail(text, start, end, value, multiplier, currency, b is not None)

    def _is_date_or_list(self, text: str, start: int, end: int, a: str, b: str | None,
                         currency: str | None) -> bool:
        if end < len(text) and text[end] in "/." and text[end + 1 : end + 2].isdigit():
            return True  # 22/12/2025, 1.2.3
        if end < len(text) and text[end] == "." and (start == 0 or text[start - 1] == "\n"):
            return True  # a numbered list or section: "1. Impact"
        if currency is None and len(a) == 4 and a.isdigit() and 1800 <= int(a) <= 2100 \
                and not self._percent.match(text, end) \
                and (b is None or (b.isdigit() and len(b) in (2, 4))):
            return True  # a year, or a span of years: "2020-24", "2025-26"
        before = text[max(0, start - 12) : start].split()
        after = text[end : end + 12].split()
        if before and before[-1].rstrip(",") in self._months:
            return True
        return bool(after) and after[0].rstrip(",.") in self._months

    def _tail(self, text: str, start: int, end: int, value: str, multiplier: int,
              currency: str | None, is_range: bool) -> _Found | None:
        half = self._half.match(text, end)
        if half and "-" not in value and not value.isalpha():
            value = str(Decimal(value.replace(",", "")) + Decimal("0.5"))  # "two and a half"
            end = half.end()
        # Up to two multipliers: "1.5 lakh crore", "2 thousand crore".
        for _ in range(2):
            spaced = self._multiplier.match(text, end)
            if not spaced:
                break
            multiplier *= self._multipliers[spaced.group("m")]
            end = spaced.end()
        value = "-".join(normalize(part, multiplier) for part in value.split("-")) \
            if not value.isalpha() else value
        percent = self._percent.match(text, end)
        if percent:
            end = percent.end()
            of = ""
            base = self._of.match(text, end)
            if base:
                phrase_end = self._noun_phrase(text, base.end() - 1, allow_determiner=True)
                if phrase_end > base.end():
                    of = text[base.end() : phrase_end]
                    end = phrase_end
            return _Found(start, end, value, "percent", of, 0.9)
        after = self._currency_after.match(text, end)
        if after:
            return _Found(start, after.end(), value, self._after[after.group("c")], "", 0.9)
        if currency is not None:
            return _Found(start, end, value, currency, "", 0.9)
        unit = self._unit.match(text, end)
        if unit:
            word = unit.group("u")
            kind = self._units.get(word) or self._units.get(word.lower(), word.lower())
            return _Found(start, unit.end(), value, kind, "", 0.85)
        phrase_end = self._noun_phrase(text, end, allow_determiner=False)
        if phrase_end > end:
            noun = text[end:phrase_end].strip()
            if noun.split()[-1].lower() in self._vague:
                return None
            return _Found(start, phrase_end, value, "count", noun, 0.75)
        next_word = self._word.match(text, end)
        if next_word and next_word.group("w").lower() in self._vague:
            return None
        more = self._more.match(text, end)
        if more:
            # "two more years", "seven more boats": the noun after "more" is counted.
            unit = self._unit.match(text, more.end())
            if unit:
                word = unit.group("u")
                kind = self._units.get(word) or self._units.get(word.lower(), word.lower())
                return _Found(start, unit.end(), value, kind, "", 0.8)
            phrase_end = self._noun_phrase(text, more.end(), allow_determiner=False)
            if phrase_end > more.end():
                noun = text[more.end() : phrase_end].strip()
                if noun.split()[-1].lower() not in self._vague:
                    return _Found(start, phrase_end, value, "count", noun, 0.7)
        if more or self._of_them.match(text, end):
            return _Found(start, end, value, "count", "", 0.6)  # "three of them", "10 more"
        if self._designation_next.match(text, end) or self._rate_next.match(text, end):
            return _Found(start, end, value, "count", "", 0.6)
        if multiplier > 1 or "," in text[start:end]:
            # "to 1.1 million by 2027", "up from 70,000": a large number whose noun
            # was said before is still an amount.
            return _Found(start, end, value, "count", "", 0.5)
        return _Found(start, end, value, "", "", 0.5)

    def _noun_phrase(self, text: str, end: int, allow_determiner: bool) -> int:
        """End of the counted noun phrase after ``end`` (``end`` itself if none)."""
        words: list[tuple[str, int]] = []
        position = end
        while len(words) < self._max_words:
            country = _COUNTRY_MODIFIER.match(text, position)
            if country:
                words.append((country.group("c"), country.end("c")))  # "28 U.S. entities"
                position = country.end("c")
                continue
            match = self._word.match(text, position)
            if match is None:
                break
            word = match.group("w").rstrip("'’")
            lowered = word.lower()
            first = allow_determiner and not words
            if first and lowered in _OPENERS:
                words.append((word, match.start("w") + len(word)))
                position = match.start("w") + len(word)
                continue
            possessive = word.endswith(("'s", "’s"))
            if lowered in ("and", "or") and words and not first:
                if _plural(words[-1][0]):
                    break  # "150 individuals and entities": the count's head came first
                coordinated = self._coordinated(text, match.start("w") + len(word))
                if coordinated:
                    words.append(("nouns", coordinated))  # a plural head: kept below
                break
            if lowered.endswith("ing") and words and words[-1][0].endswith("s") \
                    and not words[-1][0].endswith("ss"):
                break  # "150 shipments containing ...": a participle after the head
            if allow_determiner and words and words[-1][0].lower() not in _OPENERS and (
                    lowered.endswith("ed")
                    or (lowered.endswith("ing") and lowered not in _ING_NOUNS)):
                break  # "70% of revenue earned abroad", "66% of the backlog coming"
            if words and _plural(words[-1][0]) and word.islower() and not _plural(word) \
                    and lowered not in ("and", "or"):
                break  # a verb after a plural head: "six countries total", "two countries sign"
            if words and lowered.endswith("ly") and lowered not in _LY_NOUNS:
                break  # an adverb after the head: "40% of equipment jointly"
            if lowered in self._stop or lowered in _ADVERBS or word in self._capital_stop \
                    or (possessive and not (allow_determiner and word.islower())):
                break
            words.append((word, match.start("w") + len(word)))
            position = match.start("w") + len(word)
            if allow_determiner and word == "GDP":
                break  # "a 2% of GDP target": the base ends at GDP
        # The head noun is the last word, in lower case (or an acronym like UAVs):
        # "300 Shahed drones" keeps its name, which the merge then cuts out.
        # A title-case headline capitalises its nouns. Its phrase runs to a small
        # word ("Two Million Rounds a Year", "300 Kestrel Drones at Zlin"); past
        # two words its end is not known ("300 Drones Hit Kyiv"): the first only.
        if words and words[0][0].istitle() and title_line(text, end):
            return words[-1][1] if len(words) <= 2 else words[0][1]
        while words and (not _is_head(words[-1][0])
                         or words[-1][0].lower().endswith("ed")
                         or words[-1][0].lower() in _PARTICIPLES
                         or (not allow_determiner and words[-1][0].lower().endswith("ing"))
                         or words[-1][0].lower() in _DETERMINERS):
            words.pop()
        return words[-1][1] if words else end

    def _range(self, text: str, item: _Found, later: list[_Found]) -> _Found | None:
        """``three to four years``, ``1.5 to 2 million shells``: one span, value
        ``a-b``. After ``from``/``between`` the two numbers are a change or two
        bounds, and stay two spans."""
        if not later or item.unit:
            return None
        following = later[0]
        between = text[item.end : following.start]
        if between.strip() != "to" or not following.unit or "-" in following.value \
                or not self._range_to.match(text, item.end, following.start):
            return None
        if self._from_before.search(text, max(0, item.start - 12), item.start):
            return None
        low = item.value
        scaled = self._multiplier.search(text, following.start, following.end)
        if scaled and not self._multiplier.search(text, item.start, item.end):
            low = normalize(low, self._multipliers[scaled.group("m")])
        try:
            if Decimal(low) >= Decimal(following.value):
                return None  # "cut 10 to 5 tanks" reads as a change
        except ArithmeticError:
            return None
        return _Found(item.start, following.end, f"{low}-{following.value}", following.unit,
                      following.of, following.score)

    def _elided(self, text: str, item: _Found, previous: _Found | None) -> bool:
        """A bare whole number whose counted noun was said before: after a verb of
        having or making, before a preposition or punctuation (``Lockheed
        delivered 500 in 2024``), or before a verb (``Four are being built``,
        ``with 25 delivered``). ``one`` and numbers in names (``Batch 2``) are not."""
        if not item.value.isdigit() or item.value == "1":
            return False
        before = text[max(0, item.start - 24) : item.start].split()
        if before and before[-1][:1].isupper() \
                and not sentence_start(text, text.rfind(before[-1], 0, item.start)):
            return False  # "Batch 2", "Estlink 2": part of a name
        after = self._word.match(text, item.end)
        if after and after.start("w") == item.end + 1 \
                and after.group("w") in self._elided_after:
            return True
        if not before or self._elided_end.match(text, item.end) is None:
            return False
        if before[-1] in self._elided_before:
            return True
        # "sold 12 to the Philippines and 18 to Malaysia": a count's coordinate.
        return before[-1] in ("and", "or", "while", "but") and previous is not None \
            and previous.unit == "count" and item.start - previous.end < 80

    def _after_from(self, text: str, item: _Found, previous: _Found | None) -> _Found | None:
        """``from 30 months to 15``: the bare second number takes the first one's unit."""
        if previous is None or not previous.unit or previous.unit == "percent" \
                or text[previous.end : item.start] != " to " \
                or not self._from_before.search(text, max(0, previous.start - 12),
                                                previous.start):
            return None
        after = self._word.match(text, item.end)
        if after and after.start("w") == item.end + 1 \
                and after.group("w").lower() not in self._stop:
            return None  # a noun follows after all
        return attrs.evolve(item, unit=previous.unit, of="", score=0.55)

    def _coordinated(self, text: str, position: int) -> int:
        """End of a coordinated plural noun phrase after ``and``/``or`` (``22
        individuals and entities``, ``seven medium and heavy rare earths``), or 0."""
        last = 0
        for _ in range(4):
            match = self._word.match(text, position)
            if match is None:
                break
            word = match.group("w")
            if not word.islower() or word in self._stop or word in _QUANTIFIERS \
                    or word.endswith(("'s", "’s", "ed")) or self._spelled_value(word):
                break  # "15 entities and four individuals": two counts
            position = match.end("w")
            if word.endswith("s") and not word.endswith("ss"):
                last = position
        if not last:
            return 0
        following = self._word.match(text, last)
        if following and following.start("w") == last + 1 \
                and following.group("w").lower() not in self._stop:
            return 0  # the phrase runs on: not a coordinated head after all
        return last

    def _borrow_unit(self, text: str, item: _Found, later: list[_Found]) -> _Found | None:
        """A bare number before a joined quantity takes its unit (``31 to 12 countries``)."""
        if not later:
            return None
        following = later[0]
        between = text[item.end : following.start].strip().lower()
        if between not in ("to", "and", "or", ",", "-", "–", "or even", "and even") \
                or not following.unit:
            return None
        value = item.value
        scaled = self._multiplier.search(text, following.start, following.end)
        if scaled and "-" not in value and not self._multiplier.search(text, item.start, item.end):
            value = normalize(value, self._multipliers[scaled.group("m")])  # "1.5 and 2 million"
        return attrs.evolve(item, value=value, unit=following.unit, of="", score=0.6)
