"""The evaluate command: documents paired by id, layers chosen, figures by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from annotkit import Author, Document, Layer, Span, flat, native
from annotkit.cli import main
from annotkit.gold.evaluate import evaluate, prediction_layer

TEXT1 = "Rostec builds T-90M tanks in Russia."  # Rostec 0-6, T-90M 14-19, Russia 29-35
TEXT2 = "Iran ships Shahed drones."  # Iran 0-4, Shahed 11-17
ANNOTATOR = Author("annotator", "ann@example.com")
RULES = Author("rules", "defense-rules", "1")


def gold_docs() -> list[Document]:
    return [
        Document("d1", TEXT1, layers=[
            Layer("ls-1", "annotation", ANNOTATOR, spans=[Span(0, 6, "ACTOR")],
                  created_at="2026-01-05T00:00:00Z"),
            Layer("gold", "gold", ANNOTATOR, created_at="2026-01-01T00:00:00Z", spans=[
                Span(0, 6, "ACTOR", attrs={"kind": "company"}),
                Span(14, 19, "SYSTEM", attrs={"category": "tank"}),
                Span(29, 35, "ACTOR", attrs={"kind": "state"})]),
        ]),
        Document("d2", TEXT2, layers=[
            Layer("gold", "gold", ANNOTATOR, spans=[Span(0, 4, "ACTOR"),
                                                    Span(11, 17, "SYSTEM")])]),
    ]


def pred_docs(label: str = "SYSTEM") -> list[Document]:
    return [
        Document("d3", TEXT2),
        Document("d1", TEXT1, layers=[
            Layer("rules-v2", "prediction", RULES, created_at="2026-01-02T00:00:00Z", spans=[
                Span(0, 6, "ACTOR", attrs={"kind": "state"}),  # exact, wrong kind
                Span(14, 25, "SYSTEM", attrs={"category": "tank"}),  # overlap only
                Span(29, 35, label)]),  # wrong label
            Layer("rules-v1", "prediction", RULES, created_at="2026-01-01T00:00:00Z", spans=[
                Span(0, 6, "ACTOR", attrs={"kind": "company"}),
                Span(14, 19, "SYSTEM", attrs={"category": "tank"}),
                Span(29, 35, "ACTOR", attrs={"kind": "state"})]),
        ]),
    ]


def files(tmp_path: Path, gold: list[Document] | None = None,
          pred: list[Document] | None = None) -> tuple[str, str]:
    gold_path, pred_path = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    native.write(gold_docs() if gold is None else gold, gold_path)
    native.write(pred_docs() if pred is None else pred, pred_path)
    return str(gold_path), str(pred_path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["evaluate", *args])
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> dict[str, Any]:
    code, out, err = run(*args, "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


class TestEvaluate:
    def test_hand_computed_figures(self, tmp_path: Path) -> None:
        gold, pred = files(tmp_path)
        data = run_json("--gold", gold, "--pred", pred)
        assert sorted(data) == ["attributes", "documents", "exact", "labels", "layers",
                                "overlap"]
        assert data["documents"] == {"gold": 2, "missing_in_pred": ["d2"],
                                     "missing_in_gold": ["d3"]}
        # Gold layer "gold" (the gold kind beats the newer annotation); the newest
        # prediction layer, rules-v2.
        assert data["layers"] == {"gold": ["gold"], "pred": ["rules-v2"]}
        assert data["labels"] == ["ACTOR", "QUANTITY", "SANCTION", "SYSTEM"]
        exact = data["exact"]
        # ACTOR: gold Rostec, Russia, Iran (d2 has no predictions); pred Rostec.
        assert exact["labels"]["ACTOR"] == {"gold": 3, "pred": 1, "tp": 1, "fp": 0, "fn": 2,
                                            "precision": 1.0, "recall": 1 / 3, "f1": 0.5}
        # SYSTEM: gold T-90M, Shahed; pred "T-90M tanks" and "Russia": no exact match.
        assert exact["labels"]["SYSTEM"] == {"gold": 2, "pred": 2, "tp": 0, "fp": 2, "fn": 2,
                                             "precision": 0.0, "recall": 0.0, "f1": 0.0}
        assert exact["labels"]["QUANTITY"] == {"gold": 0, "pred": 0, "tp": 0, "fp": 0,
                                               "fn": 0, "precision": None, "recall": None,
                                               "f1": None}
        # micro: tp 1, fp 2, fn 4 -> P 1/3, R 1/5, F1 2*1/(5+3) = 1/4
        assert exact["micro"] == {"gold": 5, "pred": 3, "tp": 1, "fp": 2, "fn": 4,
                                  "precision": 1 / 3, "recall": 1 / 5, "f1": 0.25}
        # overlap: "T-90M tanks" ~ "T-90M" -> SYSTEM tp 1, fp 1, fn 1;
        # micro tp 2, fp 1, fn 3 -> P 2/3, R 2/5, F1 4/8.
        assert data["overlap"]["labels"]["SYSTEM"]["f1"] == 0.5
        assert data["overlap"]["micro"] == {"gold": 5, "pred": 3, "tp": 2, "fp": 1, "fn": 3,
                                            "precision": 2 / 3, "recall": 2 / 5, "f1": 0.5}
        # Attributes on the overlap pairs: Rostec kind company vs state (0 of 1);
        # T-90M category tank vs tank (1 of 1).
        assert data["attributes"] == {
            "labels": {"ACTOR": {"kind": {"pairs": 1, "correct": 0, "accuracy": 0.0}},
                       "QUANTITY": {}, "SANCTION": {},
                       "SYSTEM": {"category": {"pairs": 1, "correct": 1, "accuracy": 1.0}}},
            "overall": {"category": {"pairs": 1, "correct": 1, "accuracy": 1.0},
                        "kind": {"pairs": 1, "correct": 0, "accuracy": 0.0}},
        }

    def test_named_layers(self, tmp_path: Path) -> None:
        gold, pred = files(tmp_path)
        data = run_json("--gold", gold, "--pred", pred, "--pred-layer", "rules-v1")
        # rules-v1 equals the gold layer of d1; d2 still has no predictions.
        assert data["exact"]["micro"]["tp"] == 3
        assert data["exact"]["micro"]["fn"] == 2
        data = run_json("--gold", gold, "--pred", gold, "--gold-layer", "gold",
                        "--pred-layer", "gold")
        assert data["exact"]["micro"]["f1"] == 1.0

    def test_flat_gold_against_native_predictions(self, tmp_path: Path) -> None:
        gold_path = tmp_path / "gold.flat.jsonl"
        flat.write(gold_docs(), gold_path, layer="gold")
        _, pred = files(tmp_path)
        data = run_json("--gold", str(gold_path), "--pred", pred)
        assert data["layers"]["gold"] == ["gold"]
        assert data["exact"]["micro"]["tp"] == 1
        assert data["overlap"]["micro"]["tp"] == 2

    def test_the_seed_gold_against_itself_is_perfect(self, root: Path) -> None:
        seed = str(root / "seeds" / "gold.jsonl")
        data = run_json("--gold", seed, "--pred", seed)
        for mode in ("exact", "overlap"):
            for counts in [data[mode]["micro"], *data[mode]["labels"].values()]:
                if counts["gold"]:
                    assert counts["precision"] == counts["recall"] == counts["f1"] == 1.0
        assert data["exact"]["micro"]["gold"] > 100
        assert {c["accuracy"] for c in data["attributes"]["overall"].values()} == {1.0}

    def test_table(self, tmp_path: Path) -> None:
        gold, pred = files(tmp_path)
        code, out, _ = run("--gold", gold, "--pred", pred)
        assert code == 0
        lines = out.splitlines()
        assert lines[:4] == [
            "2 gold document(s); gold layer(s): gold; predicted layer(s): rules-v2",
            "missing in predictions (their gold spans count as misses): d2",
            "predicted but not in gold (ignored): d3",
            "exact match",
        ]
        assert lines[5:11] == [
            "  ACTOR        3     1   1   0   2      1.000   0.333  0.500",
            "  QUANTITY     0     0   0   0   0          -       -      -",
            "  SANCTION     0     0   0   0   0          -       -      -",
            "  SYSTEM       2     2   0   2   2      0.000   0.000  0.000",
            "  micro        5     3   1   2   4      0.333   0.200  0.250",
            "overlap match",
        ]
        assert lines[-3:] == ["  SYSTEM   category       1        1     1.000",
                              "  overall  category       1        1     1.000",
                              "  overall  kind           1        0     0.000"]

    def test_library_call_without_a_schema_reports_seen_labels(self) -> None:
        result = evaluate(gold_docs(), pred_docs("WEAPON"))
        assert result.labels == ("ACTOR", "SYSTEM", "WEAPON")
        assert result.comparison.exact["WEAPON"].fp == 1

    def test_prediction_layer_falls_back_to_the_default(self) -> None:
        doc = gold_docs()[0]
        assert prediction_layer(doc) == doc.layer("gold")
        assert prediction_layer(Document("x", "text")) is None


class TestEvaluateErrors:
    def test_label_outside_the_schema(self, tmp_path: Path) -> None:
        gold, pred = files(tmp_path, pred=pred_docs("WEAPON"))
        code, out, err = run("--gold", gold, "--pred", pred)
        assert (code, out) == (1, "")
        assert err == (
            "annotkit: error: predicted document 'd1', layer 'rules-v2', span "
            "'WEAPON-29-35': 'WEAPON' is not a span type of schema 'defense'. "
            "Known: ACTOR, QUANTITY, SANCTION, SYSTEM\n")

    def test_missing_named_layer(self, tmp_path: Path) -> None:
        gold, pred = files(tmp_path)
        code, _, err = run("--gold", gold, "--pred", pred, "--gold-layer", "ls-1")
        assert code == 1
        assert err == "annotkit: error: gold document 'd2' has no layer 'ls-1'. Layers: gold\n"
        code, _, err = run("--gold", gold, "--pred", pred, "--pred-layer", "nope")
        assert err == ("annotkit: error: predicted document 'd1' has no layer 'nope'. "
                       "Layers: rules-v2, rules-v1\n")

    def test_texts_that_differ(self, tmp_path: Path) -> None:
        other = Document("d1", TEXT1.upper())
        gold, pred = files(tmp_path, pred=[other])
        code, _, err = run("--gold", gold, "--pred", pred)
        assert code == 1
        assert err == (
            "annotkit: error: document 'd1': the gold and predicted texts differ "
            f"(sha256 {gold_docs()[0].sha256[:12]} vs {other.sha256[:12]})\n")

    def test_repeated_document_id(self, tmp_path: Path) -> None:
        docs = gold_docs()
        gold, pred = files(tmp_path, gold=[*docs, docs[0]])
        code, _, err = run("--gold", gold, "--pred", pred)
        assert code == 1
        assert err == (f"annotkit: error: {gold}: document id 'd1' was already read "
                       f"from {gold}\n")

    def test_missing_file(self, tmp_path: Path) -> None:
        code, _, err = run("--gold", str(tmp_path / "none.jsonl"), "--pred", "x")
        assert code == 2
        assert "does not exist" in err
