"""Lexicon files: one entry a line, read by one reader that names file and line.

Format (UTF-8, tab-separated; ``#`` starts a comment line)::

    label   canonical   kind   case   priority   aliases
    ACTOR   russia      state  exact  0          Russia|Russian Federation

``case`` is ``exact`` (match as written) or ``fold`` (ignore case). An alias
listed under two labels is an error unless the two priorities differ. The
label ``IGNORE`` lists names that are no entity but hold an alias
(``Latin America``, ``New Jersey``): nothing is proposed inside them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Literal

import attrs

from annotkit._frozen import FrozenMap
from annotkit.errors import LexiconError, SchemaError
from annotkit.schema.model import Schema

Case = Literal["exact", "fold"]
HEADER = ("label", "canonical", "kind", "case", "priority", "aliases")
ISSUER_HEADER = ("adjective", "issuer", "case")

IGNORE = "IGNORE"

#: The attribute the ``kind`` column fills, per label (default: ``kind``).
KIND_ATTRIBUTE: Mapping[str, str] = {"SYSTEM": "category"}


@attrs.frozen
class Entry:
    """One lexicon line: a canonical thing and the names it goes by."""

    label: str
    canonical: str
    kind: str
    case: Case
    priority: int
    aliases: tuple[str, ...]
    where: str

    @property
    def attrs(self) -> FrozenMap[str]:
        """The span attributes this entry gives: canonical id and kind/category."""
        out = {"canonical": self.canonical} if self.canonical else {}
        if self.kind:
            out[KIND_ATTRIBUTE.get(self.label, "kind")] = self.kind
        return FrozenMap(out)


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LexiconError(f"{path}: cannot read: {error.strerror}") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise LexiconError(f"{path}: not valid UTF-8 at byte {error.start}") from None
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line.split("\t")


def read_entries(path: str | Path, schema: Schema | None = None) -> Iterator[Entry]:
    """Entries of one lexicon file; LexiconError names file and line of a bad one."""
    path = Path(path)
    header_seen = False
    for number, cells in _rows(path):
        where = f"{path}:{number}"
        if not header_seen:
            if tuple(c.strip() for c in cells) != HEADER:
                raise LexiconError(
                    f"{where}: expected the header line {' | '.join(HEADER)} (tab-separated), "
                    f"found {' | '.join(cells)}"
                )
            header_seen = True
            continue
        yield _entry(cells, where, schema)


def _entry(cells: list[str], where: str, schema: Schema | None) -> Entry:
    if len(cells) != len(HEADER):
        raise LexiconError(
            f"{where}: expected {len(HEADER)} tab-separated columns "
            f"({', '.join(HEADER)}), found {len(cells)}"
        )
    label, canonical, kind, case, priority, aliases = (c.strip() for c in cells)
    if case not in ("exact", "fold"):
        raise LexiconError(f"{where}: case must be 'exact' or 'fold', found {case!r}")
    try:
        rank = int(priority or "0")
    except ValueError:
        raise LexiconError(f"{where}: priority must be an integer, found {priority!r}") from None
    names = tuple(a.strip() for a in aliases.split("|"))
    if not aliases or any(not name for name in names):
        raise LexiconError(f"{where}: an alias is empty in {aliases!r}")
    if schema is not None and label != IGNORE:
        try:
            span_type = schema.span_type(label)
            attribute_name = KIND_ATTRIBUTE.get(label, "kind")
            if kind:
                attribute = span_type.attribute(attribute_name)
                if not attribute.accepts(kind):
                    raise SchemaError(
                        f"{attribute_name} {kind!r} is not {attribute.expected()}"
                    )
        except SchemaError as error:
            raise LexiconError(f"{where}: {error}") from None
    return Entry(label, canonical, kind, case, rank, names, where)  # type: ignore[arg-type]


def read_issuers(path: str | Path) -> dict[str, tuple[str, Case]]:
    """Issuer words (``Western``, ``U.S.``) and the issuer id each stands for."""
    path = Path(path)
    out: dict[str, tuple[str, Case]] = {}
    header_seen = False
    for number, cells in _rows(path):
        where = f"{path}:{number}"
        cells = [c.strip() for c in cells]
        if not header_seen:
            if tuple(cells) != ISSUER_HEADER:
                raise LexiconError(
                    f"{where}: expected the header line {' | '.join(ISSUER_HEADER)}, "
                    f"found {' | '.join(cells)}"
                )
            header_seen = True
            continue
        if len(cells) != 3 or not cells[0] or not cells[1]:
            raise LexiconError(
                f"{where}: expected 3 tab-separated columns ({', '.join(ISSUER_HEADER)})"
            )
        if cells[2] not in ("exact", "fold"):
            raise LexiconError(f"{where}: case must be 'exact' or 'fold', found {cells[2]!r}")
        out[cells[0]] = (cells[1], cells[2])  # type: ignore[assignment]
    return out


@attrs.frozen
class Lexicon:
    """Entries from any number of files, with alias conflicts already settled."""

    entries: tuple[Entry, ...]
    issuers: FrozenMap[tuple[str, Case]] = attrs.field(factory=FrozenMap)
    fingerprint: str = ""

    def __attrs_post_init__(self) -> None:
        check_conflicts(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def check_conflicts(entries: Iterable[Entry]) -> None:
    """LexiconError if one alias names two labels, or two things of one label,
    at the same priority."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        for alias in entry.aliases:
            key = alias.casefold()
            other = seen.get(key)
            if other is None:
                seen[key] = entry
                continue
            if other.priority != entry.priority:
                if entry.priority > other.priority:
                    seen[key] = entry
                continue
            if other.label != entry.label:
                raise LexiconError(
                    f"{entry.where}: alias {alias!r} is {entry.label} here but "
                    f"{other.label} at {other.where}, with the same priority "
                    f"{entry.priority}; give one a higher priority"
                )
            if other.canonical != entry.canonical:
                raise LexiconError(
                    f"{entry.where}: alias {alias!r} names {entry.canonical!r} here but "
                    f"{other.canonical!r} at {other.where}, with the same priority "
                    f"{entry.priority}; give one a higher priority"
                )


def load_lexicon(paths: Iterable[str | Path], issuers: str | Path | None = None,
                 schema: Schema | None = None) -> Lexicon:
    """Read lexicon files (and an issuer file) into one checked Lexicon."""
    digest = hashlib.sha256()
    entries: list[Entry] = []
    for path in sorted(Path(p) for p in paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        entries.extend(read_entries(path, schema))
    issuer_map: dict[str, tuple[str, Case]] = {}
    if issuers is not None:
        digest.update(Path(issuers).read_bytes())
        issuer_map = read_issuers(issuers)
    return Lexicon(tuple(entries), FrozenMap(issuer_map), digest.hexdigest())
