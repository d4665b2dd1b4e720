"""Commands on TEI-XML files: import-tei (validate --tei and export --format tei live in core)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from annotkit._progress import progress
from annotkit.cli._common import friendly
from annotkit.documents.model import Document


def tei_files(paths: tuple[Path, ...]) -> Iterator[Path]:
    """The given files, and every ``.xml`` file below the given folders, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.xml") if p.is_file())
        else:
            yield path


def _documents(paths: tuple[Path, ...]) -> Iterator[Document]:
    from annotkit.export import tei

    for path in tei_files(paths):
        yield from tei.read(path)


@click.command("import-tei")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Native JSONL file to write (atomically).")
@friendly
def import_tei(files: tuple[Path, ...], output: Path) -> None:
    """Read TEI files written by annotkit (TEI or teiCorpus; folders: every .xml
    file below) back into documents, as native JSONL."""
    from annotkit.export import native

    count = native.write(progress(_documents(files), "importing"), output)
    click.echo(f"wrote {count} document(s) to {output} (native)")


COMMANDS = [import_tei]
