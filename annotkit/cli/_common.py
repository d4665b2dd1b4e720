"""Pieces every annotkit command shares: error handling, schema and input options."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from annotkit._progress import progress
from annotkit.documents.model import Document
from annotkit.documents.read import read_all
from annotkit.errors import AnnotkitError
from annotkit.schema import Schema, default_schema, load_schema

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> None:
    """Print a one-line error and exit."""
    click.echo(f"annotkit: error: {message}", err=True)
    sys.exit(code)


def friendly(command: F) -> F:
    """Turn annotkit errors and interrupts into a one-line message and exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AnnotkitError as error:
            fail(str(error))
        except KeyboardInterrupt:
            fail("interrupted; no output file was changed", 130)
        except BrokenPipeError:
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def schema_option(command: F) -> F:
    """The ``--schema FILE`` option."""
    return click.option(
        "--schema", "schema_path", type=click.Path(dir_okay=False, path_type=Path),
        help="Schema file (.toml or .json); the default is the bundled 'defense' schema.",
    )(command)


def get_schema(path: Path | None) -> Schema:
    """The schema in ``path``, or the default one."""
    return load_schema(path) if path else default_schema()


def read_inputs(paths: tuple[Path, ...], merge: bool = False) -> Iterator[Document]:
    """Documents from every input, with a progress display; with ``merge``,
    documents sharing an id become one with all their layers."""
    if merge:
        from annotkit.documents.merge import merge_all

        return progress(iter(merge_all(read_all(paths, unique=False))), "merging")
    return progress(read_all(paths), "reading")


inputs_argument = click.argument(
    "inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)


