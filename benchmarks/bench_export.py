"""Benchmark: export a synthetic corpus to native JSONL, flat JSONL and TEI, import it back.

Prints documents per second and the peak memory (max RSS) of each step. Each
step runs in a fresh process, so its peak is its own; the corpus is generated
lazily and written and read as streams, so the peak should not grow with the
number of documents (try ``--documents 10000`` against the default 100000).

    .venv/bin/python benchmarks/bench_export.py [--documents N] [--formats native,flat,tei]
                                                [--check]

Export speed includes generating the documents (a small share).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from annotkit import Author, Document, Layer, Relation, Span

WORDS = ("the", "production", "of", "drones", "rose", "sharply", "while", "sanctions",
         "limited", "imports", "and", "factories", "worked", "three", "shifts", "in", "2024")
NAMES = (("Rostec", "ACTOR", {"canonical": "rostec", "kind": "company"}),
         ("Russia", "ACTOR", {"canonical": "russia", "kind": "state"}),
         ("T-90M", "SYSTEM", {"canonical": "t-90m", "category": "tank"}),
         ("Lancet", "SYSTEM", {"canonical": "lancet", "category": "drone"}),
         ("Western sanctions", "SANCTION", {"issuer": "west", "kind": "sanctions"}),
         ("$24 million", "QUANTITY", {"value": "24000000", "unit": "USD"}))


def document(number: int) -> Document:
    """The ``number``-th synthetic document: ~1,500 characters in 6 paragraphs, a gold
    layer of ~20 spans with relations and a prediction layer with scores."""
    rng = random.Random(number)
    parts: list[str] = []
    gold: list[Span] = []
    predicted: list[Span] = []
    length = 0
    for paragraph in range(6):
        for _ in range(rng.randint(25, 40)):
            if rng.random() < 0.1:
                surface, label, attrs = rng.choice(NAMES)
                span = Span(length, length + len(surface), label, id=f"s{len(gold)}",
                            attrs=attrs)
                gold.append(span)
                predicted.append(Span(span.start, span.end, label, score=rng.random(),
                                      source="lexicon"))
            else:
                surface = rng.choice(WORDS)
            parts.append(surface + " ")
            length += len(surface) + 1
        if paragraph < 5:
            parts.append("\n")
            length += 1
    relations = [Relation("supplies", gold[i].id, gold[i + 1].id)
                 for i in range(0, len(gold) - 1, 4)]
    layers = [
        Layer(name="rules", kind="prediction", author=Author("rules", "defense-rules", "1"),
              spans=predicted, created_at="2026-01-01T00:00:00Z"),
        Layer(name="gold", kind="gold", author=Author("annotator", "ann"), spans=gold,
              relations=relations, created_at="2026-01-02T00:00:00Z"),
    ]
    return Document(f"doc-{number:06d}", "".join(parts), layers=layers,
                    meta={"title": f"Synthetic document {number}"})


def corpus(size: int) -> Iterator[Document]:
    return (document(number) for number in range(size))


def step(action: str, fmt: str, size: int, path: Path, check: bool) -> dict[str, float]:
    """Run one export or import in this process; return count, seconds and peak RSS.

    With ``check``, every imported document is compared with the one exported
    (native and TEI are lossless), which adds the cost of generating it again.
    """
    from annotkit.export import flat, native, tei

    started = time.perf_counter()
    if action == "export":
        writer = {"native": native.write, "flat": flat.write, "tei": tei.write_corpus}[fmt]
        count = writer(corpus(size), path)
    else:
        reader = {"native": native.read, "flat": flat.read, "tei": tei.read}[fmt]
        count = 0
        expected = corpus(size)
        for loaded in reader(path):
            count += 1
            if check and fmt != "flat":
                original = next(expected)
                if loaded != original:
                    raise SystemExit(f"{fmt}: document {original.id} did not come back equal")
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"count": count, "seconds": seconds, "peak_mib": peak_kib / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--formats", default="native,flat,tei")
    parser.add_argument("--dir", type=Path, help="Folder for the files (default: a temporary one)")
    parser.add_argument("--check", action="store_true",
                        help="Compare every imported document with the original (slower).")
    parser.add_argument("--step", nargs=3, metavar=("ACTION", "FORMAT", "PATH"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        action, fmt, path = args.step
        print(json.dumps(step(action, fmt, args.documents, Path(path), args.check)))
        return
    with tempfile.TemporaryDirectory(prefix="annotkit-bench-") as tmp:
        folder = args.dir or Path(tmp)
        print(f"{args.documents} documents (~1,500 characters, 2 layers, ~40 spans each)"
              + ("; imports compared with the originals" if args.check else ""))
        print(f"{'format':<8} {'step':<7} {'docs/s':>10} {'seconds':>9} {'peak MiB':>9} "
              f"{'file MiB':>9}")
        for fmt in args.formats.split(","):
            path = folder / f"corpus.{fmt}.{'xml' if fmt == 'tei' else 'jsonl'}"
            for action in ("export", "import"):
                done = subprocess.run(
                    [sys.executable, __file__, "--documents", str(args.documents),
                     *(["--check"] if args.check else []), "--step", action, fmt, str(path)],
                    capture_output=True, text=True, check=False)
                if done.returncode:
                    raise SystemExit(f"{fmt} {action} failed:\n{done.stderr}")
                result = json.loads(done.stdout)
                rate = result["count"] / result["seconds"]
                size = path.stat().st_size / 2**20
                print(f"{fmt:<8} {action:<7} {rate:>10,.0f} {result['seconds']:>9.1f} "
                      f"{result['peak_mib']:>9.1f} {size:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
