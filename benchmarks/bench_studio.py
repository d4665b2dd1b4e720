"""Label Studio sync speed: annotkit push/pull against the plainest bulk SDK calls.

Starts its own Label Studio (cached virtual environment, temporary data
folder, free port), then on N documents (10,000 by default):

- annotkit push (tasks with predictions, in batches) vs one ``import_tasks``
  of everything with the SDK;
- annotkit push again of the unchanged corpus (target: under 10% of the first);
- annotkit pull of N annotated tasks into a gold file vs one paged SDK
  listing (``tasks.list(fields="all")``) of the same tasks.

Targets: each annotkit figure within 1.3 times the plain one.

    .venv/bin/python benchmarks/bench_studio.py [--documents 10000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from annotkit import Author, Document, Layer, Relation, Span, default_schema
from annotkit._cache import cache_dir
from annotkit.studio import LocalServer, Studio, pull, push
from annotkit.studio.config import controls, labeling_config
from annotkit.studio.convert import prediction, task_data
from annotkit.studio.push import BATCH_SIZE
from annotkit.studio.server import LABEL_STUDIO_VERSION, free_port

ACTORS = [("Rostec", "company"), ("Russia", "state"), ("Almaz-Antey", "company"),
          ("Iran", "state"), ("NATO", "alliance"), ("Kremlin", "government")]
SYSTEMS = [("T-90M", "tank"), ("S-400", "air-defense"), ("Lancet", "drone"),
           ("Iskander", "missile"), ("Shahed", "drone")]
FILLER = ("reports that production rose sharply this year, while analysts 🚀 doubt the "
          "figures;\r\nofficials said output doubled.\t")


def make_documents(count: int, seed: int = 7) -> list[Document]:
    """Synthetic texts (emoji, CRLF, tabs) with a rule layer of 4 spans and a relation."""
    rng = random.Random(seed)
    documents = []
    for n in range(count):
        actor, kind = rng.choice(ACTORS)
        system, category = rng.choice(SYSTEMS)
        other, other_kind = rng.choice(ACTORS)
        parts = [f"Item {n}: ", actor, " builds the ", system, "; ", FILLER, other,
                 " buys it for $", str(rng.randint(1, 90)), " million. ", FILLER]
        text = "".join(parts)
        a = text.index(actor)
        s = text.index(system, a + len(actor))
        o = text.index(other, s + len(system))
        q = text.index("$", o)
        q_end = text.index(" million", q) + len(" million")
        spans = [
            Span(a, a + len(actor), "ACTOR", id="a", score=0.9,
                 attrs={"canonical": actor.lower(), "kind": kind}),
            Span(s, s + len(system), "SYSTEM", id="s", score=0.8,
                 attrs={"canonical": system.lower(), "category": category}),
            Span(o, o + len(other), "ACTOR", id="o", score=0.7, attrs={"kind": other_kind}),
            Span(q, q_end, "QUANTITY", id="q", score=0.6, attrs={"unit": "USD"}),
        ]
        layer = Layer("defense-rules", "prediction", Author("rules", "defense-rules", "bench"),
                      spans=spans, relations=[Relation("produces", "a", "s")])
        documents.append(Document(f"doc-{n:06d}", text, layers=[layer]))
    return documents


def annotation_for(document: Document) -> dict[str, Any]:
    """What an annotator submits: the predicted regions, as the page would post them."""
    names = controls(default_schema())
    result = prediction(document, document.layers[0], names)["result"]
    for item in result:
        if "value" in item:
            item["origin"] = "manual"
    return {"result": result, "lead_time": 30.0, "completed_by": 1}


def timed(label: str, work: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = work()
    elapsed = time.perf_counter() - start
    print(f"  {label:<46} {elapsed:8.2f} s", flush=True)
    return elapsed, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                        help="tasks per import request of annotkit push")
    options = parser.parse_args()
    cache = cache_dir()
    schema = default_schema()
    with tempfile.TemporaryDirectory(prefix="annotkit-bench-") as folder:
        root = Path(folder)
        server = LocalServer(root, venv=cache / f"ls-venv-{LABEL_STUDIO_VERSION}",
                             data=root / "ls-data", port=free_port(),
                             echo=lambda line: print(line, file=sys.stderr))
        credentials = server.start()
        try:
            return run(options.documents, options.batch_size, credentials.url,
                       credentials.token, schema, root)
        finally:
            server.stop()


def run(count: int, batch_size: int, url: str, token: str, schema: Any, root: Path) -> int:
    from label_studio_sdk import LabelStudio

    documents = make_documents(count)
    sdk = LabelStudio(base_url=url, api_key=token, timeout=600)
    names = controls(schema)
    config = labeling_config(schema)
    print(f"{count} documents, {sum(len(d.text) for d in documents)} characters, "
          f"{sum(len(d.layers[0].spans) for d in documents)} predicted spans")

    print("push")
    with Studio(url, token, timeout=600) as studio:
        ledger = root / "cache"
        push_time, report = timed("annotkit push (batches, idempotent)",
                                  lambda: push(studio, documents, "bench annotkit", schema,
                                               ledger=ledger, batch_size=batch_size))
        assert report.tasks_created == count, report
        plain_project = sdk.projects.create(title="bench plain", label_config=config)
        payload = [{"data": task_data(d), "predictions": [prediction(d, d.layers[0], names)]}
                   for d in documents]
        plain_push, _ = timed("plain SDK: one import_tasks of everything",
                              lambda: sdk.projects.import_tasks(id=plain_project.id,
                                                                request=payload))
        repush_time, again = timed("annotkit push again (unchanged corpus)",
                                   lambda: push(studio, documents, "bench annotkit", schema,
                                                ledger=ledger))
        assert not again.changed and again.unchanged_by_ledger, again
        full_time, full = timed("annotkit push again, --full-check",
                                lambda: push(studio, documents, "bench annotkit", schema))
        assert not full.changed, full

        print("pull")
        annotated = sdk.projects.create(title="bench pull", label_config=config)
        sdk.projects.import_tasks(id=annotated.id, request=[
            {"data": task_data(d), "annotations": [annotation_for(d)]} for d in documents])
        gold = root / "gold.jsonl"
        pull_time, pulled = timed("annotkit pull (into a new gold file)",
                                  lambda: pull(studio, "bench pull", gold, schema))
        assert pulled.layers_added == count and not pulled.problems, pulled
        plain_pull, listed = timed(
            "plain SDK: one paged tasks.list(fields='all')",
            lambda: list(sdk.tasks.list(project=annotated.id, fields="all", page_size=500)))
        assert len(listed) == count

    print("results")
    rows = [("push / plain import", push_time / plain_push, 1.3),
            ("pull / plain listing", pull_time / plain_pull, 1.3),
            ("repeated push / first push", repush_time / push_time, 0.10),
            ("full-check push / first push", full_time / push_time, 1.0)]
    for name, ratio, target in rows:
        verdict = "met" if ratio <= target else "MISSED"
        print(f"  {name:<28} {ratio:6.3f}   target <= {target:<5} {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
