"""The command line: --help everywhere, exit codes, one-line errors, atomic output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotkit import Document, native
from annotkit.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


class TestCli:
    def test_every_command_has_help(self) -> None:
        def walk(group: object, prefix: list[str]) -> list[list[str]]:
            found = [prefix]
            for name, command in getattr(group, "commands", {}).items():
                found += walk(command, [*prefix, name])
            return found

        for path in walk(main, []):
            code, out, _ = run(*path, "--help")
            assert code == 0 and "Usage:" in out, path

    def test_schema_show_prints_the_default_schema(self) -> None:
        code, out, _ = run("schema", "show")
        assert code == 0 and 'name = "defense"' in out

    def test_schema_check_reports_problems_and_fails(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.json"
        bad.write_text('{"name": "x", "span_types": [{"name": "A", "hotkey": "toolong"}]}')
        code, _, err = run("schema", "check", str(bad))
        assert code == 1
        assert err.splitlines() == [
            f"{bad}: span_types[0] (A): span type 'A': hotkey must be one letter or digit, "
            "found 'toolong'",
            f"annotkit: error: {bad}: 1 problem(s)",
        ]

    def test_validate_reports_each_problem(self, tmp_path: Path, sample: Document) -> None:
        path = tmp_path / "in.jsonl"
        record = json.loads(native.dumps([sample]))
        record["layers"][1]["spans"][0]["label"] = "COMPANY"
        path.write_text(json.dumps(record) + "\n")
        code, out, err = run("validate", str(path))
        assert code == 1
        assert "'COMPANY' is not a span type of schema 'defense'" in out
        assert "'produces' goes from ACTOR to SYSTEM, found COMPANY -> SYSTEM" in out
        assert err == "annotkit: error: 2 problem(s) in 1 document(s)\n"

    def test_stats_counts_labels_per_layer(self, tmp_path: Path, sample: Document) -> None:
        native.write([sample], tmp_path / "c.jsonl")
        code, out, _ = run("stats", str(tmp_path / "c.jsonl"), "--json")
        assert code == 0
        figures = json.loads(out)
        assert figures["labels"] == {"ACTOR": 2, "SYSTEM": 1}
        assert figures["layers"] == {"gold (gold)": {"ACTOR": 1, "SYSTEM": 1},
                                     "rules (prediction)": {"ACTOR": 1}}

    def test_export_flat_uses_the_gold_layer(self, tmp_path: Path, sample: Document) -> None:
        native.write([sample], tmp_path / "c.jsonl")
        code, out, _ = run("export", str(tmp_path / "c.jsonl"), "--format", "flat",
                           "-o", str(tmp_path / "f.jsonl"))
        assert code == 0 and "wrote 1 document(s)" in out
        record = json.loads((tmp_path / "f.jsonl").read_text())
        assert record["meta"]["annotkit_layer"]["name"] == "gold"

    def test_bad_input_is_one_line_and_leaves_output(self, tmp_path: Path) -> None:
        (tmp_path / "bad.txt").write_bytes(b"\xff")
        out = tmp_path / "out.jsonl"
        out.write_text("keep\n")
        code, _, err = run("export", str(tmp_path / "bad.txt"), "-o", str(out))
        assert code == 1
        assert err == f"annotkit: error: {tmp_path / 'bad.txt'}: not valid UTF-8 at byte 0 (0xff)\n"
        assert out.read_text() == "keep\n"

    def test_console_script_exits_nonzero_without_traceback(self, tmp_path: Path) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "annotkit", "stats", str(tmp_path / "missing.jsonl")],
            capture_output=True, text=True, check=False)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert "does not exist" in result.stderr


@pytest.mark.parametrize("path", ["seeds"])
def test_stats_prints_the_seed_documents(root: Path, path: str) -> None:
    code, out, _ = run("stats", str(root / path))
    assert code == 0
    assert "russia-defense-industry-resilience" in out
    assert "russia-domestic-arms-production" in out


def test_export_merge_puts_layers_side_by_side(tmp_path: Path, root: Path) -> None:
    out = tmp_path / "merged.jsonl"
    code, _, err = run("export", str(root / "seeds"), str(root / "seeds" / "gold.jsonl"),
                       "--merge", "-o", str(out))
    assert code == 0, err
    documents = native.load(out)
    assert [len(d.layers) for d in documents] == [1, 1]
    assert all(d.meta["title"] for d in documents)
    code, _, err = run("export", str(root / "seeds"), str(root / "seeds" / "gold.jsonl"),
                       "-o", str(out))
    assert code == 1 and "was already read from" in err


def test_tei_export_to_a_file_name_needs_corpus(tmp_path: Path, root: Path) -> None:
    out = tmp_path / "out.xml"
    code, _, err = run("export", str(root / "seeds"), "--format", "tei", "-o", str(out))
    assert code == 1
    assert err == (f"annotkit: error: {out} is a file name; --format tei writes one file per "
                   "document into a folder (or use --corpus for one teiCorpus file)\n")
    assert not out.exists()
