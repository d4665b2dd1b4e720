"""The comparison commands: evaluate, gold and agreement."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from annotkit.cli._common import (
    fail,
    friendly,
    get_schema,
    inputs_argument,
    read_inputs,
    schema_option,
)
from annotkit.documents.model import Document
from annotkit.documents.read import read_all
from annotkit.export import native
from annotkit.gold.agreement import TOKEN, Agreement, agreement
from annotkit.gold.compare import MODES
from annotkit.gold.evaluate import Evaluation, evaluate
from annotkit.gold.policies import POLICIES, Policy, choose_gold


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Rows aligned in columns: the first ``left`` to the left, the others to the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(w) if i < left else cell.rjust(w)
                               for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
            .rstrip() for row in rows]


def _json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))


def evaluation_lines(result: Evaluation) -> list[str]:
    """The human-readable report of an evaluation."""
    lines = [f"{result.documents} gold document(s); gold layer(s): "
             f"{', '.join(result.gold_layers) or '(none)'}; predicted layer(s): "
             f"{', '.join(result.pred_layers) or '(none)'}"]
    if result.missing_in_pred:
        lines.append(f"missing in predictions (their gold spans count as misses): "
                     f"{', '.join(result.missing_in_pred)}")
    if result.missing_in_gold:
        lines.append(f"predicted but not in gold (ignored): "
                     f"{', '.join(result.missing_in_gold)}")
    comparison = result.comparison
    for mode in MODES:
        lines.append(f"{mode} match")
        rows = [["label", "gold", "pred", "tp", "fp", "fn", "precision", "recall", "f1"]]
        per_label = comparison.counts(mode)
        for label, counts in [*((lb, per_label.get(lb)) for lb in result.labels),
                              ("micro", comparison.micro(mode))]:
            if counts is None:
                rows.append([label, "0", "0", "0", "0", "0", "-", "-", "-"])
                continue
            rows.append([label, *(str(n) for n in (counts.gold, counts.pred, counts.tp,
                                                   counts.fp, counts.fn)),
                         _number(counts.precision), _number(counts.recall),
                         _number(counts.f1)])
        lines.extend(_table(rows))
    lines.append("attribute accuracy (overlap-matched pairs whose gold span has the attribute)")
    rows = [["label", "attribute", "pairs", "correct", "accuracy"]]
    for label in result.labels:
        for name, found in comparison.attributes.get(label, {}).items():
            rows.append([label, name, str(found.pairs), str(found.correct),
                         _number(found.accuracy)])
    for name, found in comparison.attribute_totals().items():
        rows.append(["overall", name, str(found.pairs), str(found.correct),
                     _number(found.accuracy)])
    if len(rows) > 1:
        lines.extend(_table(rows, left=2))
    else:
        lines.append("  (no matched pair has attributes)")
    return lines


@click.command("evaluate")
@click.option("--gold", "gold_path", required=True,
              type=click.Path(exists=True, path_type=Path),
              help="Gold documents (native or flat JSONL).")
@click.option("--pred", "pred_path", required=True,
              type=click.Path(exists=True, path_type=Path),
              help="Predicted documents (native or flat JSONL), paired with gold by id.")
@click.option("--gold-layer", help="Gold layer name; default: the newest gold layer, "
              "else the newest layer.")
@click.option("--pred-layer", help="Predicted layer name; default: the newest prediction "
              "layer, else the newest gold layer, else the newest layer.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@schema_option
@friendly
def evaluate_command(gold_path: Path, pred_path: Path, gold_layer: str | None,
                     pred_layer: str | None, as_json: bool, schema_path: Path | None) -> None:
    """Precision, recall and F1 per label and overall (micro), for exact and
    overlap span matches, and attribute accuracy on matched spans.

    Exact: same start, end and label. Overlap: same label and at least one
    shared character, each span matched at most once, as many pairs as
    possible. Attribute accuracy is taken on the overlap pairs whose gold span
    has the attribute. Documents are paired by id; a gold document without
    predictions counts its spans as misses. Every label must be a span type of
    the schema.
    """
    result = evaluate(read_all([gold_path]), read_all([pred_path]), gold_layer=gold_layer,
                      pred_layer=pred_layer, schema=get_schema(schema_path))
    if as_json:
        _json(result.to_dict())
        return
    for line in evaluation_lines(result):
        click.echo(line)


@click.command("gold")
@inputs_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Native JSONL to write (atomically).")
@click.option("--policy", type=click.Choice(POLICIES), required=True,
              help="newest: the newest submission; reviewed: the newest reviewed or "
              "ground-truth layer, else the newest; majority: span-level vote of the "
              "annotators.")
@click.option("--min-agreement", type=click.FloatRange(0, 1, min_open=True),
              help="majority only: keep what at least this share of annotators has "
              "(default: more than half).")
@friendly
def gold_command(inputs: tuple[Path, ...], output: Path, policy: Policy,
                 min_agreement: float | None) -> None:
    """Add a layer "gold" (kind gold) to every document, chosen from its annotation
    layers by a policy; every other layer is kept.
    """
    if min_agreement is not None and policy != "majority":
        fail("--min-agreement applies only to --policy majority", 2)
    counts = {"chosen": 0, "without": 0}
    notes: list[str] = []

    def chosen() -> Iterator[Document]:
        for document in read_inputs(inputs):
            choice = choose_gold(document, policy, min_agreement)
            counts["chosen" if choice.layer else "without"] += 1
            if choice.note:
                notes.append(choice.note)
            yield choice.document

    count = native.write(chosen(), output)
    for note in notes:
        click.echo(f"annotkit: note: {note}", err=True)
    click.echo(f"wrote {count} document(s) to {output}: {counts['chosen']} with a gold layer "
               f"by policy {policy!r}, {counts['without']} without annotation layers")


def agreement_lines(result: Agreement) -> list[str]:
    """The human-readable report of an agreement."""
    lines = ["annotators"]
    rows = [["annotator", "documents", "spans", *result.labels, "median lead time (s)"]]
    for name, stats in result.annotators.items():
        rows.append([name, str(stats.documents), str(stats.spans),
                     *(str(stats.labels.get(label, 0)) for label in result.labels),
                     "-" if stats.median_lead_time is None
                     else f"{stats.median_lead_time:.1f}"])
    lines.extend(_table(rows))
    if not result.pairs:
        lines.append("no two annotators share a document: no agreement to compute")
        return lines
    lines.append("pairs (on the documents both annotated)")
    rows = [["pair", "documents", "tokens", "exact F1", "overlap F1", "kappa"]]
    for pair in result.pairs:
        rows.append([f"{pair.first} / {pair.second}", str(pair.documents), str(pair.tokens),
                     _number(pair.f1("exact")), _number(pair.f1("overlap")),
                     _number(pair.kappa())])
    lines.extend(_table(rows))
    lines.append(f"average over {len(result.pairs)} pair(s); kappa: Cohen's kappa on tokens "
                 f"({TOKEN.pattern}, unlabelled tokens are O)")
    rows = [["label", "exact F1", "overlap F1", "kappa"]]
    for label in [*result.labels, None]:
        rows.append([label or "overall", _number(result.mean_f1("exact", label)),
                     _number(result.mean_f1("overlap", label)),
                     _number(result.mean_kappa(label))])
    lines.extend(_table(rows))
    return lines


@click.command("agreement")
@inputs_argument
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@friendly
def agreement_command(inputs: tuple[Path, ...], as_json: bool) -> None:
    """Inter-annotator agreement per label and overall: pairwise span F1 (exact
    and overlap) and Cohen's kappa on tokens, averaged over annotator pairs,
    with per-annotator counts and median lead time.

    Annotators are the authors of layers of kind annotation or reviewed.
    """
    result = agreement(read_inputs(inputs))
    if as_json:
        _json(result.to_dict())
        return
    for line in agreement_lines(result):
        click.echo(line)


COMMANDS = [evaluate_command, gold_command, agreement_command]
