"""Pattern annotators for names no lexicon lists: designations, organisations, persons."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from annotkit._frozen import FrozenMap
from annotkit.documents.model import Document, Span
from annotkit.preannotate.lexicon import Lexicon
from annotkit.preannotate.matcher import Triggers, digit_runs, is_word_char
from annotkit.preannotate.rules import Rules
from annotkit.preannotate.text import sentence_start, slug, title_line, word_after

_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_YEAR = re.compile(r"(?:19|20)\d\d\Z")
_DASH_DIGIT = re.compile(r"-[0-9]")
_SPACE = re.compile(r"[ \t]+")
_PARTICLE = re.compile(r"\w+")


def _prefix(token: str) -> str:
    if token[:1].isdigit():
        return token[:2]
    return token.split("-", 1)[0]


_LEGAL_FORMS = (
    r"Co\.,?[ \t]+(?:Ltd\.?|Limited)|Co\.|Ltd\.?(?:[ \t]+Şti\.)?|Inc\.?|Corp\.?|S\.A\.|"
    r"S\.p\.A\.|SpA|"
    r"N\.V\.|B\.V\.|A\.Ş\.|d\.o\.o\.|GmbH(?:[ \t]+&[ \t]+Co\.[ \t]+KG)?|AG|AB|ASA|Oyj?|plc|"
    r"PLC|LLC|LLP|JSC|PJSC|OJSC|CJSC|FZE|FZCO|FZ-LLC|DMCC|Pte\.?[ \t]+Ltd\.?|Sdn\.?[ \t]+Bhd\.?|"
    r"SAS|SE|KG|OOO|ZAO|OAO|PAO|Limited|Şti\.|Pty\.?[ \t]+Ltd\.?|a\.s\.|s\.r\.o\.|"
    r"Sp\.[ \t]+z[ \t]+o\.o\.|S\.r\.l\.|Kft\.|Zrt\.")
#: A company's legal form after its name: "Embraer S.A.", "Diehl Defence GmbH & Co. KG".
LEGAL_FORM = re.compile(rf"(?:,?[ \t]+(?:{_LEGAL_FORMS}))+(?![\w&])")
_ABBREVIATED = frozenset("Corp Inc Ltd Co Bhd Pte".split())
#: Parts of a legal form the left walk passes over: "Tianrui Components Co., Limited".
_FORM_PARTS = frozenset(["Co.,", "Co.", "Co", "&", "Pty", "Sdn", "Pte"])
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


def _word_before(text: str, end: int) -> str:
    """The run of non-space characters that ends at ``end``."""
    if not end or text[end - 1].isspace():
        return ""
    low = max(0, end - 64)
    parts = text[low:end].rsplit(None, 1)
    if len(parts) == 1 and low:  # a run longer than the window: walk it
        low = end - len(parts[0])
        while low > 0 and not text[low - 1].isspace():
            low -= 1
        return text[low:end]
    return parts[-1]


def _alone(text: str, start: int, end: int) -> bool:
    """No letter, digit or hyphen glued to either side of ``text[start:end]``."""
    if start and (is_word_char(text[start - 1]) or text[start - 1] == "-"):
        return False
    return not (end < len(text) and (is_word_char(text[end]) or text[end] == "-"))


class DesignationAnnotator:
    """Proposes SYSTEM spans for designation-like tokens (``Su-57``, ``9M723``) that
    stand near a weapon word or share a prefix with designations in the lexicon."""

    def __init__(self, lexicon: Lexicon, rules: Rules) -> None:
        self.name = "designations"
        self._regexes: tuple[re.Pattern[str], ...] = rules.get("designations", "regexes")
        self._window: int = rules.get("designations", "context_window")
        self._context: dict[str, str] = dict(rules.get("designations", "context"))
        self._excluded = frozenset(rules.get("designations", "excluded_prefixes"))
        votes: dict[str, Counter[str]] = {}
        for entry in lexicon.entries:
            if entry.label != "SYSTEM":
                continue
            for alias in entry.aliases:
                if any(regex.fullmatch(alias) for regex in self._regexes):
                    votes.setdefault(_prefix(alias), Counter())[entry.kind] += 1
        self._known = {prefix: counts.most_common(1)[0][0] for prefix, counts in votes.items()}

    def _candidates(self, text: str) -> Iterator[int]:
        for match in _DASH_DIGIT.finditer(text):
            start = match.start()
            while start > 0 and text[start - 1].isalpha() and match.start() - start < 8:
                start -= 1
            if start < match.start():
                yield start
        for start, end in digit_runs(text):
            if end < len(text) and text[end].isupper():
                yield start

    def __call__(self, document: Document) -> Iterator[Span]:
        text = document.text
        seen: set[int] = set()
        for start in self._candidates(text):
            if start in seen:
                continue
            seen.add(start)
            end = max((m.end() for regex in self._regexes if (m := regex.match(text, start))),
                      default=start)
            if end == start:
                continue
            token = text[start:end]
            if token.endswith("s") and (token[-2:-1].isdigit() or token[-2:-1].isupper()):
                end -= 1
                token = token[:-1]
            if not _alone(text, start, end + (text[end : end + 1] == "s")):
                continue
            prefix = _prefix(token)
            if prefix in self._excluded or _YEAR.match(token.rsplit("-", 1)[-1]):
                continue
            category = self._category(text, start, end)
            known = self._known.get(prefix)
            if category is None and known is None:
                continue
            if known is not None and (category is None or category == "other"):
                category = known
            yield Span.unchecked(start, end, "SYSTEM", f"SYSTEM-{start}-{end}",
                                 FrozenMap({"canonical": token.lower(),
                                            "category": category or "other"}),
                                 0.7 if known else 0.55, "pattern:designation")

    def _category(self, text: str, start: int, end: int) -> str | None:
        found: str | None = None
        after = text[end : end + self._window]
        before = text[max(0, start - self._window) : start]
        for chunk in (after, before):
            for word in _WORD.findall(chunk):
                category = self._context.get(word)
                if category is not None and category != "other":
                    return category
                if category is not None:
                    found = found or category
        return found


_NAME_TOKEN = re.compile(r"(?:[A-Z][\w’'&.-]*[\w.]|[A-Z]|&)")
_PREFIX = "prefix"
_AFTER_PREFIX = re.compile(
    r"[ \t]+(?P<open>[«\"“])?(?P<name>[A-Z][\w-]*(?:[ \t]+(?:[A-Z][\w-]*|&))" + "{0,3})"
    r"(?![\w’'-])")
_COMPANY_NOUN = "company-noun"
_NUMBERED_HEADS = frozenset(["Factory", "Plant", "Works", "Shipyard", "Arsenal", "Complex"])
_PLANT_NUMBER = re.compile(r" (?:No\.? ?)?\d{1,4}(?![\w,.]\w|%)")
_COMPANY_PLURAL = "company-plural"
_BASED = "based"
_CONNECTORS = frozenset(["of", "for", "and", "&", "the"])
_NOT_PLACES = frozenset("""ground sea land air space cloud web home carrier ship shore water
    rule evidence risk market merit performance science text paper fact interest value
    community faith gas oil coal nuclear satellite missile drone""".split())
_AFTER_BASED = re.compile(
    r" (?P<nouns>(?:[a-z][a-z-]* ){0,3})"
    r"(?P<name>[A-Z][\w’'&-]*(?: (?:(?:of|for|and|&|the) )?[A-Z][\w’'&-]*){0,5})(?![\w’'-])")
_FACILITY = "facility"
_FACILITY_NAME = r"[A-Z][\w-]*(?: [A-Z][\w-]*)?"
_BEFORE_FACILITY = re.compile(
    rf"(?:^|(?<=\W))(?:the|its|their|a|new|state|state-owned|main)"
    rf" (?:new )?(?P<a>{_FACILITY_NAME})(?: and (?P<b>{_FACILITY_NAME}))? \Z")
_DEMONYM_ENDINGS = ("ian", "ese", "ish", "ean", "ern", "stani", "aqi", "eli", "ati", "udi",
                    "ani", "eni", "eshi")
_NAMED_BEFORE = re.compile(
    r"(?P<name>[A-Z][\w&-]*(?: [A-Z][\w&-]*){0,2}), (?:a|an|the)(?: [\w’'-]+){0,3} \Z")
_PREPOSITIONS = frozenset("in at from near to of on across into inside outside by via".split())
_LISTED = re.compile(r",?[ \t]+(?:such[ \t]+as|including|like)(?=[ \t])")
_LIST_JOINER = re.compile(r"(?:,[ \t]+and|,|[ \t]+and|[ \t]+or)[ \t]")
_AFTER_NOUN = re.compile(r"[ \t]+(?P<name>[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*){0,2})(?![\w’'-])")
_JOINER = re.compile(r"[ \t]+(?:and|of|the|for|&)?[ \t]*(?=[A-Z])")


class OrganizationAnnotator:
    """Proposes ACTOR spans shaped like organisation names: capitalised words
    around a head (``... Corporation``, ``... Plant``, ``Ministry of ...``)."""

    channel = "organization"

    def __init__(self, rules: Rules, triggers: Triggers | None = None) -> None:
        self.name = "organizations"
        self._heads: dict[str, str] = dict(rules.get("organizations", "heads"))
        self._need_of = frozenset(rules.get("organizations", "need_of"))
        self._stop = frozenset(rules.get("organizations", "stop_words"))
        self._inner = frozenset(rules.get("organizations", "inner_adjectives"))
        self._document_tails = frozenset(rules.get("organizations", "document_tails"))
        self._tail = re.compile(r"[ \t]+(of|for|on)[ \t]+(?:the[ \t]+)?(?=[A-Z])")
        # A legal form ends the name: "Tamerlan Logistic LLC of Bishkek" takes no "of".
        legal = re.compile(rf"(?:{_LEGAL_FORMS})\Z")
        self._legal = frozenset(h for h in self._heads if legal.match(h) or h in _FORM_PARTS)
        self._triggers = triggers or Triggers()
        for head, kind in self._heads.items():
            self._triggers.add(self.channel, head, kind)
        # Legal forms written before the name: "OOO Severnaya Komponenta", "PT PAL".
        for form in rules.get("organizations", "prefix_forms"):
            self._triggers.add(self.channel, form, _PREFIX)
        for noun in rules.get("organizations", "facility_nouns"):
            self._triggers.add(self.channel, noun, _FACILITY)
        for noun in rules.get("organizations", "company_nouns"):
            self._triggers.add(self.channel, noun, _COMPANY_NOUN)
            plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
            self._triggers.add(self.channel, plural, _COMPANY_PLURAL)
        self._company_nouns = frozenset(rules.get("organizations", "company_nouns"))
        self._based_nouns = frozenset(rules.get("organizations", "based_nouns")) \
            | self._company_nouns
        self._programme_nouns = frozenset(rules.get("organizations", "programme_nouns"))
        self._triggers.add(self.channel, "based", _BASED)

    def __call__(self, document: Document) -> Iterator[Span]:
        text = document.text
        for head_start, head_end, kind in self._triggers.hits(text, self.channel):
            if head_end < len(text) and text[head_end] == "-":
                continue
            if kind == _PREFIX:
                span = self._after_prefix(text, head_start, head_end)
                if span is not None:
                    yield span
                continue
            if kind == _COMPANY_NOUN:
                span = self._after_company_noun(text, head_end)
                if span is not None:
                    yield span
                yield from self._apposed_company(text, head_start)
                continue
            if kind == _FACILITY:
                yield from self._before_facility(text, head_start)
                continue
            if kind == _COMPANY_PLURAL:
                yield from self._listed_companies(text, head_end)
                continue
            if kind == _BASED:
                span = self._after_based(text, head_start, head_end)
                if span is not None:
                    yield span
                continue
            if word_after(text, head_end) in self._document_tails:
                continue  # "Export Administration Regulations": a law, not a body
            start = self._extend_left(text, head_start)
            head = text[head_start:head_end]
            end = head_end if head in self._legal \
                else self._extend_right(text, head_end, company=kind == "company")
            if start == head_start and end == head_end:
                continue
            if text[end : end + 1] == "." and text[head_start:end] in _ABBREVIATED:
                end += 1  # "Lockheed Martin Corp."
            if end == head_end and head in _NUMBERED_HEADS:
                number = _PLANT_NUMBER.match(text, end)
                if number:
                    end = number.end()  # "Military Factory 200", "Plant No. 9"
            legal = LEGAL_FORM.match(text, end)
            if legal:
                end = legal.end()
            if word_after(text, end) in self._programme_nouns:
                continue  # "the Canadian Multi-Mission Aircraft project": a programme
            yield Span.unchecked(start, end, "ACTOR", f"ACTOR-{start}-{end}",
                                 FrozenMap({"canonical": slug(text[start:end]), "kind": kind}),
                                 0.6, "pattern:organization")

    def _after_based(self, text: str, start: int, end: int) -> Span | None:
        """``Hamburg-based Hanseatic Defence Analytics``, ``the London-based
        consultancy Meridian Straits Research``: the name after ``Place-based``
        and at most three words of a noun of an organisation."""
        if start < 3 or text[start - 1] != "-" or not text[start - 2].isalpha():
            return None
        place = _word_before(text, start - 1)
        if not place[:1].isupper() or place.lower() in _NOT_PLACES:
            return None  # "Ground-based Midcourse Defense" is no body
        match = _AFTER_BASED.match(text, end)
        if match is None:
            return None
        nouns = match.group("nouns").split()
        if nouns and nouns[-1] not in self._based_nouns \
                and " ".join(nouns[-2:]) not in self._based_nouns:
            return None
        words = match.group("name").split()
        name_end = match.end("name")
        while words and (words[-1] in self._stop or words[-1] in _CONNECTORS):
            name_end -= len(words.pop()) + 1
        if not words or words[0] in self._stop:
            return None
        name_start = match.start("name")
        kind = "company" if (nouns and nouns[-1] in self._company_nouns) \
            or self._heads.get(words[-1]) == "company" else "organization"
        return Span.unchecked(name_start, name_end, "ACTOR", f"ACTOR-{name_start}-{name_end}",
                              FrozenMap({"canonical": slug(text[name_start:name_end]),
                                         "kind": kind}), 0.55, "pattern:organization")

    def _after_prefix(self, text: str, start: int, end: int) -> Span | None:
        """``OOO Severnaya Komponenta``, ``PT Dirgantara Indonesia``, ``JSC
        "Tactical Missiles Corporation"``: a legal form, then a capitalised name."""
        match = _AFTER_PREFIX.match(text, end)
        if match is None:
            return None
        name_end = match.end("name")
        words = match.group("name").split()
        while words and (words[-1] in self._stop or words[-1] == "&"):
            name_end -= len(words.pop()) + 1
        if not words or words[0] in self._stop:
            return None
        if match.group("open") and text[name_end : name_end + 1] in "»\"”":
            name_end += 1
        return Span.unchecked(start, name_end, "ACTOR", f"ACTOR-{start}-{name_end}",
                              FrozenMap({"canonical": slug(" ".join(words)), "kind": "company"}),
                              0.6, "pattern:organization")

    def _after_company_noun(self, text: str, end: int) -> Span | None:
        """``the drone maker Skyeton``, ``its subsidiary Halcon``: the name after a
        company noun. A lexicon entry of the same extent outranks it in the merge."""
        match = _AFTER_NOUN.match(text, end)
        if match is None:
            return None
        words = match.group("name").split()
        name_end = match.end("name")
        while words and words[-1] in self._stop:
            name_end -= len(words.pop()) + 1
        if not words or words[0] in self._stop or words[0] in self._heads:
            return None
        return self._company(text, match.start("name"), name_end)

    def _apposed_company(self, text: str, start: int) -> Iterator[Span]:
        """``created Edgewing, a joint venture``: a name before a company noun's
        apposition, after a word that is neither a name nor a preposition."""
        match = _NAMED_BEFORE.search(text, max(0, start - 60), start)
        if match is None:
            return
        words = match.group("name").split()
        if any(word in self._stop or word in self._heads for word in words):
            return
        name_start = match.start("name")
        before = _word_before(text, name_start - 1) if name_start else ""
        if not sentence_start(text, name_start) and (
                not before.isalpha() or not before.islower() or before in _PREPOSITIONS):
            return
        yield self._company(text, name_start, match.end("name"))

    def _before_facility(self, text: str, start: int) -> Iterator[Span]:
        """``the Alabuga plant``, ``its new Unterlüß plant``, ``the Ryazan and
        Volgograd refineries``: the names before a site noun, after a determiner."""
        match = _BEFORE_FACILITY.search(text, max(0, start - 80), start)
        if match is None:
            return
        for name in (match.group("a"), match.group("b")):
            if name is None:
                continue
            words = name.split()
            if any(word in self._stop or word in self._inner or word in self._heads
                   or word.endswith(_DEMONYM_ENDINGS) for word in words):
                return
        for group in ("a", "b"):
            if match.group(group) is not None:
                yield self._company(text, match.start(group), match.end(group))

    def _listed_companies(self, text: str, end: int) -> Iterator[Span]:
        """``firms such as Piotech and SiCarrier``: the names a plural company noun
        introduces with ``such as`` or ``including``."""
        match = _LISTED.match(text, end)
        if match is None:
            return
        position = match.end()
        for _ in range(6):
            name = _AFTER_NOUN.match(text, position)
            if name is None:
                return
            words = name.group("name").split()
            if words[0] in self._stop or words[0] in self._heads:
                return
            yield self._company(text, name.start("name"), name.end("name"))
            joiner = _LIST_JOINER.match(text, name.end("name"))
            if joiner is None:
                return
            position = joiner.end() - 1

    @staticmethod
    def _company(text: str, start: int, end: int) -> Span:
        return Span.unchecked(start, end, "ACTOR", f"ACTOR-{start}-{end}",
                              FrozenMap({"canonical": slug(text[start:end]), "kind": "company"}),
                              0.55, "pattern:organization")

    def _extend_left(self, text: str, start: int) -> int:
        best = start
        position = start
        for _ in range(7):
            if position < 2 or text[position - 1] != " ":
                break
            word = _word_before(text, position - 1)
            word_start = position - 1 - len(word)
            if word in _FORM_PARTS:
                position = word_start  # "Co.," of "Co., Limited": the name is further left
                continue
            if word == "of" and best == position and word_start >= 2:
                before = _word_before(text, word_start - 1)
                if before[:1].isupper() and before not in self._stop \
                        and before.isalpha() \
                        and not (before.endswith("s")  # "Shares of AVIC ...": a plural
                                 and sentence_start(text, word_start - 1 - len(before))):
                    position = word_start  # "Horn of Africa Security Monitor"
                    continue
            if word in ("and", "&") and best == position and word_start >= 2 \
                    and text[position:start - 1] in _PAIRED_WORDS \
                    and _word_before(text, word_start - 1) in _PAIRED_WORDS:
                # "Myanma Oil and Gas Enterprise", "Ministry of Trade and Industry";
                # not "Norinco and Poly Technologies" (two names).
                position = word_start
                continue
            opening = word[:1] in "(“\"‘«" and len(word) > 1
            if opening:
                word, word_start = word[1:], word_start + 1  # "(US District Court ..."
            if not word or word in self._stop:
                break
            if word.endswith(("'s", "’s", "s'", "s’", ",", ".", ":", ";", ")", "»", "”")) \
                    and word not in self._inner:
                break
            if not (word[0].isupper() or word in self._inner or _ORDINAL.fullmatch(word)):
                break
            if "-" in word and word.rsplit("-", 1)[1][:1].islower():
                break  # a compound adjective: "Dubai-registered", "Moscow-based"
            position = word_start
            best = position
            if opening:
                break
        return best

    def _extend_right(self, text: str, end: int, company: bool = False) -> int:
        best = end
        match = self._tail.match(text, end)
        if match is None or (company and match.group(1) != "of"):
            return best  # "Asia Sun Group on the UK Sanctions List": a company takes "of" only
        position = match.end()
        for _ in range(6):
            token = _NAME_TOKEN.match(text, position)
            if token is None or token.group() in self._stop:
                break
            word = token.group().rstrip(".")
            possessive = word.endswith(("’s", "'s"))
            if possessive:
                word = word[:-2]  # "the Ministry of National Defence’s budget"
            position = token.start() + len(word)
            best = position
            if possessive:
                break
            joiner = _JOINER.match(text, position)
            if joiner is None or joiner.end() == position:
                break
            position = joiner.end()
        return best


class PersonAnnotator:
    """Proposes ACTOR/person spans: capitalised names after a title (``President
    Vladimir Putin``), names that start with a common given name (``Andrey
    Belousov``), and ``Surname, Given`` entries of source lists."""

    channel = "person"

    def __init__(self, lexicon: Lexicon, rules: Rules, triggers: Triggers | None = None) -> None:
        self.name = "persons"
        titles = rules.get("persons", "titles")
        self._particles = frozenset(rules.get("persons", "particles"))
        self._max: int = rules.get("persons", "max_tokens")
        self._stop = frozenset(rules.get("organizations", "stop_words")) | frozenset(titles)
        self._not_persons = frozenset(
            alias for e in lexicon.entries if e.label != "ACTOR" or e.kind != "person"
            for alias in e.aliases
        )
        # "Al-Mansouri", "Jae-byung", "O’Sullivan"; not "Rizal-class".
        self._name = re.compile(
            rf"(?:[OD]['’])?[{_UPPER}][{_LOWER}]+"
            rf"(?:-(?!(?:class|type|based|made|led|era|style|built|backed|owned|linked|funded)"
            rf"\b)[{_UPPER}]?[{_LOWER}]+)?")
        self._surname = re.compile(rf"[{_UPPER}][{_LOWER}'’]+(?:-[{_UPPER}][{_LOWER}]+)?\Z")
        self._reference_end = re.compile(r"[ \t]*(?:[,;)&]|et al|and\b|$)", re.MULTILINE)
        self._triggers = triggers or Triggers()
        for title in titles:
            self._triggers.add(self.channel, title, "title")
        for given in rules.get("persons", "given_names"):
            self._triggers.add(self.channel, given, "given")
        self._triggers.add(self.channel, "By", "byline")
        for phrase in rules.get("persons", "record_phrases"):
            self._triggers.add(self.channel, phrase, "record")
        self._speaker_stop = frozenset(rules.get("persons", "speaker_stop"))
        for role in rules.get("persons", "roles"):
            self._triggers.add(self.channel, role, "role")
        for verb in rules.get("persons", "speech_verbs"):
            self._triggers.add(self.channel, verb, "speech")
        self._heads = frozenset(rules.get("organizations", "heads"))
        self._roles = frozenset(role.lower() for role in rules.get("persons", "roles"))
        # "Nadia Al-Mansouri, a senior fellow": the name, then up to three words of
        # the role's noun phrase ("the company's marketing", "a former Pentagon").
        # Or the role at once, before "of" or "at": "Sinan Ülgen, director of EDAM".
        self._named_before = re.compile(
            rf"(?P<name>[{_UPPER}][\w'’-]*(?: [{_UPPER}][\w'’-]*){{1,3}}), "
            rf"(?:(?P<article>a|an|the|[A-Z][\w.-]*[’']s)(?: [\w’'-]+){{0,3}} )?\Z")
        roles = "|".join(sorted(map(re.escape, self._roles), key=len, reverse=True))
        self._after_speech = re.compile(
            rf", (?:a|an|the|who|whose)\b| (?:of|at) the\b|, (?:{roles}) (?:of|at)\b")

    def __call__(self, document: Document) -> Iterator[Span]:
        text = document.text
        yield from self._speakers(text)
        for start, end, kind in self._triggers.hits(text, self.channel):
            gap = _SPACE.match(text, end)
            if kind == "byline":
                yield from self._byline(text, start, end)
                continue
            if kind == "record":
                if gap is not None and gap.end() == end + 1:
                    yield from self._apposed(text, end + 1, closed=False, anywhere=True)
                continue
            if kind in ("role", "title") and text.startswith(", ", end):
                yield from self._apposed(text, end + 2, closed=True)
            if kind == "role":
                yield from self._apposed_before(text, start)
                continue
            if kind == "speech":
                if gap is not None and gap.end() == end + 1:
                    yield from self._apposed(text, end + 1, closed=False)
                continue
            if kind == "given":
                reference = self._reference(text, start, end)
                if reference is not None:
                    yield reference
                    continue
            if gap is None or not text[gap.end() : gap.end() + 1].isupper():
                continue
            if kind == "title":
                yield from self._name_at(text, gap.end(), gap.end(), 0.6)
            else:
                yield from self._name_at(text, start, gap.end(), 0.55, need=1)

    def _apposed(self, text: str, position: int, closed: bool,
                 anywhere: bool = False) -> Iterator[Span]:
        """A name of two words or more at ``position``: closed by a comma after a
        role (``marketing chief, Dana Ofer, said``), or after a verb of speech and
        before its own apposition (``said Dana Ofer, who``); ``anywhere``, after
        a phrase of a record (``Asked by Sadia Rehman:``), whatever follows."""
        for span in self._name_at(text, position, position, 0.55):
            if not self._plain_name(text[span.start : span.end]):
                return
            if anywhere or (text.startswith(",", span.end) if closed
                            else self._after_speech.match(text, span.end)):
                yield span

    def _speakers(self, text: str) -> Iterator[Span]:
        """Speakers of a transcript: a name in capitals that opens two lines or more
        with a colon (``KWON: Marginally.``), and that name written in full in
        capitals elsewhere (``Participants: TOM ELLERY, host``)."""
        labels: dict[str, list[tuple[int, int]]] = {}
        for match in _SPEAKER.finditer("\n" + text):  # offsets one past the text's
            labels.setdefault(match.group(1), []).append(
                (match.start(1) - 1, match.end(1) - 1))
        for label, places in labels.items():
            if len(places) < 2 or len(label) < 3 or label in self._not_persons \
                    or any(word in self._speaker_stop for word in label.split()):
                continue
            full = re.compile(rf"(?<![\w.-])(?:[A-Z][A-Z’'-]+ ){{1,2}}{re.escape(label)}(?![\w-])")
            names = [(m.start(), m.end()) for m in full.finditer(text)]
            canonical = slug(text[names[0][0] : names[0][1]] if names else label)
            for start, end in names + places:
                yield Span.unchecked(start, end, "ACTOR", f"ACTOR-{start}-{end}",
                                     FrozenMap({"canonical": canonical, "kind": "person"}),
                                     0.55, "pattern:speaker")

    def _apposed_before(self, text: str, start: int) -> Iterator[Span]:
        """``Nadia Al-Mansouri, a senior fellow at IISS``: the name before a role's
        apposition, at a sentence's start or after a word that is not a name."""
        match = self._named_before.search(text, max(0, start - 90), start)
        if match is None:
            return
        name_start = match.start("name")
        name = match.group("name")
        if not self._plain_name(name):
            return
        if match.group("article") is None \
                and not _ROLE_OF.match(text, start + len(_word_at(text, start))):
            return  # "Name, director of ...": the bare role needs its "of" or "at"
        before = _word_before(text, name_start - 1) if name_start else ""
        if before[:1].isupper() and not before.endswith(("’s", "'s")) \
                and before.strip("“\"(") not in self._stop \
                and not sentence_start(text, name_start):
            return  # "Carnegie Endowment's X" is fine; "Lockheed Martin X" is not a name
        yield Span.unchecked(name_start, match.end("name"), "ACTOR",
                             f"ACTOR-{name_start}-{match.end('name')}",
                             FrozenMap({"canonical": slug(name), "kind": "person"}), 0.55,
                             "pattern:person")

    def _plain_name(self, name: str) -> bool:
        """Two to ``max_tokens`` name words, none a title, organisation head or
        lexicon name of something else."""
        words = name.split()
        if not 2 <= len(words) <= self._max or name in self._not_persons:
            return False
        return all((self._name.fullmatch(word) or word in self._particles)
                   and word not in self._heads and word not in self._stop
                   and word.lower() not in self._roles
                   and word not in self._not_persons for word in words)

    def _byline(self, text: str, start: int, end: int) -> Iterator[Span]:
        """``By Amara Ndiaye, Horn of Africa Monitor`` and ``By Sofie Brandt and
        Tomás Ruiz`` on a line of their own: the authors, two names or more each."""
        if start and text[text.rfind("\n", 0, start) + 1 : start].strip():
            return  # not at the start of a line
        position = end
        names: list[Span] = []
        while len(names) < 4:
            gap = _SPACE.match(text, position)
            if gap is None:
                return
            found = list(self._name_at(text, gap.end(), gap.end(), 0.6))
            if not found or not self._plain_name(text[found[0].start : found[0].end]):
                return
            names.append(found[0])
            position = found[0].end
            joiner = _BYLINE_JOINER.match(text, position)
            if joiner is None:
                return
            if joiner.group() not in (" and", ","):
                break
            if joiner.group() == ",":
                # "By A, B and C" lists authors; "By Amara Ndiaye, Horn of Africa
                # Security Monitor" names an affiliation.
                more = [span for span in self._name_at(text, joiner.end() + 1,
                                                       joiner.end() + 1, 0.6)
                        if self._plain_name(text[span.start : span.end])]
                after = _BYLINE_JOINER.match(text, more[0].end) if more else None
                if after is None or after.group() not in (" and", ","):
                    break
            position = joiner.end()
        yield from names

    def _reference(self, text: str, start: int, end: int) -> Span | None:
        """``Surname, Given`` as source lists write authors."""
        if start < 4 or text[start - 2 : start] != ", ":
            return None
        if not self._reference_end.match(text, end):
            return None
        before = text[max(0, start - 32) : start - 2].rsplit(None, 1)[-1:]
        if not before or not self._surname.match(before[0]):
            return None
        surname = before[0]
        span_start = start - 2 - len(surname)
        if span_start and is_word_char(text[span_start - 1]):
            return None
        name = f"{text[start:end]} {surname}"
        return Span.unchecked(span_start, end, "ACTOR", f"ACTOR-{span_start}-{end}",
                              FrozenMap({"canonical": slug(name), "kind": "person"}),
                              0.55, "pattern:person")

    def _name_at(self, text: str, start: int, position: int, score: float,
                 need: int = 0) -> Iterator[Span]:
        """A person span from ``start`` over up to ``max_tokens`` name tokens at
        ``position``; with ``need``, that many tokens must follow ``position``."""
        tokens: list[tuple[int, int]] = []
        while len(tokens) < self._max:
            name = self._name.match(text, position)
            if name is None or name.group() in self._stop or name.group() in _OFFICE_WORDS:
                break
            after = name.end()
            if after < len(text) and (text[after].isalnum() or (
                    text[after] in "'’" and text[after + 1 : after + 2].isalnum()
                    and text[after + 1] != "s")):
                break
            tokens.append(name.span())
            gap = _SPACE.match(text, after)
            if gap is None:
                break
            position = gap.end()
            particle = _PARTICLE.match(text, position)
            if particle and particle.group() in self._particles:
                follow = _SPACE.match(text, particle.end())
                if follow is None:
                    break
                position = follow.end()
        if len(tokens) < max(need, 1):
            return
        end = tokens[-1][1]
        start = start if need else tokens[0][0]
        name_text = text[start:end]
        if name_text in self._not_persons or text[tokens[-1][0] : end] in self._not_persons:
            return
        many = len(tokens) + bool(need) > 1
        yield Span.unchecked(start, end, "ACTOR", f"ACTOR-{start}-{end}",
                             FrozenMap({"canonical": slug(name_text), "kind": "person"}),
                             score if many else score - 0.1, "pattern:person")


