"""Push and pull against a real Label Studio: idempotent, exact to the character."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from annotkit import (
    Attribute,
    Document,
    InputError,
    Relation,
    Schema,
    Span,
    SpanType,
    StudioAuthError,
    StudioError,
    default_schema,
    native,
)
from annotkit.cli import main
from annotkit.studio import Studio, StudioUnavailable, labeling_config, pull, push
from annotkit.studio.config import controls
from annotkit.studio.server import Credentials, LocalServer

from .helpers import TEXTS, corpus, region, relation, submit, sync_schema, tasks_by_doc

pytestmark = pytest.mark.studio

_titles = itertools.count(1)


def title(name: str) -> str:
    return f"{name} {next(_titles)}"


@pytest.fixture
def schema() -> Schema:
    return sync_schema()


def task_ids(studio: Studio, project_id: int) -> dict[str, int]:
    found = tasks_by_doc(studio, project_id)
    assert all(len(tasks) == 1 for tasks in found.values()), found
    return {doc_id: tasks[0]["id"] for doc_id, tasks in found.items()}


class TestLabelingConfig:
    def test_real_server_accepts_config_with_special_characters(self, studio: Studio) -> None:
        """Labels, choices and descriptions with <, &, quotes and commas survive."""
        odd = Schema("odd", span_types=[
            SpanType("A<&>\"'", attributes=[
                Attribute("kind", "choice", choices=["x<y", "a & b", 'say "hi"', "it's"]),
                Attribute("note", "string", description="<b>bold</b> & more")],
                color="#123456", hotkey="x"),
            SpanType("B, C"),
            SpanType("Ünïcødé 🚀"),
        ])
        studio.connect()
        project = studio.create_project({"title": title("odd config"),
                                         "label_config": labeling_config(odd)})
        parsed = studio.project(project["id"])["parsed_label_config"]
        assert parsed["label"]["labels"] == ["A<&>\"'", "B, C", "Ünïcødé 🚀"]
        kind = controls(odd).for_attribute("A<&>\"'", "kind")
        assert kind is not None
        assert parsed[kind.name]["labels"] == ["x<y", "a & b", 'say "hi"', "it's"]

    def test_config_puts_attributes_under_their_label(self) -> None:
        config = labeling_config(default_schema())
        assert ('<TextArea name="SYSTEM__canonical" toName="text" perRegion="true" '
                'whenTagName="label" whenLabelValue="SYSTEM"') in config
        assert '<Relation value="imposed_by"/>' in config
        assert '<Label value="ACTOR" background="#2ca02c" hotkey="a"' in config


ROOT = Path(__file__).resolve().parents[2]


def preannotate(tmp_path: Path, name: str, *extra: str) -> list[Document]:
    output = tmp_path / name
    result = CliRunner().invoke(main, ["preannotate", str(ROOT / "seeds"), "-o", str(output),
                                       *extra])
    assert result.exit_code == 0, result.output
    return native.load(output)


class TestSeeds:
    def test_seeds_push_again_and_rule_change(self, studio: Studio, tmp_path: Path) -> None:
        """The seeds with the real rules; again; then with a changed rule file."""
        schema = default_schema()
        seeds = preannotate(tmp_path, "seeds.jsonl")
        name = title("seeds")
        first = push(studio, seeds, name, schema)
        assert (first.tasks_created, first.predictions_created) == (2, 2)
        ids = task_ids(studio, first.project_id)
        (doc_id, text) = (seeds[0].id, seeds[0].text)
        word = text.split()[5]
        submit(studio, first.project_id, ids[doc_id],
               region("r1", text, word, "ACTOR", schema=schema))
        before = tasks_by_doc(studio, first.project_id)
        assert not push(studio, seeds, name, schema).changed
        rules = (ROOT / "schemas" / "rules" / "defense.toml").read_text(encoding="utf-8")
        changed_rules = tmp_path / "rules.toml"
        changed_rules.write_text(rules.replace('verb_cues = "to will', 'verb_cues = "will'),
                                 encoding="utf-8")
        changed = preannotate(tmp_path, "changed.jsonl", "--rules", str(changed_rules))
        old_version = seeds[0].layers[0].name
        new_version = changed[0].layers[0].name
        assert new_version != old_version
        third = push(studio, changed, name, schema)
        assert (third.tasks_created, third.predictions_created, third.predictions_updated,
                third.tasks_replaced) == (0, 2, 0, 0)
        after = tasks_by_doc(studio, first.project_id)
        for seed in seeds:
            (task,) = after[seed.id]
            (old,) = before[seed.id]
            assert task["annotations"] == old["annotations"]
            assert task["predictions"][0] == old["predictions"][0]
            assert [p["model_version"] for p in task["predictions"]] == [
                old_version, new_version]
        assert studio.project(first.project_id)["model_version"] == new_version


class TestPush:
    def test_push_creates_one_task_per_document_with_predictions(
            self, studio: Studio, schema: Schema) -> None:
        documents = corpus()
        report = push(studio, documents, title("push"), schema)
        assert (report.project_created, report.tasks_created, report.predictions_created) == (
            True, 3, 3)
        tasks = tasks_by_doc(studio, report.project_id)
        assert sorted(tasks) == sorted(d.id for d in documents)
        for document in documents:
            (task,) = tasks[document.id]
            assert task["data"] == {"text": document.text, "doc_id": document.id,
                                    "sha256": document.sha256}
            assert task["meta"] == {"title": document.meta["title"]}
            (pred,) = task["predictions"]
            assert pred["model_version"] == "defense-rules@v1"
        emoji = tasks["emoji-crlf"][0]["predictions"][0]
        labels = [i for i in emoji["result"] if i["type"] == "labels"]
        assert [(i["value"]["start"], i["value"]["text"]) for i in labels] == [
            (10, "Rostec"), (28, "T-90M")]
        assert {"from_id": labels[0]["id"], "to_id": labels[1]["id"], "type": "relation",
                "direction": "right", "labels": ["produces"]} in emoji["result"]
        project = studio.project(report.project_id)
        assert project["model_version"] == "defense-rules@v1"
        assert project["show_collab_predictions"] is True

    def test_second_push_changes_nothing(self, studio: Studio, schema: Schema) -> None:
        name = title("again")
        first = push(studio, corpus(), name, schema)
        before = tasks_by_doc(studio, first.project_id)
        second = push(studio, corpus(), name, schema)
        assert second.project_id == first.project_id
        assert not second.changed
        assert tasks_by_doc(studio, first.project_id) == before

    def test_rule_change_adds_predictions_and_keeps_annotations(
            self, studio: Studio, schema: Schema) -> None:
        name = title("rules")
        first = push(studio, corpus("v1"), name, schema)
        ids = task_ids(studio, first.project_id)
        text = TEXTS["emoji-crlf"]
        submit(studio, first.project_id, ids["emoji-crlf"],
               region("r1", text, "Rostec", "ACTOR"))
        before = tasks_by_doc(studio, first.project_id)
        second = push(studio, corpus("v2"), name, schema)
        assert (second.tasks_created, second.predictions_created,
                second.predictions_updated) == (0, 3, 0)
        after = tasks_by_doc(studio, first.project_id)
        for doc_id, (task,) in after.items():
            assert task["annotations"] == before[doc_id][0]["annotations"]
            assert [p["model_version"] for p in task["predictions"]] == [
                "defense-rules@v1", "defense-rules@v2"]
            assert task["predictions"][0] == before[doc_id][0]["predictions"][0]
        assert studio.project(first.project_id)["model_version"] == "defense-rules@v2"

    def test_changed_text_is_refused_unless_replaced(self, studio: Studio, schema: Schema) -> None:
        name = title("changed")
        first = push(studio, corpus(), name, schema)
        ids = task_ids(studio, first.project_id)
        submit(studio, first.project_id, ids["zwj"],
               region("r1", TEXTS["zwj"], "T-72", "SYSTEM"))
        changed = [attrs.evolve(d, text=d.text + " More.", layers=()) for d in corpus()]
        with pytest.raises(StudioError) as caught:
            push(studio, changed, name, schema)
        assert str(caught.value) == (
            f"3 document(s) already in project {first.project_id} with a different text were "
            f"refused, and nothing was pushed: 'emoji-crlf' (task {ids['emoji-crlf']}; pass "
            "--replace-changed to replace tasks nobody has worked on); 'combining-tabs' (task "
            f"{ids['combining-tabs']}; pass --replace-changed to replace tasks nobody has "
            f"worked on); 'zwj' (task {ids['zwj']}; pass --replace-changed to replace tasks "
            "nobody has worked on)")
        with pytest.raises(StudioError, match=r"'zwj' \(task \d+; it has annotations or drafts"):
            push(studio, changed, name, schema, replace_changed=True)
        report = push(studio, changed[:2], name, schema, replace_changed=True)
        assert (report.tasks_replaced, report.tasks_created) == (2, 0)
        tasks = tasks_by_doc(studio, first.project_id)
        assert tasks["emoji-crlf"][0]["data"]["text"] == changed[0].text
        assert tasks["emoji-crlf"][0]["predictions"] == []
        assert tasks["zwj"][0]["data"]["text"] == TEXTS["zwj"]

    def test_lost_answer_is_not_repeated(self, studio: Studio, schema: Schema,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
        """An import the server carried out but whose answer was lost creates no duplicate."""
        real = studio.import_tasks
        calls = []

        def lose_answer(project_id: int, tasks: Any) -> list[int]:
            calls.append(len(tasks))
            ids = real(project_id, tasks)
            if len(calls) == 1:
                raise StudioUnavailable("connection reset (simulated)")
            return ids

        monkeypatch.setattr(studio, "import_tasks", lose_answer)
        report = push(studio, corpus(), title("lost"), schema, batch_size=2)
        assert report.resumed == 1
        assert calls == [2, 1]
        assert sorted(task_ids(studio, report.project_id)) == sorted(TEXTS)

    def test_duplicate_tasks_nobody_worked_on_are_deleted(
            self, studio: Studio, schema: Schema) -> None:
        name = title("dupes")
        first = push(studio, corpus(), name, schema)
        document = corpus()[0]
        studio.import_tasks(first.project_id, [{"data": {"text": document.text,
                                                         "doc_id": document.id}}])
        report = push(studio, corpus(), name, schema)
        assert (report.duplicates_deleted, report.tasks_created) == (1, 0)
        assert len(task_ids(studio, first.project_id)) == 3

    def test_ledger_ends_a_repeated_push_early_and_notices_changes(
            self, studio: Studio, schema: Schema, tmp_path: Path) -> None:
        name = title("ledger")
        first = push(studio, corpus(), name, schema, ledger=tmp_path)
        again = push(studio, corpus(), name, schema, ledger=tmp_path)
        assert again.unchanged_by_ledger and not again.changed
        studio.delete_task(task_ids(studio, first.project_id)["zwj"])
        third = push(studio, corpus(), name, schema, ledger=tmp_path)
        assert (third.unchanged_by_ledger, third.tasks_created) == (False, 1)
        fourth = push(studio, corpus("v2"), name, schema, ledger=tmp_path)
        assert (fourth.unchanged_by_ledger, fourth.predictions_created) == (False, 3)
        assert len(task_ids(studio, first.project_id)) == 3

    def test_two_layers_of_one_model_version_are_refused(
            self, studio: Studio, schema: Schema) -> None:
        (document, *_) = corpus()
        twin = attrs.evolve(document.layers[0], name="copy")
        with pytest.raises(StudioError) as caught:
            push(studio, [document.with_layer(twin)], title("twins"), schema)
        assert str(caught.value) == (
            "document 'emoji-crlf' has 2 prediction layers by defense-rules@v1; Label Studio "
            "keeps one prediction per model version, so give each layer's author its own name "
            "or version")

    def test_wrong_token_is_one_clear_error(self, ls_credentials: Credentials) -> None:
        secret = "f" * 40
        with pytest.raises(StudioAuthError) as caught, Studio(ls_credentials.url, secret) as bad:
            push(bad, corpus(), "nope", default_schema())
        assert str(caught.value) == (
            f"Label Studio at {ls_credentials.url} refused the API token (HTTP 401); check "
            "--token or LABEL_STUDIO_API_KEY")

    def test_wrong_url_is_one_clear_error(self) -> None:
        with pytest.raises(StudioError) as caught, Studio("http://127.0.0.1:9", "f" * 40) as bad:
            push(bad, corpus(), "nope", default_schema())
        assert str(caught.value) == (
            "cannot reach Label Studio at http://127.0.0.1:9 (ConnectError); is the URL right "
            "and the server running? (`annotkit studio up` starts one)")

    def test_cli_never_prints_the_token(self, ls_credentials: Credentials,
                                        tmp_path: Path) -> None:
        path = tmp_path / "corpus.jsonl"
        native.write(corpus(), path)
        runner = CliRunner(env={"ANNOTKIT_CACHE": str(tmp_path / "cache")})
        args = ["push", str(path), "--project", title("cli"), "--url", ls_credentials.url,
                "--token", ls_credentials.token]
        good = runner.invoke(main, args)
        assert good.exit_code == 0, good.output
        assert "3 task(s) created" in good.output
        again = runner.invoke(main, args)
        assert again.exit_code == 0, again.output
        assert "0 task(s) created" in again.output
        assert "(same corpus as the last push and unchanged project counts;" in again.output
        bad_token = "0123456789" * 4
        bad = runner.invoke(main, ["push", str(path), "--project", "cli", "--url",
                                   ls_credentials.url], env={"LABEL_STUDIO_API_KEY": bad_token})
        assert bad.exit_code == 1
        assert "refused the API token" in bad.output
        for result in (good, again, bad):
            assert ls_credentials.token not in result.output
            assert bad_token not in result.output


GOLD_TEXT = TEXTS["combining-tabs"]


def gold_result(schema: Schema) -> list[dict[str, Any]]:
    """Regions over a combining accent, a tab, double spaces and a CRLF pair."""
    text = GOLD_TEXT
    return [
        *region("g1", text, "Cafe\u0301", "ACTOR", schema=schema,
                attrs={"canonical": "cafe", "kind": "organization"}),
        *region("g2", text, "Kalashnikov  and Almaz-Antey", "ACTOR",
                shown="Kalashnikov and Almaz-Antey", schema=schema),
        *region("g3", text, "Almaz-Antey\r\n\r\nsupply", "ACTOR",
                shown="Almaz-Antey\\n\\n\\n\\nsupply", schema=schema),
        *region("g4", text, "S-400", "SYSTEM", schema=schema,
                attrs={"canonical": "s-400", "category": "air-defense"}),
        *region("g5", text, "Iran", "QUANTITY", schema=schema,
                attrs={"amount": "2.5", "approximate": "true", "unit": "count"}),
        relation("g2", "g4", "supplies"),
    ]


def expected_spans(text: str) -> set[Span]:
    def at(surface: str) -> tuple[int, int]:
        start = text.index(surface)
        return start, start + len(surface)

    return {
        Span(*at("Cafe\u0301"), "ACTOR", id="g1", attrs={"canonical": "cafe",
                                                         "kind": "organization"}),
        Span(*at("Kalashnikov  and Almaz-Antey"), "ACTOR", id="g2"),
        Span(*at("Almaz-Antey\r\n\r\nsupply"), "ACTOR", id="g3"),
        Span(*at("S-400"), "SYSTEM", id="g4", attrs={"canonical": "s-400",
                                                     "category": "air-defense"}),
        Span(*at("Iran"), "QUANTITY", id="g5", attrs={"amount": 2.5, "approximate": True,
                                                      "unit": "count"}),
    }


class TestPull:
    def test_pull_gives_back_exactly_what_was_submitted(
            self, studio: Studio, schema: Schema, tmp_path: Path) -> None:
        name = title("pull")
        pushed = push(studio, corpus(), name, schema)
        ids = task_ids(studio, pushed.project_id)
        emoji = TEXTS["emoji-crlf"]
        made = submit(studio, pushed.project_id, ids["combining-tabs"], gold_result(schema),
                      lead_time=42.25)
        submit(studio, pushed.project_id, ids["emoji-crlf"], [
            *region("e1", emoji, "Report\r\nRostec", "ACTOR", shown="Report\\n\\nRostec"),
            *region("e2", emoji, "$24 million", "QUANTITY", attrs={"amount": "24000000"}),
        ])
        submit(studio, pushed.project_id, ids["zwj"],
               region("z1", TEXTS["zwj"], "T-72", "SYSTEM"), cancelled=True)
        gold = tmp_path / "gold.jsonl"
        report = pull(studio, name, gold, schema)
        assert (report.layers_added, report.problems, report.repaired) == (2, (), 0)
        documents = {d.id: d for d in native.load(gold)}
        assert sorted(documents) == ["combining-tabs", "emoji-crlf"]
        document = documents["combining-tabs"]
        assert document.text == GOLD_TEXT
        assert document.meta == {"title": "Combining-Tabs"}
        (layer,) = document.layers
        assert layer.name == f"ls-{made['id']}"
        assert (layer.kind, layer.author.kind, layer.author.name) == (
            "annotation", "annotator", "admin@example.com")
        assert set(layer.spans) == expected_spans(GOLD_TEXT)
        assert layer.relations == (Relation("supplies", "g2", "g4"),)
        assert layer.meta == {"ls_project": pushed.project_id, "ls_task": ids["combining-tabs"],
                              "ls_annotation": made["id"], "lead_time": 42.25,
                              "ground_truth": False}
        assert layer.created_at == made["created_at"]
        assert [document.span_text(s) for s in layer.spans] == [
            "Cafe\u0301", "Kalashnikov  and Almaz-Antey", "Almaz-Antey\r\n\r\nsupply", "S-400",
            "Iran"]
        emoji_layer = documents["emoji-crlf"].layers[0]
        assert [(emoji[s.start:s.end], dict(s.attrs)) for s in emoji_layer.spans] == [
            ("Report\r\nRostec", {}), ("$24 million", {"amount": 24000000})]

    def test_two_annotators_come_back_as_two_layers(
            self, studio: Studio, schema: Schema, tmp_path: Path) -> None:
        name = title("two")
        pushed = push(studio, corpus(), name, schema)
        ids = task_ids(studio, pushed.project_id)
        other = studio.request("POST", "api/users/", body={
            "email": f"ann-{pushed.project_id}@example.com",
            "username": f"ann{pushed.project_id}", "password": "annotator-1"})
        text = TEXTS["zwj"]
        submit(studio, pushed.project_id, ids["zwj"], region("a1", text, "T-72", "SYSTEM"))
        submit(studio, pushed.project_id, ids["zwj"], region("b1", text, "T-72 tanks", "SYSTEM"),
               user=other["id"])
        gold = tmp_path / "gold.jsonl"
        pull(studio, name, gold, schema)
        (document,) = native.load(gold)
        assert sorted((layer.author.name, layer.spans[0].end - layer.spans[0].start)
                      for layer in document.layers) == [
            ("admin@example.com", 4), (f"ann-{pushed.project_id}@example.com", 10)]

    def test_incremental_pull_reads_changed_tasks_and_keeps_the_file(
            self, studio: Studio, schema: Schema, tmp_path: Path) -> None:
        name = title("incremental")
        pushed = push(studio, corpus(), name, schema)
        ids = task_ids(studio, pushed.project_id)
        gold = tmp_path / "gold.jsonl"
        kept = Document("elsewhere", "Not in Label Studio.", meta={"source": "hand"})
        native.write([kept], gold)
        submit(studio, pushed.project_id, ids["zwj"], region("a1", TEXTS["zwj"], "T-72",
                                                              "SYSTEM"))
        first = pull(studio, name, gold, schema)
        assert (first.since, first.tasks, first.layers_added) == (None, 3, 1)
        submit(studio, pushed.project_id, ids["emoji-crlf"],
               region("b1", TEXTS["emoji-crlf"], "Russia", "ACTOR"))
        second = pull(studio, name, gold, schema, overlap=timedelta(0))
        assert second.since is not None
        assert second.tasks <= 2  # the changed task, and the one changed just before
        assert second.layers_added == 1
        documents = native.load(gold)
        assert [d.id for d in documents] == ["elsewhere", "zwj", "emoji-crlf"]
        assert documents[0] == kept
        assert len(documents[1].layers) == 1

    def test_unplaceable_region_is_reported_not_shifted(
            self, studio: Studio, schema: Schema, tmp_path: Path) -> None:
        name = title("bad region")
        pushed = push(studio, corpus(), name, schema)
        ids = task_ids(studio, pushed.project_id)
        text = TEXTS["emoji-crlf"]
        bad = region("x1", text, "Rostec", "ACTOR", shown="Almaz")
        made = submit(studio, pushed.project_id, ids["emoji-crlf"],
                      [*bad, *region("ok", text, "Russia", "ACTOR")])
        report = pull(studio, name, tmp_path / "gold.jsonl", schema)
        assert [str(p) for p in report.problems] == [
            f"task {ids['emoji-crlf']}, annotation {made['id']}, region 'x1': ACTOR [10, 16) "
            "covers '🚀 Report\\r\\n[Rostec] builds th' but its text is 'Almaz', and no known "
            "offset mapping explains it; it is left out"]
        (document,) = native.load(tmp_path / "gold.jsonl")
        assert [s.id for s in document.layers[0].spans] == ["ok"]

    def test_interrupted_pull_leaves_the_previous_file(
            self, studio: Studio, schema: Schema, tmp_path: Path) -> None:
        name = title("interrupted")
        pushed = push(studio, corpus(), name, schema)
        ids = task_ids(studio, pushed.project_id)
        for doc_id, task_id in ids.items():
            submit(studio, pushed.project_id, task_id,
                   region("r", TEXTS[doc_id], "T-" if "T-" in TEXTS[doc_id] else "S-", "SYSTEM"))
        gold = tmp_path / "gold.jsonl"
        native.write([Document("old", "Previous gold.")], gold)
        before = gold.read_bytes()

        def stop(read: int) -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            pull(studio, name, gold, schema, page_size=1, on_page=stop)
        assert gold.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["gold.jsonl"]

    def test_since_limits_the_tasks_read(self, studio: Studio, schema: Schema,
                                         tmp_path: Path) -> None:
        name = title("since")
        push(studio, corpus(), name, schema)
        gold = tmp_path / "gold.jsonl"
        assert pull(studio, name, gold, schema, since="2000-01-01").tasks == 3
        later = pull(studio, name, gold, schema, since="2999-01-01T00:00:00+02:00")
        assert (later.since, later.tasks) == ("2998-12-31T22:00:00.000000Z", 0)
        with pytest.raises(InputError) as caught:
            pull(studio, name, gold, schema, since="yesterday")
        assert str(caught.value) == "--since 'yesterday' is not an ISO 8601 date or time"

    def test_cli_pull_writes_gold(self, studio: Studio, ls_credentials: Credentials,
                                  tmp_path: Path) -> None:
        name = title("cli pull")
        pushed = push(studio, corpus(), name, default_schema())
        ids = task_ids(studio, pushed.project_id)
        submit(studio, pushed.project_id, ids["zwj"],
               region("a1", TEXTS["zwj"], "T-72", "SYSTEM", schema=default_schema()))
        gold = tmp_path / "gold.jsonl"
        result = CliRunner().invoke(main, ["pull", "--project", name, "-o", str(gold)], env={
            "LABEL_STUDIO_URL": ls_credentials.url, "LABEL_STUDIO_API_KEY": ls_credentials.token})
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"pulled into {gold}: project {pushed.project_id}: ")
        assert ls_credentials.token not in result.output
        (document,) = native.load(gold)
        assert document.layers[0].spans[0].id == "a1"


def test_local_server_reports_status(ls_server: LocalServer) -> None:
    status = ls_server.status()
    assert status.healthy and status.running and status.credentials is not None
    assert status.credentials.email == "admin@example.com"
    assert len(status.credentials.token) == 40
