"""A reproducible, streamed corpus of realistic field text for the benchmarks.

Sentences of the seed texts are recombined and their names replaced by other
names of the same label from the lexicon (plus generated ones), so entity
density and sentence shape stay those of real analysis pieces.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from annotkit import Document, read_all
from annotkit.preannotate.lexicon import Entry, load_lexicon
from annotkit.schema import default_schema, schemas_dir

ROOT = Path(__file__).resolve().parents[1]
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_SYLLABLES = ["ka", "ro", "vin", "tel", "mar", "sk", "on", "dor", "zan", "bel", "ost", "gra",
              "lin", "tov", "pra", "mek", "sol", "vey", "nur", "dai"]


def lexicon_entries() -> list[Entry]:
    folder = schemas_dir() / "lexicons"
    lexicon = load_lexicon([p for p in folder.glob("*.tsv") if p.name != "issuers.tsv"],
                           None, default_schema())
    return list(lexicon.entries)


def generated_names(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """``count`` made-up (label, alias) pairs: companies, persons and designations."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(out) < count:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        kind = rng.random()
        if kind < 0.4:
            name, label = f"{word} {rng.choice(['Corporation', 'Plant', 'Holding', 'Works'])}", \
                "ACTOR"
        elif kind < 0.7:
            given = "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()
            name, label = f"{given} {word}", "ACTOR"
        else:
            name, label = f"{word[:2].upper()}-{rng.randint(10, 999)}", "SYSTEM"
        if name not in seen:
            seen.add(name)
            out.append((label, name))
    return out


def names_by_label(extra: int = 0) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for entry in lexicon_entries():
        names.setdefault(entry.label, []).extend(entry.aliases)
    for label, alias in generated_names(extra):
        names.setdefault(label, []).append(alias)
    return names


def templates() -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Seed sentences with the gold spans inside them, as (sentence, spans)."""
    gold = {d.id: d for d in read_all([ROOT / "seeds" / "gold.jsonl"])}
    out = []
    for document in read_all([ROOT / "seeds"]):
        layer = gold[document.id].default_layer()
        spans = [] if layer is None else list(layer.spans)
        for match in _SENTENCE.finditer(document.text):
            start, end = match.span()
            inside = [(s.start - start, s.end - start, s.label) for s in spans
                      if s.start >= start and s.end <= end]
            if len(match.group().split()) > 3:
                out.append((match.group().strip(), inside))
    return out


def documents(total_mb: float, seed: int = 11, extra_names: int = 0,
              doc_chars: int = 6000) -> Iterator[Document]:
    """Stream documents until ``total_mb`` megabytes of UTF-8 text were produced."""
    rng = random.Random(seed)
    names = names_by_label(extra_names)
    pool = templates()
    produced = 0
    limit = int(total_mb * 1_000_000)
    number = 0
    while produced < limit:
        parts: list[str] = []
        size = 0
        while size < doc_chars:
            sentence, spans = rng.choice(pool)
            text = sentence
            for start, end, label in sorted(spans, reverse=True):
                if label in ("ACTOR", "SYSTEM") and rng.random() < 0.7:
                    text = text[:start] + rng.choice(names[label]) + text[end:]
            parts.append(text)
            size += len(text) + 1
        body = " ".join(parts)
        produced += len(body.encode("utf-8"))
        number += 1
        yield Document(f"bench-{number}", body)


def write_corpus(path: Path, total_mb: float, extra_names: int = 0) -> Path:
    """Write the corpus once as native JSONL (reused while its size matches)."""
    from annotkit import native

    stamp = path.with_suffix(".size")
    wanted = f"{total_mb}:{extra_names}"
    if not (path.is_file() and stamp.is_file() and stamp.read_text() == wanted):
        native.write(documents(total_mb, extra_names=extra_names), path)
        stamp.write_text(wanted)
    return path


def repeated(path: Path, times: int) -> Iterator[Document]:
    """The corpus file read ``times`` times over, ids made unique: a larger corpus."""
    from annotkit import native

    for round_number in range(times):
        for document in native.read(path):
            yield Document(f"{document.id}.{round_number}", document.text)