class NamedSystemAnnotator:
    """Proposes SYSTEM spans for names no lexicon lists, written before the noun of
    what they are: ``the Lince light multirole vehicle`` → ``Lince``, ``Rooivalk
    attack helicopters``, ``Mbombe 6 and Marauder armoured vehicles``."""

    channel = "named-system"

    def __init__(self, lexicon: Lexicon, rules: Rules, triggers: Triggers | None = None) -> None:
        self.name = "named-systems"
        self._triggers = triggers or Triggers()
        for noun, category in rules.get("systems", "before_nouns").items():
            self._triggers.add(self.channel, noun, category)
        self._not_after = frozenset(rules.get("systems", "not_after"))
        self._stop = frozenset(rules.get("organizations", "stop_words"))
        self._actors = frozenset(alias for e in lexicon.entries if e.label == "ACTOR"
                                 for alias in e.aliases)
        self._not_names = frozenset(
            alias for e in lexicon.entries if e.label != "SYSTEM" for alias in e.aliases
        ) | frozenset(lexicon.issuers) | _CLASS_WORDS \
            | frozenset(rules.get("organizations", "stop_words")) \
            | frozenset(rules.get("organizations", "heads")) \
            | frozenset(rules.get("organizations", "inner_adjectives")) \
            | frozenset(rules.get("persons", "titles")) \
            | frozenset(rules.get("designations", "excluded_prefixes"))

    def __call__(self, document: Document) -> Iterator[Span]:
        text = document.text
        for start, end, category in self._triggers.hits(text, self.channel):
            if word_after(text, end) in self._not_after:
                continue
            match = _NAMED_BEFORE_NOUN.search(text, max(0, start - 60), start)
            if match is None or any(word in _MODIFIER_STOPS
                                    for word in match.group("mods").split()):
                continue
            names = [(match.start("name"), match.end("name"))]
            maker = match.group("name").split(" ", 1)
            if len(maker) == 2 and maker[0] in self._actors:
                names = [(match.start("name") + len(maker[0]) + 1, match.end("name"))]
            other = _COORDINATED_NAME.search(text, max(0, names[0][0] - 30), names[0][0])
            if other is not None:
                names.insert(0, (other.start("name"), other.end("name")))
            for name_start, name_end in names:
                second = text.find(" ", name_start, name_end) + 1
                if second and not self._is_name(text, name_start, name_end) \
                        and text[second : second + 1].isupper():
                    name_start = second  # "Chinese-Pakistani Zorak fighters" -> "Zorak"
                if self._is_name(text, name_start, name_end):
                    yield Span.unchecked(
                        name_start, name_end, "SYSTEM", f"SYSTEM-{name_start}-{name_end}",
                        FrozenMap({"canonical": slug(text[name_start:name_end]),
                                   "category": category}), 0.5, "pattern:named-system")

    def _is_name(self, text: str, start: int, end: int) -> bool:
        name = text[start:end]
        first = name.split()[0]
        if name in self._not_names or first in self._not_names \
                or first.endswith(_DEMONYM_ENDINGS) or ("-" in first and (
                    first.rsplit("-", 1)[1][:1].islower()
                    or any(part in self._not_names for part in first.split("-")))):
            return False  # "Russian", "Army", "Turkish-made", "Chinese-Pakistani"
        if sentence_start(text, start) or title_line(text, start):
            return False
        before = _word_before(text, start - 1) if start else ""
        # A capitalised word before it makes it the end of a longer name, unless
        # that word is its maker ("Rheinmetall Lynx infantry fighting vehicle").
        return not before[:1].isupper() or before in self._actors or before in self._stop \
            or before.endswith(("'s", "’s")) or before.rsplit("-", 1)[-1].islower() \
            or all(part in self._not_names or part.endswith(_DEMONYM_ENDINGS)
                   for part in before.split("-"))  # "Chinese-Pakistani Zorak fighters"


