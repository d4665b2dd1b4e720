"""Commands for Label Studio: push, pull, and studio up|down|status."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotkit.cli._common import (
    fail,
    friendly,
    get_schema,
    inputs_argument,
    read_inputs,
    schema_option,
)

if TYPE_CHECKING:
    from annotkit.studio.client import Studio
    from annotkit.studio.server import LocalServer

_DIR_HELP = "Project folder holding .ls-venv and .ls-data (default: the current folder)."


def _connection(url: str | None, token: str | None) -> tuple[str, str]:
    """URL and token from the options, the environment, else the local server."""
    url = url or os.environ.get("LABEL_STUDIO_URL") or None
    token = token or os.environ.get("LABEL_STUDIO_API_KEY") or None
    if url is None or token is None:
        from annotkit.studio.server import LocalServer

        local = LocalServer(".").credentials()
        if local is not None and (url is None or url.rstrip("/") == local.url):
            url, token = url or local.url, token or local.token
    if not url:
        fail("no Label Studio URL: pass --url, set LABEL_STUDIO_URL, or start a local "
             "server with `annotkit studio up`")
    if not token:
        fail(f"no API token for {url}: pass --token or set LABEL_STUDIO_API_KEY")
    return str(url), str(token)


def _connect(url: str | None, token: str | None, retry_for: float) -> Studio:
    from annotkit.studio.client import Studio

    return Studio(*_connection(url, token), retry_for=retry_for)


url_option = click.option("--url", help="Label Studio URL (else $LABEL_STUDIO_URL, else the "
                          "local server of `annotkit studio up`).")
token_option = click.option("--token", help="API token (else $LABEL_STUDIO_API_KEY); never "
                            "printed.")
retry_option = click.option("--retry-for", type=float, default=60.0, show_default=True,
                            help="Seconds to keep retrying while Label Studio is unavailable.")


@click.command()
@inputs_argument
@click.option("--project", required=True, help="Project title; created if missing.")
@url_option
@token_option
@schema_option
@click.option("--replace-changed", is_flag=True,
              help="Replace a task whose document text changed, if nobody worked on it.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=500, show_default=True,
              help="Tasks per import request.")
@click.option("--full-check", is_flag=True,
              help="Always read the project's whole state, even when the local ledger says "
              "the same corpus was pushed and the project's counts are unchanged.")
@retry_option
@friendly
def push(inputs: tuple[Path, ...], project: str, url: str | None, token: str | None,
         schema_path: Path | None, replace_changed: bool, batch_size: int, full_check: bool,
         retry_for: float) -> None:
    """Put documents in front of annotators: one task each, predictions included.

    Safe to run again: nothing is created twice, new predictions are added,
    annotators' work is never touched, and an interrupted push resumes.
    """
    from annotkit._cache import cache_dir
    from annotkit.studio.push import push as run

    active = get_schema(schema_path)
    with _connect(url, token, retry_for) as studio:
        try:
            report = run(studio, read_inputs(inputs), project, active,
                         replace_changed=replace_changed, batch_size=batch_size,
                         ledger=None if full_check else cache_dir())
        except KeyboardInterrupt:
            fail("interrupted; run the same push again to finish (nothing is created twice)",
                 130)
            return
    click.echo(f"pushed to {studio.url}: {report}")
    if report.unchanged_by_ledger:
        click.echo("(same corpus as the last push and unchanged project counts; "
                   "--full-check reads everything)")
    if report.model_version:
        click.echo(f"annotators see predictions of {report.model_version}")
    click.echo(f"open {studio.url}/projects/{report.project_id}/data")


@click.command()
@click.option("--project", required=True, help="Project title or id.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Native JSONL file to merge into (written atomically).")
@click.option("--since", help="Read tasks changed after this ISO 8601 time (default: after "
              "the newest annotation already in the output file).")
@click.option("--full", is_flag=True, help="Read every task, not only the changed ones.")
@url_option
@token_option
@schema_option
@retry_option
@friendly
def pull(project: str, output: Path, since: str | None, full: bool, url: str | None,
         token: str | None, schema_path: Path | None, retry_for: float) -> None:
    """Bring submitted annotations back as annotation layers, merged into OUTPUT.

    Every region is checked against the stored text; what cannot be placed
    is reported (task, annotation, region, context), never shifted.
    """
    from annotkit.studio.pull import describe_problems
    from annotkit.studio.pull import pull as run

    active = get_schema(schema_path)
    with _connect(url, token, retry_for) as studio:
        report = run(studio, project, output, active, since=since, full=full)
    for line in describe_problems(report):
        click.echo(f"annotkit: problem: {line}", err=True)
    click.echo(f"pulled into {output}: {report}")
    if report.problems:
        fail(f"{len(report.problems)} problem(s) in the pulled annotations; {output} holds "
             "everything else")


@click.group()
def studio() -> None:
    """Run a local Label Studio for this project (own virtual environment)."""


def _server(directory: Path, port: int | None, venv: Path | None = None) -> LocalServer:
    from annotkit.studio.server import LocalServer

    return LocalServer(directory, venv=venv, port=port,
                       echo=lambda line: click.echo(line, err=True))


dir_option = click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
                          default=Path("."), help=_DIR_HELP)


@studio.command("up")
@dir_option
@click.option("--port", type=int, help="Port on 127.0.0.1 (default: the last one, else 8089 "
              "if free, else any free port).")
@click.option("--venv", type=click.Path(file_okay=False, path_type=Path),
              help="Label Studio's virtual environment (default: DIR/.ls-venv; created if "
              "missing).")
@friendly
def studio_up(directory: Path, port: int | None, venv: Path | None) -> None:
    """Install (first time), start and wait for a local Label Studio; print how to log in."""
    credentials = _server(directory, port, venv).start()
    click.echo(f"Label Studio is up at {credentials.url}")
    click.echo(f"  login:    {credentials.email}")
    click.echo(f"  password: {credentials.password}")
    click.echo(f"  token:    {credentials.token}")
    click.echo("annotkit push/pull in this folder use it; elsewhere set "
               f"LABEL_STUDIO_URL={credentials.url} and LABEL_STUDIO_API_KEY.")


@studio.command("down")
@dir_option
@friendly
def studio_down(directory: Path) -> None:
    """Stop the local Label Studio (its data stays)."""
    stopped = _server(directory, None).stop()
    click.echo("Label Studio stopped" if stopped else "Label Studio was not running")


@studio.command("status")
@dir_option
@friendly
def studio_status(directory: Path) -> None:
    """Say whether the local Label Studio runs; exit 1 if it does not answer."""
    status = _server(directory, None).status()
    if status.healthy and status.credentials is not None:
        click.echo(f"Label Studio is up at {status.credentials.url} (pid {status.pid}), "
                   f"login {status.credentials.email}")
        return
    if status.running:
        click.echo(f"Label Studio runs (pid {status.pid}) but does not answer yet")
    else:
        click.echo("Label Studio is not running")
    sys.exit(1)


COMMANDS = [push, pull, studio]
