"""Commands on schemas and documents: schema, validate, stats, export."""

from __future__ import annotations

import json
from collections import Counter
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
from annotkit.documents.validate import problems
from annotkit.errors import SchemaError
from annotkit.schema import dumps_schema, load_schema


@click.group()
def schema() -> None:
    """Show or check annotation schemas."""


@schema.command("show")
@schema_option
@click.option("--format", "fmt", type=click.Choice(["toml", "json"]), default="toml",
              show_default=True)
@friendly
def schema_show(schema_path: Path | None, fmt: str) -> None:
    """Print the schema (the default one unless --schema is given)."""
    click.echo(dumps_schema(get_schema(schema_path), fmt), nl=False)


@schema.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def schema_check(file: Path) -> None:
    """Report every problem in a schema FILE; exit 1 if there is any."""
    try:
        loaded = load_schema(file)
    except SchemaError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        fail(f"{file}: {len(error.problems)} problem(s)")
        return
    click.echo(f"{file}: schema {loaded.name!r} version {loaded.version} is valid "
               f"({len(loaded.span_types)} span types, "
               f"{len(loaded.relation_types)} relation types)")


@click.command()
@inputs_argument
@schema_option
@click.option("--tei", "as_tei", is_flag=True,
              help="Check TEI files (folders: every .xml file below) against annotkit's TEI "
              "profile, and against the official tei_all.rng when it is cached.")
@click.option("--fetch", is_flag=True,
              help="With --tei: download tei_all.rng (TEI P5 4.3.0) into the cache first "
              "if it is not there.")
@friendly
def validate(inputs: tuple[Path, ...], schema_path: Path | None, as_tei: bool,
             fetch: bool) -> None:
    """Check documents against the schema; report every problem, exit 1 if any."""
    if as_tei:
        _validate_tei(inputs, fetch)
        return
    active = get_schema(schema_path)
    count = found = 0
    for document in read_inputs(inputs):
        count += 1
        for problem in problems(document, active):
            found += 1
            click.echo(str(problem))
    if found:
        fail(f"{found} problem(s) in {count} document(s)")
    click.echo(f"{count} document(s) valid against schema {active.name!r}")


def _validate_tei(inputs: tuple[Path, ...], fetch: bool) -> None:
    from annotkit.cli.tei import tei_files
    from annotkit.export import tei

    schemas = "annotkit's TEI profile"
    if tei.official_schema_path(fetch=fetch) is not None:
        schemas += f" and tei_all.rng (TEI P5 {tei.TEI_VERSION})"
    else:
        click.echo("tei_all.rng is not cached (--fetch downloads it); checking against "
                   "annotkit's TEI profile only", err=True)
    count = found = 0
    for path in tei_files(inputs):
        count += 1
        for problem in tei.check(path):
            found += 1
            click.echo(str(problem))
    if found:
        fail(f"{found} problem(s) in {count} TEI file(s)")
    click.echo(f"{count} TEI file(s) valid against {schemas}")


@click.command()
@inputs_argument
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@friendly
def stats(inputs: tuple[Path, ...], as_json: bool) -> None:
    """Documents, characters, and spans per label and per layer."""
    documents: list[dict[str, Any]] = []
    per_layer: dict[str, Counter[str]] = {}
    per_label: Counter[str] = Counter()
    for document in read_inputs(inputs):
        documents.append({"id": document.id, "characters": len(document.text),
                          "layers": len(document.layers),
                          "spans": sum(len(layer.spans) for layer in document.layers)})
        for layer in document.layers:
            counts = per_layer.setdefault(f"{layer.name} ({layer.kind})", Counter())
            for span in layer.spans:
                counts[span.label] += 1
                per_label[span.label] += 1
    if as_json:
        click.echo(json.dumps({
            "documents": documents,
            "labels": dict(sorted(per_label.items())),
            "layers": {name: dict(sorted(c.items())) for name, c in sorted(per_layer.items())},
        }, indent=2, ensure_ascii=False))
        return
    click.echo(f"{len(documents)} document(s), "
               f"{sum(d['characters'] for d in documents)} characters")
    width = max([len(d["id"]) for d in documents] + [8])
    for d in documents:
        click.echo(f"  {d['id']:<{width}}  {d['characters']:>9} chars  "
                   f"{d['layers']:>3} layer(s)  {d['spans']:>6} spans")
    labels = sorted(per_label)
    if labels:
        name_width = max(len(name) for name in per_layer)
        click.echo("spans per layer and label:")
        click.echo(f"  {'layer':<{name_width}}  " + "  ".join(f"{lb:>9}" for lb in labels)
                   + f"  {'total':>7}")
        for name, counts in sorted(per_layer.items()):
            click.echo(f"  {name:<{name_width}}  "
                       + "  ".join(f"{counts[lb]:>9}" for lb in labels)
                       + f"  {sum(counts.values()):>7}")


@click.command()
@inputs_argument
@click.option("--format", "fmt", type=click.Choice(["native", "flat", "tei"]), default="native",
              show_default=True,
              help="native: lossless, all layers; flat: one layer; tei: TEI P5 XML, lossless.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Output file (written atomically); for --format tei without --corpus, "
              "a folder that gets one NAME.xml per document.")
@click.option("--layer", help="Layer to write in flat format, or to write inline in TEI; "
              "default: the newest gold layer, else the newest layer.")
@click.option("--merge", is_flag=True,
              help="Combine documents that share an id (same text required): their layers "
              "side by side, later inputs winning on equal layer names and metadata keys.")
@click.option("--corpus", is_flag=True,
              help="With --format tei: write one teiCorpus file instead of a folder.")
@schema_option
@friendly
def export(inputs: tuple[Path, ...], fmt: str, output: Path, layer: str | None, merge: bool,
           corpus: bool, schema_path: Path | None) -> None:
    """Write documents as native JSONL (lossless), flat JSONL (training-ready) or TEI-XML."""
    from annotkit.export import flat, native, tei

    documents = read_inputs(inputs, merge=merge)
    if corpus and fmt != "tei":
        fail("--corpus only applies to --format tei")
    if fmt == "tei":
        active = get_schema(schema_path)
        if corpus:
            count = tei.write_corpus(documents, output, active, layer)
        elif (output.exists() and not output.is_dir()) or (
                not output.exists() and output.suffix.lower() == ".xml"):
            fail(f"{output} is a file name; --format tei writes one file per document into a "
                 "folder (or use --corpus for one teiCorpus file)")
            return
        else:
            count = tei.write(documents, output, active, layer)
    elif fmt == "flat":
        count = flat.write(documents, output, layer=layer)
    else:
        count = native.write(documents, output)
    click.echo(f"wrote {count} document(s) to {output} ({fmt}{' corpus' if corpus else ''})")


COMMANDS = [schema, validate, stats, export]