# A capitalised token of a name: no possessive, no compound adjective ("Czech-made").
_SYSTEM_TOKEN = r"[A-Z]\w*(?:-[A-Z0-9]\w*)*"
# A system's name before its noun: one or two capitalised tokens (the second may
# be a number: "Mbombe 6", "Centauro II"), then up to three lower-case words.
_NAMED_BEFORE_NOUN = re.compile(
    rf"(?:^|(?<=[\s(“\"‘]))(?P<name>{_SYSTEM_TOKEN}(?: (?:{_SYSTEM_TOKEN}|\d[\w-]*))?) "
    r"(?P<mods>(?:[a-z][\w-]* ){0,3})\Z")
# "Mbombe 6 and Marauder armoured vehicles": a second name before "and" or a comma.
_COORDINATED_NAME = re.compile(
    rf"(?:^|(?<=[\s(“\"‘]))(?P<name>{_SYSTEM_TOKEN}(?: (?:{_SYSTEM_TOKEN}|\d[\w-]*))?)"
    r"(?:,? and|,) \Z")
# Words that end the modifiers between a name and its noun: "sold to the Army tanks"
# is no name of tanks.
_MODIFIER_STOPS = frozenset("""the a an of and or its their his her our to for with by in on
    at from new more other these those such many several some all both which that than as is
    are was were be been has have had will would can could may might also not no into about
    over under after before per each every any own""".split())


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOWER = "a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
_ROLE_OF = re.compile(r" (?:of|at) ")
# Words of an office after a title, never a name: "Chief Financial Officer".
_OFFICE_WORDS = frozenset("""Financial Operating Executive Technology Information Commercial
    Marketing Officer Officers Senior Defence Defense Foreign Interior Finance Economy Trade
    Justice Health""".split())
