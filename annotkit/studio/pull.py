"""Bringing annotators' work back: each submitted annotation becomes a layer.

A pull reads the tasks changed since the newest annotation already in the
output file (or since ``--since``), turns every submitted, not cancelled
annotation into an ``annotation`` layer after checking each region against
the stored text, and merges them into the file by document id: documents,
their metadata and every other layer stay as they were; a layer of the same
name is replaced. The file is written only when everything was read, and
atomically, so an interrupted pull leaves the previous file intact.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs

from annotkit.documents.model import Document
from annotkit.errors import InputError, StudioError
from annotkit.export import native
from annotkit.schema.model import Schema
from annotkit.studio.client import Studio
from annotkit.studio.convert import annotation_layer, iter_submitted
from annotkit.studio.offsets import RegionProblem

log = logging.getLogger(__name__)

# Tasks changed this long before the newest annotation in the file are read
# again: an annotation saved while the last pull ran may carry an older time.
OVERLAP = timedelta(seconds=60)


@attrs.frozen
class PullReport:
    """What one pull did, and every region or task it could not keep."""

    project_id: int
    since: str | None
    tasks: int = 0
    layers_added: int = 0
    layers_updated: int = 0
    layers_unchanged: int = 0
    documents_added: int = 0
    repaired: int = 0
    problems: tuple[RegionProblem | str, ...] = ()

    def __str__(self) -> str:
        return (f"project {self.project_id}: {self.tasks} changed task(s) read"
                f"{f' (since {self.since})' if self.since else ''}; "
                f"{self.layers_added} layer(s) added, {self.layers_updated} updated, "
                f"{self.layers_unchanged} unchanged; {self.documents_added} new document(s); "
                f"{self.repaired} region(s) repaired, {len(self.problems)} problem(s)")


def pull(
    studio: Studio,
    project: str | int,
    output: str | Path,
    schema: Schema,
    *,
    since: str | None = None,
    full: bool = False,
    page_size: int = 500,
    overlap: timedelta = OVERLAP,
    on_page: Callable[[int], None] | None = None,
) -> PullReport:
    """Merge the project's submitted annotations into the native JSONL ``output``.

    ``since`` (ISO 8601) reads only tasks changed after it; by default that is
    the newest annotation of this project already in ``output``, less
    ``overlap``, and ``full`` reads every task. ``on_page(n)`` is called after
    each page read, with the number of tasks read so far.
    """
    studio.connect()
    project_id = _project_id(studio, project)
    output = Path(output)
    documents: list[Document] = native.load(output) if output.exists() else []
    index = {document.id: i for i, document in enumerate(documents)}
    if since is not None:
        since = _iso(since)
    elif not full:
        since = _watermark(documents, project_id, overlap)
    query = None
    if since is not None:
        query = {"filters": {"conjunction": "and", "items": [{
            "filter": "filter:tasks:updated_at", "operator": "greater", "type": "Datetime",
            "value": since}]}}
    counts = {"tasks": 0, "layers_added": 0, "layers_updated": 0, "layers_unchanged": 0,
              "documents_added": 0, "repaired": 0}
    problems: list[RegionProblem | str] = []
    for task in studio.iter_tasks(project_id, full=True, query=query, page_size=page_size,
                                  on_page=on_page):
        counts["tasks"] += 1
        task_id = int(task["id"])
        data = task.get("data") or {}
        text = data.get("text")
        if not isinstance(text, str):
            problems.append(f"task {task_id}: data has no text; skipped")
            continue
        doc_id = data.get("doc_id")
        doc_id = doc_id if isinstance(doc_id, str) and doc_id else f"ls-task-{task_id}"
        submitted = list(iter_submitted(task))
        if not submitted:
            continue
        if doc_id in index:
            document = documents[index[doc_id]]
            if document.text != text:
                problems.append(
                    f"task {task_id}: document {doc_id!r} in {output} has a different text "
                    "than the task; its annotations were not merged")
                continue
        else:
            meta = task.get("meta")
            document = Document(doc_id, text, meta=meta if isinstance(meta, dict) else {})
            index[doc_id] = len(documents)
            documents.append(document)
            counts["documents_added"] += 1
        for annotation in submitted:
            converted = annotation_layer(schema, text, task_id, project_id, annotation,
                                         studio.user_name)
            problems.extend(converted.problems)
            counts["repaired"] += len(converted.repairs)
            for region, place in converted.repairs:
                log.warning("task %s, annotation %s, region %r: offsets repaired by %s mapping",
                            task_id, annotation["id"], region, place.how)
            layer = converted.layer
            names = {existing.name: existing for existing in document.layers}
            if layer.name not in names:
                counts["layers_added"] += 1
            elif names[layer.name] == layer:
                counts["layers_unchanged"] += 1
                continue
            else:
                counts["layers_updated"] += 1
            document = document.with_layer(layer)
        documents[index[doc_id]] = document
    native.write(documents, output)
    return PullReport(project_id=project_id, since=since, problems=tuple(problems), **counts)


def _project_id(studio: Studio, project: str | int) -> int:
    if isinstance(project, int) or project.isdigit():
        return int(studio.project(int(project))["id"])
    found = studio.find_project(project)
    if found is None:
        raise StudioError(f"Label Studio at {studio.url} has no project titled {project!r}")
    return int(found["id"])


def _parse(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _iso(value: str) -> str:
    try:
        moment = _parse(value)
    except ValueError:
        raise InputError(f"--since {value!r} is not an ISO 8601 date or time") from None
    # The only form Label Studio's date filter parses.
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _watermark(documents: list[Document], project_id: int, overlap: timedelta) -> str | None:
    newest: datetime | None = None
    for document in documents:
        for layer in document.layers:
            if layer.meta.get("ls_project") != project_id or not layer.time:
                continue
            moment = _parse(layer.time)
            if newest is None or moment > newest:
                newest = moment
    if newest is None:
        return None
    return _iso((newest - overlap).isoformat())


def describe_problems(report: PullReport, limit: int = 20) -> list[str]:
    """The report's problems as lines, at most ``limit`` of them and a count of the rest."""
    lines = [str(p) for p in report.problems[:limit]]
    if len(report.problems) > limit:
        lines.append(f"... and {len(report.problems) - limit} more")
    return lines
