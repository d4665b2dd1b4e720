"""Pre-annotation speed and memory: annotkit against spaCy's SpanRuler.

Run: ``make bench-preannotate`` (or ``.venv/bin/python benchmarks/bench_preannotate.py``).
Prints MB/s for annotkit and spaCy on the same corpus, their ratio, peak
memory, annotkit's MB/s at 1x, 4x and 16x the corpus, and --jobs scaling of
the API and of the CLI (file to file, as users run it).
Targets (issue 3): >= 25 MB/s, >= 15x SpanRuler, flat memory, near-linear jobs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from annotkit.preannotate.lexicon import Entry, check_conflicts
from annotkit.preannotate.pipeline import Pipeline, build_pipeline


def big_lexicon_dir(target: int, out: Path) -> Path:
    """The real lexicon plus generated entries, at least ``target`` entries in all."""
    from annotkit.schema import schemas_dir

    out.mkdir(parents=True, exist_ok=True)
    source = schemas_dir() / "lexicons"
    real = 0
    for path in source.glob("*.tsv"):
        data = path.read_text(encoding="utf-8")
        (out / path.name).write_text(data, encoding="utf-8")
        if path.name != "issuers.tsv":
            real += sum(1 for line in data.splitlines()
                        if line and not line.startswith(("#", "label\t")))
    lines = ["label\tcanonical\tkind\tcase\tpriority\taliases"]
    for index, (label, alias) in enumerate(corpus.generated_names(max(0, target - real))):
        kind = "company" if label == "ACTOR" else "missile"
        lines.append(f"{label}\tgen-{index}\t{kind}\texact\t0\t{alias}")
    (out / "generated.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_annotkit(pipeline: Pipeline, path: Path, times: int, jobs: int) -> dict[str, float]:
    total = spans = 0
    started = time.perf_counter()
    for document in pipeline.run(corpus.repeated(path, times), jobs=jobs):
        total += len(document.text.encode("utf-8"))
        spans += len(document.layers[-1].spans)
    seconds = time.perf_counter() - started
    return {"mb": total / 1e6, "seconds": seconds, "mb_per_s": total / 1e6 / seconds,
            "spans": spans, "peak_rss_mb": _peak_rss_mb()}


def run_spacy(lexicon_dir: Path, path: Path) -> dict[str, float]:
    import spacy

    from annotkit.preannotate.lexicon import read_entries

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns = []
    for lexicon_file in sorted(lexicon_dir.glob("*.tsv")):
        if lexicon_file.name == "issuers.tsv":
            continue
        for entry in read_entries(lexicon_file):
            patterns.extend({"label": entry.label, "pattern": alias} for alias in entry.aliases)
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    total = spans = 0
    started = time.perf_counter()
    texts = (d.text for d in corpus.repeated(path, 1))
    for doc in nlp.pipe(texts, batch_size=64):
        total += len(doc.text.encode("utf-8"))
        spans += len(doc.spans["ruler"])
    seconds = time.perf_counter() - started
    return {"mb": total / 1e6, "seconds": seconds, "mb_per_s": total / 1e6 / seconds,
            "spans": spans, "patterns": len(patterns),
            "peak_rss_mb": _peak_rss_mb()}


def child(args: argparse.Namespace) -> None:
    """One measurement in its own process, so peak memory is its own."""
    lexicon_dir = Path(args.lexicons)
    path = Path(args.corpus)
    if args.engine == "spacy":
        result = run_spacy(lexicon_dir, path)
    else:
        pipeline = build_pipeline(lexicon_dir)
        result = run_annotkit(pipeline, path, args.times, args.jobs)
        result["entries"] = sum(1 for _ in _entries(lexicon_dir))
    print(json.dumps(result))


def _entries(folder: Path) -> list[Entry]:
    from annotkit.preannotate.lexicon import read_entries

    found = [e for p in sorted(folder.glob("*.tsv")) if p.name != "issuers.tsv"
             for e in read_entries(p)]
    check_conflicts(found)
    return found


def measure(engine: str, path: Path, times: int, jobs: int, lexicons: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", "--engine", engine, "--corpus", str(path),
               "--times", str(times), "--jobs", str(jobs), "--lexicons", str(lexicons)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=50.0, help="corpus size in MB (1x)")
    parser.add_argument("--entries", type=int, default=20000, help="lexicon entries at least")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy comparison")
    parser.add_argument("--scales", default="1,4,16", help="corpus multiples for scaling")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="annotkit", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--lexicons", default="", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", default="", help=argparse.SUPPRESS)
    parser.add_argument("--times", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    out = Path(__file__).resolve().parent / "out"
    lexicons = big_lexicon_dir(args.entries, out / "lexicons")
    entries = len(_entries(lexicons))
    path = corpus.write_corpus(out / "corpus.jsonl", args.size, extra_names=args.entries // 2)
    print(f"corpus: {args.size:g} MB of recombined seed sentences with lexicon and generated "
          "names; "
          f"lexicon: {entries} entries")
    one = measure("annotkit", path, 1, 1, lexicons)
    print(f"annotkit, 1 process : {one['mb_per_s']:7.2f} MB/s  ({one['mb']:.1f} MB in "
          f"{one['seconds']:.1f} s, {one['spans']} spans, peak RSS {one['peak_rss_mb']:.0f} MB)")
    if not args.no_spacy:
        spacy_result = measure("spacy", path, 1, 1, lexicons)
        print(f"spaCy SpanRuler     : {spacy_result['mb_per_s']:7.2f} MB/s  "
              f"({spacy_result['patterns']} phrase patterns, "
              f"peak RSS {spacy_result['peak_rss_mb']:.0f} MB)")
        print(f"ratio annotkit/spaCy: {one['mb_per_s'] / spacy_result['mb_per_s']:7.1f}x")
    for scale in [int(s) for s in args.scales.split(",") if int(s) != 1]:
        result = measure("annotkit", path, scale, 1, lexicons)
        print(f"annotkit at {scale:g}x     : {result['mb_per_s']:7.2f} MB/s  "
              f"({result['mb']:.0f} MB, peak RSS {result['peak_rss_mb']:.0f} MB)")
    cores = os.cpu_count() or 1
    if cores > 1:
        result = measure("annotkit", path, 1, cores, lexicons)
        print(f"API run(jobs={cores})    : {result['mb_per_s']:7.2f} MB/s  "
              f"(speed-up {result['mb_per_s'] / one['mb_per_s']:.2f}x on {cores} cores; "
              "spans rebuilt as objects in the calling process)")
    # The way users run it: the CLI reads the corpus file and writes native JSONL.
    single = cli(path, 1, lexicons, out)
    print(f"CLI --jobs 1        : {single:7.2f} MB/s  (read, annotate, write; start-up included)")
    if cores > 1:
        many = cli(path, cores, lexicons, out)
        print(f"CLI --jobs {cores}        : {many:7.2f} MB/s  "
              f"(speed-up {many / single:.2f}x on {cores} cores)")


def cli(path: Path, jobs: int, lexicons: Path, out: Path) -> float:
    """MB/s of ``annotkit preannotate`` on the corpus file, start-up included."""
    from annotkit import native

    size = sum(len(d.text.encode("utf-8")) for d in native.read(path))
    command = [str(Path(sys.executable).with_name("annotkit")), "preannotate", str(path),
               "-o", str(out / "cli.jsonl"), "--jobs", str(jobs), "--lexicons", str(lexicons)]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return size / 1e6 / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