# A speaker's label: one to three words in capitals at a line's start, then a colon.
_SPEAKER = re.compile(r"\n([A-Z][A-Z’'-]+(?: [A-Z][A-Z’'-]+){0,2}):[ \t]")


def _word_at(text: str, start: int) -> str:
    match = _PARTICLE.match(text, start)
    return match.group() if match else ""


# What may follow an author's name in a byline.
_BYLINE_JOINER = re.compile(r"[ \t]*(?:\n|\Z)| and(?= )|,| ?[|—–]")

_SHIP_NOUNS = ("frigates|frigate|destroyers|destroyer|corvettes|corvette|submarines|submarine|"
               "cruisers|cruiser|carriers|carrier|boats|boat|ships|ship|vessels|vessel|"
               "icebreakers|icebreaker|minehunters|minehunter")
_LEADING_ARTICLES = frozenset(["The", "A", "An"])
# Words that pair with "and" inside one organisation's name ("Oil and Gas").
_PAIRED_WORDS = frozenset("""Oil Gas Science Technology Research Development Trade Industry
    Engineering Security Defence Defense Aerospace Space Energy Mining Metals Steel Machinery
    Arms Ammunition Munitions Export Import Investment Finance Economic Commerce Innovation
    Shipbuilding Aviation Marine Electronics Communications Information Planning""".split())
