"""The ``annotkit`` command line: thin wrappers over the library.

Each stage keeps its commands in its own module here; ``main`` collects them.
"""

from __future__ import annotations

import click

from annotkit.cli import core, gold, preannotate, studio, tei


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="annotkit")
def main() -> None:
    """Structured annotation of defense-industry texts.

    Inputs may be .txt files, folders of them, native JSONL or flat JSONL,
    told apart by content.
    """


for _module in (core, preannotate, studio, gold, tei):
    for _command in _module.COMMANDS:
        main.add_command(_command)
