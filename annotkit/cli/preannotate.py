"""The ``preannotate`` command: rule-based predictions for any corpus."""

from __future__ import annotations

import os
from pathlib import Path

import click

from annotkit.cli._common import friendly, get_schema, inputs_argument, read_inputs, schema_option
from annotkit.export.atomic import atomic_open
from annotkit.preannotate.merge import POLICIES
from annotkit.preannotate.pipeline import build_pipeline


@click.command()
@inputs_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Native JSONL to write (atomically).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes; 0 means one per CPU.")
@click.option("--lexicons", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of lexicon .tsv files (default: the bundled ones).")
@click.option("--rules", "rules_path", type=click.Path(dir_okay=False, exists=True,
              path_type=Path), help="Pattern rule file (default: the bundled defense.toml).")
@click.option("--policy", type=click.Choice(sorted(POLICIES)), default="guidelines",
              show_default=True, help="How overlapping proposals are merged.")
@schema_option
@friendly
def preannotate(inputs: tuple[Path, ...], output: Path, jobs: int, lexicons: Path | None,
                rules_path: Path | None, policy: str, schema_path: Path | None) -> None:
    """Add a prediction layer from lexicons and patterns to every document.

    INPUTS are .txt files, folders of them, or native/flat JSONL corpora; the
    output keeps every existing layer and adds (or replaces) this rule set's.
    """
    pipeline = build_pipeline(lexicons, rules_path, get_schema(schema_path),
                              policy=POLICIES[policy])
    workers = jobs or os.cpu_count() or 1
    count = spans = 0
    with atomic_open(output) as handle:
        for line, predicted in pipeline.run_lines(read_inputs(inputs), jobs=workers):
            handle.write((line + "\n").encode("utf-8"))
            count += 1
            spans += predicted
    click.echo(f"wrote {count} document(s), {spans} predicted span(s), layer "
               f"{pipeline.layer_name!r} to {output}")


COMMANDS = [preannotate]
