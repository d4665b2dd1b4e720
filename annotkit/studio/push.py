"""Putting a corpus in front of annotators: tasks and predictions, idempotent and resumable.

Every run reads what the project holds, plans only the difference, and
carries it out in batches. A document is a task keyed by ``data.doc_id``;
a prediction is keyed by its task and ``model_version``. When Label Studio
stops answering half-way (network error, restart), the state is read again
once it is back and the plan redone, so a request whose answer was lost is
never repeated blindly: the run ends with exactly one task per document and
every prediction present. Annotations and drafts are never touched.

Reading a large project's state costs nearly as much as importing it, so a
push may keep a ledger: after a successful run, a fingerprint of the corpus
and the project's task and prediction counts, in a small local file. A later
push of the same corpus to a project whose counts are unchanged ends at
once; any difference (another corpus, a task or prediction added or deleted
by anyone) means a full read of the state.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from annotkit.documents.model import Document, sha256
from annotkit.documents.validate import Problem, problems
from annotkit.errors import StudioError, ValidationError
from annotkit.export.atomic import atomic_write_text
from annotkit.schema.model import Schema
from annotkit.studio.client import Studio, StudioUnavailable
from annotkit.studio.config import controls, describe, labeling_config
from annotkit.studio.convert import fingerprint, model_version, prediction, task_data

log = logging.getLogger(__name__)

BATCH_SIZE = 500
BATCH_CHARACTERS = 20_000_000
MAX_RESUMES = 20


@attrs.frozen
class PushReport:
    """What one push did."""

    project_id: int
    project_created: bool = False
    documents: int = 0
    tasks_created: int = 0
    tasks_replaced: int = 0
    duplicates_deleted: int = 0
    predictions_created: int = 0
    predictions_updated: int = 0
    model_version: str | None = None
    resumed: int = 0
    unchanged_by_ledger: bool = False

    @property
    def changed(self) -> bool:
        """Whether the push changed anything in the project."""
        return bool(self.project_created or self.tasks_created or self.tasks_replaced
                    or self.duplicates_deleted or self.predictions_created
                    or self.predictions_updated)

    def __str__(self) -> str:
        return (f"project {self.project_id}"
                f"{' (created)' if self.project_created else ''}: {self.documents} document(s); "
                f"{self.tasks_created} task(s) created, {self.tasks_replaced} replaced, "
                f"{self.duplicates_deleted} duplicate(s) deleted; "
                f"{self.predictions_created} prediction(s) created, "
                f"{self.predictions_updated} updated"
                + (f"; resumed {self.resumed} time(s)" if self.resumed else ""))


@attrs.define
class _Counts:
    tasks_created: int = 0
    tasks_replaced: int = 0
    duplicates_deleted: int = 0
    predictions_created: int = 0
    predictions_updated: int = 0


@attrs.frozen
class _Wanted:
    document: Document
    predictions: tuple[dict[str, Any], ...]


@attrs.frozen
class _Task:
    id: int
    doc_id: str
    sha256: str
    worked_on: bool  # has annotations (submitted or cancelled) or drafts


def push(
    studio: Studio,
    documents: Iterable[Document],
    project: str,
    schema: Schema,
    *,
    replace_changed: bool = False,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[str, int], None] | None = None,
    ledger: str | Path | None = None,
) -> PushReport:
    """Make project ``project`` hold every document once, with its prediction layers.

    Creates the project from ``schema`` (or reuses the one of that title),
    adds missing tasks and predictions, updates a prediction whose content
    changed under the same model version, and shows the newest model
    version's predictions to annotators. A document whose text differs from
    its task's is refused, unless ``replace_changed`` and nobody worked on
    the task. ``on_batch(kind, count)`` is called after each batch sent.
    ``ledger`` is a folder for the ledger of the module's description (None: no ledger,
    always read the project's full state).
    """
    studio.connect()
    wanted = _wanted(documents, schema)
    newest = _newest_model_version(w.document for w in wanted)
    project_id, created, info = _project(studio, project, schema)
    record = None
    if ledger is not None:
        record = _Ledger(Path(ledger), studio.url, info, _digest(wanted, schema, newest))
        if not created and record.unchanged(info):
            return PushReport(project_id=project_id, documents=len(wanted),
                              model_version=newest, unchanged_by_ledger=True)
        record.forget()
    counts = _Counts()
    resumed = 0
    while True:
        try:
            _sync(studio, project_id, wanted, counts, replace_changed, batch_size, on_batch)
            if resumed:
                # A request still running on the server when it was given up
                # for lost may have landed since: one more pass removes what
                # it duplicated.
                _sync(studio, project_id, wanted, counts, replace_changed, batch_size,
                      on_batch)
            if newest is not None:
                _show_predictions(studio, project_id, newest)
            break
        except StudioUnavailable as error:
            resumed += 1
            if resumed > MAX_RESUMES:
                raise
            log.warning("%s; resuming once Label Studio answers again", error)
            studio.wait_until_up()
    if record is not None:
        record.save(studio.project(project_id))
    return PushReport(
        project_id=project_id, project_created=created, documents=len(wanted),
        model_version=newest, resumed=resumed, **attrs.asdict(counts),
    )


def _wanted(documents: Iterable[Document], schema: Schema) -> list[_Wanted]:
    names = controls(schema)
    wanted: list[_Wanted] = []
    found: list[Problem] = []
    seen: set[str] = set()
    for document in documents:
        if document.id in seen:
            raise StudioError(f"document id {document.id!r} appears twice in the corpus")
        seen.add(document.id)
        layers = [layer for layer in document.layers if layer.kind == "prediction"]
        versions = [model_version(layer) for layer in layers]
        for version in sorted({v for v in versions if versions.count(v) > 1}):
            raise StudioError(
                f"document {document.id!r} has {versions.count(version)} prediction layers "
                f"by {version}; Label Studio keeps one prediction per model version, so give "
                "each layer's author its own name or version")
        predicted = attrs.evolve(document, layers=layers)
        found.extend(problems(predicted, schema))
        wanted.append(_Wanted(document, tuple(prediction(document, layer, names)
                                              for layer in layers)))
    if found:
        raise ValidationError(found)
    return wanted


def _newest_model_version(documents: Iterable[Document]) -> str | None:
    best: tuple[str, int] | None = None
    newest: str | None = None
    order = 0
    for document in documents:
        for layer in document.layers:
            if layer.kind != "prediction":
                continue
            order += 1
            key = (layer.time, order)
            if best is None or key >= best:
                best, newest = key, model_version(layer)
    return newest


def _project(studio: Studio, title: str, schema: Schema) -> tuple[int, bool, dict[str, Any]]:
    if len(title) < 3:
        raise StudioError(f"project title {title!r} is too short: Label Studio needs at "
                          "least 3 characters")
    config = labeling_config(schema)
    existing = studio.find_project(title)
    if existing is None:
        fields = {"title": title, "label_config": config, "description": describe(schema),
                  "show_collab_predictions": True}
        try:
            made = studio.create_project(fields)
            return int(made["id"]), True, made
        except StudioUnavailable:
            studio.wait_until_up()
            existing = studio.find_project(title)
            if existing is None:
                made = studio.create_project(fields)
                return int(made["id"]), True, made
    project_id = int(existing["id"])
    if (existing.get("label_config") or "").strip() != config.strip():
        try:
            studio.update_project(project_id, {"label_config": config})
        except StudioUnavailable:
            raise
        except StudioError as error:
            raise StudioError(
                f"project {title!r} (id {project_id}) has a labeling interface that does not "
                f"match schema {schema.name!r} version {schema.version}, and Label Studio "
                f"refused the new one: {error}"
            ) from None
        existing = {**existing, "label_config": config}
    return project_id, False, existing


def _state(studio: Studio, project_id: int) -> tuple[dict[str, list[_Task]],
                                                     dict[int, list[dict[str, Any]]]]:
    tasks: dict[str, list[_Task]] = {}
    for raw in studio.iter_tasks(project_id, include=(
            "id", "data", "total_annotations", "cancelled_annotations", "drafts")):
        data = raw.get("data") or {}
        doc_id = data.get("doc_id")
        if not isinstance(doc_id, str):
            continue  # not a task annotkit made
        text = data.get("text")
        worked = bool(raw.get("total_annotations") or raw.get("cancelled_annotations")
                      or raw.get("drafts"))
        tasks.setdefault(doc_id, []).append(_Task(
            int(raw["id"]), doc_id, sha256(text) if isinstance(text, str) else "", worked))
    predictions: dict[int, list[dict[str, Any]]] = {}
    for item in studio.predictions(project_id):
        predictions.setdefault(int(item["task"]), []).append(item)
    for items in predictions.values():
        items.sort(key=lambda p: int(p["id"]))
    return tasks, predictions


def _sync(
    studio: Studio,
    project_id: int,
    wanted: list[_Wanted],
    counts: _Counts,
    replace_changed: bool,
    batch_size: int,
    on_batch: Callable[[str, int], None] | None,
) -> None:
    tasks, predictions = _state(studio, project_id)
    keep: dict[str, _Task] = {}
    refused: list[str] = []
    to_replace: list[tuple[_Task, _Wanted]] = []
    for item in wanted:
        document = item.document
        found = tasks.get(document.id)
        if not found:
            continue
        task = _keep(found, studio, counts)
        keep[document.id] = task
        if task.sha256 != document.sha256:
            if replace_changed and not task.worked_on:
                to_replace.append((task, item))
            else:
                why = ("it has annotations or drafts" if task.worked_on and replace_changed
                       else "pass --replace-changed to replace tasks nobody has worked on")
                refused.append(f"{document.id!r} (task {task.id}; {why})")
    if refused:
        listed = "; ".join(refused[:10]) + (f"; and {len(refused) - 10} more"
                                             if len(refused) > 10 else "")
        raise StudioError(
            f"{len(refused)} document(s) already in project {project_id} with a different "
            f"text were refused, and nothing was pushed: {listed}"
        )
    for task, item in to_replace:
        for old in predictions.pop(task.id, []):
            studio.delete_prediction(int(old["id"]))
        studio.update_task(task.id, {"data": task_data(item.document),
                                     "meta": item.document.meta.to_dict()})
        counts.tasks_replaced += 1

    new = [item for item in wanted if item.document.id not in keep]
    batch: list[dict[str, Any]] = []
    size = 0
    for item in new:
        batch.append({"data": task_data(item.document), "meta": item.document.meta.to_dict(),
                      "predictions": list(item.predictions)})
        size += len(item.document.text)
        if len(batch) >= batch_size or size >= BATCH_CHARACTERS:
            _import(studio, project_id, batch, counts, on_batch)
            batch, size = [], 0
    if batch:
        _import(studio, project_id, batch, counts, on_batch)

    additions: list[dict[str, Any]] = []
    for item in wanted:
        kept = keep.get(item.document.id)
        if kept is None:
            continue
        existing = predictions.get(kept.id, [])
        for wish in item.predictions:
            same = [p for p in existing if p.get("model_version") == wish["model_version"]]
            if not same:
                additions.append({**wish, "task": kept.id})
                continue
            first, *extra = same
            for duplicate in extra:
                studio.delete_prediction(int(duplicate["id"]))
            if fingerprint(first.get("result"), first.get("score")) != fingerprint(
                    wish["result"], wish.get("score")):
                studio.update_prediction(int(first["id"]), {
                    "result": wish["result"], "score": wish.get("score"),
                    "model_version": wish["model_version"]})
                counts.predictions_updated += 1
    for start in range(0, len(additions), batch_size):
        chunk = additions[start:start + batch_size]
        studio.import_predictions(project_id, chunk)
        counts.predictions_created += len(chunk)
        if on_batch is not None:
            on_batch("predictions", len(chunk))


def _keep(found: list[_Task], studio: Studio, counts: _Counts) -> _Task:
    """The one task of a document; duplicates nobody worked on are deleted."""
    if len(found) == 1:
        return found[0]
    worked = [task for task in found if task.worked_on]
    keep = worked[0] if worked else min(found, key=lambda t: t.id)
    for task in found:
        if task is not keep and not task.worked_on:
            studio.delete_task(task.id)
            counts.duplicates_deleted += 1
    if len(worked) > 1:
        log.warning("document %r has %d tasks with annotations (%s); all are kept",
                    keep.doc_id, len(worked), ", ".join(str(t.id) for t in worked))
    return keep


def _import(
    studio: Studio,
    project_id: int,
    batch: list[dict[str, Any]],
    counts: _Counts,
    on_batch: Callable[[str, int], None] | None,
) -> None:
    studio.import_tasks(project_id, batch)
    counts.tasks_created += len(batch)
    counts.predictions_created += sum(len(task["predictions"]) for task in batch)
    if on_batch is not None:
        on_batch("tasks", len(batch))


def _show_predictions(studio: Studio, project_id: int, version: str) -> None:
    current = studio.project(project_id)
    wanted = {"model_version": version, "show_collab_predictions": True}
    if any(current.get(key) != value for key, value in wanted.items()):
        studio.update_project(project_id, wanted)


def _digest(wanted: list[_Wanted], schema: Schema, newest: str | None) -> str:
    """Fingerprint of everything a push would send."""
    digest = hashlib.sha256(labeling_config(schema).encode())
    digest.update(json.dumps(newest).encode())
    for item in wanted:
        digest.update(json.dumps([item.document.id, item.document.sha256,
                                  item.document.meta.to_dict()],
                                 sort_keys=True, ensure_ascii=False).encode())
        for wish in item.predictions:
            digest.update(fingerprint(wish["result"], wish.get("score")).encode())
            digest.update(wish["model_version"].encode())
    return digest.hexdigest()


_COUNTED = ("task_number", "total_predictions_number")


class _Ledger:
    """The record of the last successful push of a corpus to one project."""

    def __init__(self, folder: Path, url: str, project: Mapping[str, Any], digest: str) -> None:
        key = json.dumps([url, project.get("id"), project.get("created_at")])
        self.path = folder / "push" / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.json"
        self.digest = digest

    def _snapshot(self, project: Mapping[str, Any]) -> dict[str, Any]:
        return {"digest": self.digest, **{key: project.get(key) for key in _COUNTED},
                "model_version": project.get("model_version"),
                "show_collab_predictions": project.get("show_collab_predictions")}

    def unchanged(self, project: Mapping[str, Any]) -> bool:
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return bool(saved == self._snapshot(project))

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)

    def save(self, project: Mapping[str, Any]) -> None:
        atomic_write_text(self.path, json.dumps(self._snapshot(project), sort_keys=True) + "\n")