_CLASS_WORDS = frozenset("""World First Second Third Middle Upper Lower Working Ruling Business
    Economy Premium Top High Low Asset Master Heavy Light Mass Political Entry Open New Same
    Each Every This That Its Their Our One Two Other Another Which What Whose""".split())


class ShipAnnotator:
    """Proposes SYSTEM/ship spans for ship classes and named ships: ``Virginia-class
    submarines`` → ``Virginia``, ``the Hunter class`` → ``Hunter``, ``Horizon
    destroyers`` → ``Horizon``, ``HMS Glasgow`` (prefix and name)."""

    channel = "ship"

    def __init__(self, lexicon: Lexicon, rules: Rules, triggers: Triggers | None = None) -> None:
        self.name = "ships"
        self._triggers = triggers or Triggers()
        for prefix in rules.get("ships", "prefixes"):
            self._triggers.add(self.channel, prefix, "prefix")
        self._triggers.add(self.channel, "class", "class")
        for noun in _SHIP_NOUNS.split("|"):
            self._triggers.add(self.channel, noun, "noun")
        self._name_after = re.compile(r" [A-Z][A-Za-z]+(?:[ -][A-Z][A-Za-z]+)?(?![\w-])")
        self._class_name = re.compile(
            r"(?:^|(?<=[^\w-]))"
            r"(?P<n>[A-Z][A-Za-z0-9]+(?: (?:(?:di|de|da|del|der|van|von) )?[A-Z][a-z]+)?)\Z")
        self._noun_after = re.compile(rf"[ \t]+(?:[a-z-]+[ \t]+)?(?:{_SHIP_NOUNS})\b")
        self._noun_name = re.compile(
            r"(?:^|(?<=[^\w-]))(?P<n>[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z][a-z]+)"
            r"[ \t]+\Z")
        self._not_names = frozenset(
            alias for e in lexicon.entries if e.label != "SYSTEM" for alias in e.aliases
        ) | frozenset(lexicon.issuers) | _CLASS_WORDS

    def __call__(self, document: Document) -> Iterator[Span]:
        text = document.text
        for start, end, kind in self._triggers.hits(text, self.channel):
            if kind == "prefix":
                name = self._name_after.match(text, end)
                if name:
                    yield self._span(start, name.end(), text, 0.7)
            elif kind == "class":
                yield from self._class(text, start, end)
            else:
                yield from self._before_noun(text, start)

    def _class(self, text: str, start: int, end: int) -> Iterator[Span]:
        # "X-class" says it; "X class" needs "the" before it or a ship noun after.
        if start < 2 or text[start - 1] not in "- ":
            return
        match = self._class_name.search(text, max(0, start - 40), start - 1)
        if match is None:
            return
        name = match.group("n")
        name_start = match.start("n")
        first, _, rest = name.partition(" ")
        if rest and first in _LEADING_ARTICLES:
            name, name_start = rest, name_start + len(first) + 1  # "The Constellation-class"
        if name in self._not_names or name.split()[0] in self._not_names:
            return
        if text[start - 1] == " " and not (
                text[max(0, match.start() - 4) : match.start()] == "the "
                or self._noun_after.match(text, end)):
            return
        yield self._span(name_start, match.end("n"), text, 0.65)

    def _before_noun(self, text: str, start: int) -> Iterator[Span]:
        match = self._noun_name.search(text, max(0, start - 40), start)
        if match is None:
            return
        name = match.group("n")
        name_start = match.start("n")
        if name in self._not_names or sentence_start(text, name_start):
            return
        if name[1:].islower() and text[max(0, name_start - 4) : name_start] != "the ":
            return  # "the Horizon destroyers" needs "the"; "PPA frigates" does not
        yield self._span(name_start, match.end("n"), text, 0.55)

    @staticmethod
    def _span(start: int, end: int, text: str, score: float) -> Span:
        return Span.unchecked(start, end, "SYSTEM", f"SYSTEM-{start}-{end}",
                              FrozenMap({"canonical": slug(text[start:end]), "category": "ship"}),
                              score, "pattern:ship")
