"""Interrupted pushes, run again, end with exactly one task per document."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotkit import Document, Schema
from annotkit.cli import main
from annotkit.studio import Studio, StudioUnavailable, push
from annotkit.studio.server import Credentials, LocalServer

from .helpers import corpus, sync_schema, tasks_by_doc


def big_corpus() -> list[Document]:
    """Eighteen documents: six copies of the awkward three."""
    return [document for n in range(6) for document in corpus(prefix=f"{n}-")]


def assert_complete(studio: Studio, project_id: int, documents: list[Document]) -> None:
    tasks = tasks_by_doc(studio, project_id)
    assert sorted(tasks) == sorted(d.id for d in documents)
    for document in documents:
        (task,) = tasks[document.id]
        assert task["data"]["text"] == document.text
        assert [p["model_version"] for p in task["predictions"]] == ["defense-rules@v1"]


@pytest.mark.studio
class TestResume:
    def test_push_interrupted_by_ctrl_c_finishes_when_run_again(self, studio: Studio) -> None:
        documents = big_corpus()
        schema = sync_schema()

        def interrupt(kind: str, count: int) -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            push(studio, documents, "resume ctrl-c", schema, batch_size=5, on_batch=interrupt)
        report = push(studio, documents, "resume ctrl-c", schema, batch_size=5)
        assert (report.tasks_created, report.predictions_created) == (13, 13)
        assert_complete(studio, report.project_id, documents)

    def test_server_stopped_mid_push_then_push_again(
            self, studio: Studio, ls_server: LocalServer, ls_credentials: Credentials) -> None:
        documents = big_corpus()
        schema: Schema = sync_schema()

        def stop_server(kind: str, count: int) -> None:
            ls_server.stop()

        impatient = Studio(ls_credentials.url, ls_credentials.token, retry_for=1.0)
        with impatient, pytest.raises(StudioUnavailable):
            push(impatient, documents, "resume stop", schema, batch_size=5,
                 on_batch=stop_server)
        ls_server.start()
        report = push(studio, documents, "resume stop", schema, batch_size=5)
        assert report.tasks_created == 13
        assert_complete(studio, report.project_id, documents)

    def test_push_rides_out_a_server_restart(
            self, studio: Studio, ls_server: LocalServer, ls_credentials: Credentials) -> None:
        """Transient unavailability is retried with backoff inside one push."""
        documents = big_corpus()
        restarts: list[threading.Thread] = []

        def restart(kind: str, count: int) -> None:
            if not restarts:
                ls_server.stop()
                thread = threading.Thread(target=ls_server.start)
                thread.start()
                restarts.append(thread)

        patient = Studio(ls_credentials.url, ls_credentials.token, retry_for=240.0)
        with patient:
            report = push(patient, documents, "resume restart", sync_schema(), batch_size=5,
                          on_batch=restart)
        restarts[0].join()
        assert report.resumed >= 1
        assert_complete(studio, report.project_id, documents)


def test_studio_status_without_a_server(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["studio", "status", "--dir", str(tmp_path)])
    assert (result.exit_code, result.output) == (1, "Label Studio is not running\n")


def test_studio_down_without_a_server(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["studio", "down", "--dir", str(tmp_path)])
    assert (result.exit_code, result.output) == (0, "Label Studio was not running\n")
