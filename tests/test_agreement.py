"""Inter-annotator agreement: a two-annotator example worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotkit import Author, Document, Layer, Span, native
from annotkit.cli import main
from annotkit.gold.agreement import (
    agreement,
    annotator_layers,
    cohen_kappa,
    token_labels,
    tokenize,
)

TEXT = "Rostec sold T-90M tanks to India under sanctions."
# Tokens (11): Rostec sold T - 90M tanks to India under sanctions .


def layer(name: str, who: str, spans: list[Span], *, when: str = "2026-01-01T00:00:00Z",
          kind: str = "annotation", lead_time: float | None = None) -> Layer:
    return Layer(name=name, kind=kind, author=Author("annotator", who),  # type: ignore[arg-type]
                 spans=spans, created_at=when, meta={"lead_time": lead_time})


def ann1_spans() -> list[Span]:
    return [Span(0, 6, "ACTOR"), Span(12, 17, "SYSTEM"), Span(27, 32, "ACTOR"),
            Span(39, 48, "SANCTION")]


def ann2_spans() -> list[Span]:
    # Takes "T-90M tanks" as the system, misses India.
    return [Span(0, 6, "ACTOR"), Span(12, 23, "SYSTEM"), Span(39, 48, "SANCTION")]


def corpus() -> list[Document]:
    doc1 = Document("d1", TEXT, layers=[
        layer("ls-1", "a@x", ann1_spans(), lead_time=30.0),
        layer("ls-2", "b@x", ann2_spans(), lead_time=12.5),
        Layer("rules", "prediction", Author("rules", "r"), spans=[Span(44, 48, "ACTOR")]),
    ])
    # Only a@x annotated d2: it counts for a@x, not for the pair.
    doc2 = Document("d2", "Putin spoke.", layers=[
        layer("ls-3", "a@x", [Span(0, 5, "ACTOR")], lead_time=50.0)])
    return [doc1, doc2]


class TestTokens:
    def test_words_and_single_punctuation(self) -> None:
        assert [TEXT[s:e] for s, e in tokenize(TEXT)] == [
            "Rostec", "sold", "T", "-", "90M", "tanks", "to", "India", "under", "sanctions", "."]

    def test_a_token_takes_the_label_covering_most_of_it(self) -> None:
        tokens = tokenize("T-72s and Mi-17")
        spans = [Span(0, 4, "SYSTEM"), Span(3, 5, "QUANTITY"), Span(10, 15, "SYSTEM")]
        # "72s" [2, 5): SYSTEM covers 2 characters, QUANTITY 2 -> tie, alphabetical.
        assert token_labels(tokens, spans) == ["SYSTEM", "SYSTEM", "QUANTITY", "O",
                                               "SYSTEM", "SYSTEM", "SYSTEM"]


class TestKappa:
    def test_hand_computed(self) -> None:
        # n = 4, alike 3. A: a 2, b 2; B: a 1, b 3.
        # kappa = (4*3 - (2*1 + 2*3)) / (16 - 8) = 4/8
        assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"]) == 0.5
        # alike 2, A and B both a 2, b 2: (4*2 - 8) / (16 - 8) = 0, chance level.
        assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
        assert cohen_kappa(["a", "b"], ["a", "b"]) == 1.0

    def test_undefined_when_chance_agreement_is_total(self) -> None:
        assert cohen_kappa(["O", "O"], ["O", "O"]) is None
        assert cohen_kappa([], []) is None

    def test_sequences_must_be_equally_long(self) -> None:
        with pytest.raises(ValueError) as caught:
            cohen_kappa(["a"], [])
        assert str(caught.value) == "kappa needs sequences of equal length, found 1 and 0"


class TestAgreement:
    def test_two_annotators(self) -> None:
        result = agreement(corpus())
        (pair,) = result.pairs
        assert (pair.first, pair.second, pair.documents, pair.tokens) == ("a@x", "b@x", 1, 11)
        # Spans: a@x 4, b@x 3. Exact matches: Rostec, sanctions -> F1 = 2*2/(4+3).
        assert pair.f1("exact") == 4 / 7
        # Overlap adds T-90M ~ T-90M tanks -> F1 = 2*3/7.
        assert pair.f1("overlap") == 6 / 7
        # ACTOR exact: 2 vs 1 spans, 1 match -> 2/3; SYSTEM exact 0, overlap 1.
        assert pair.f1("exact", "ACTOR") == 2 / 3
        assert (pair.f1("exact", "SYSTEM"), pair.f1("overlap", "SYSTEM")) == (0.0, 1.0)
        assert pair.f1("exact", "QUANTITY") is None
        # Tokens by a@x: ACTOR O SYSTEM SYSTEM SYSTEM O      O ACTOR O SANCTION O
        # Tokens by b@x: ACTOR O SYSTEM SYSTEM SYSTEM SYSTEM O O     O SANCTION O
        # n = 11, alike 9 (all but "tanks", "India").
        # a@x: ACTOR 2, SYSTEM 3, SANCTION 1, O 5; b@x: ACTOR 1, SYSTEM 4, SANCTION 1, O 5.
        # sum A_k B_k = 2*1 + 3*4 + 1*1 + 5*5 = 40
        # kappa = (11*9 - 40) / (11*11 - 40) = 59/81
        assert pair.kappa() == 59 / 81
        # ACTOR against the rest: A 2, B 1, both 1 -> alike 11-2-1+2 = 10,
        # chance 2*1 + 9*10 = 92 -> (110-92)/(121-92) = 18/29.
        assert pair.kappa("ACTOR") == 18 / 29
        # SYSTEM: A 3, B 4, both 3 -> alike 10, chance 3*4 + 8*7 = 68 -> 42/53.
        assert pair.kappa("SYSTEM") == 42 / 53
        assert pair.kappa("SANCTION") == 1.0
        # One pair: the averages are its figures.
        assert result.mean_kappa() == 59 / 81
        assert result.mean_f1("exact") == 4 / 7

    def test_averages_over_pairs(self) -> None:
        doc1 = corpus()[0]
        third = layer("ls-9", "c@x", ann1_spans())  # agrees with a@x exactly
        result = agreement([doc1.with_layer(third)])
        assert [(p.first, p.second) for p in result.pairs] == [
            ("a@x", "b@x"), ("a@x", "c@x"), ("b@x", "c@x")]
        # exact F1: 4/7, 1, 4/7 -> mean 5/7; kappa: 59/81, 1, 59/81 -> 199/243.
        assert result.mean_f1("exact") == pytest.approx(5 / 7, abs=1e-15)
        assert result.mean_kappa() == pytest.approx(199 / 243, abs=1e-15)

    def test_per_annotator_counts_and_median_lead_time(self) -> None:
        stats = agreement(corpus()).annotators
        assert list(stats) == ["a@x", "b@x"]
        a = stats["a@x"]
        assert (a.documents, a.spans, dict(a.labels)) == (
            2, 5, {"ACTOR": 3, "SANCTION": 1, "SYSTEM": 1})
        assert a.median_lead_time == 40.0  # median of 30 and 50
        assert stats["b@x"].median_lead_time == 12.5

    def test_an_annotators_newest_layer_counts(self) -> None:
        doc = Document("d", TEXT, layers=[
            layer("ls-1", "a@x", [Span(0, 6, "ACTOR")], when="2026-01-02T00:00:00Z"),
            layer("ls-0", "a@x", [], when="2026-01-01T00:00:00Z"),
            layer("rev", "r@x", [], kind="reviewed"),
            Layer("gold", "gold", Author("annotator", "g@x")),
        ])
        assert {name: lay.name for name, lay in annotator_layers(doc).items()} == {
            "a@x": "ls-1", "r@x": "rev"}

    def test_no_shared_documents_means_no_pairs(self) -> None:
        result = agreement(corpus()[1:])
        assert result.pairs == ()
        assert result.mean_kappa() is None


class TestAgreementCli:
    def test_json_has_stable_keys(self, tmp_path: Path) -> None:
        path = tmp_path / "ann.jsonl"
        native.write(corpus(), path)
        result = CliRunner().invoke(main, ["agreement", str(path), "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert sorted(data) == ["annotators", "average", "coefficient", "labels", "pairs"]
        assert data["coefficient"] == "cohen-kappa-tokens"
        assert data["labels"] == ["ACTOR", "SANCTION", "SYSTEM"]
        assert data["average"]["kappa"]["overall"] == 59 / 81
        assert data["average"]["exact"]["labels"]["ACTOR"] == 2 / 3
        assert data["pairs"][0]["annotators"] == ["a@x", "b@x"]
        assert data["annotators"]["b@x"] == {
            "documents": 1, "spans": 3, "median_lead_time": 12.5,
            "labels": {"ACTOR": 1, "SANCTION": 1, "SYSTEM": 1}}

    def test_table(self, tmp_path: Path) -> None:
        path = tmp_path / "ann.jsonl"
        native.write(corpus(), path)
        result = CliRunner().invoke(main, ["agreement", str(path)])
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert "  a@x / b@x          1      11     0.571       0.857  0.728" in lines
        assert "  overall      0.571       0.857  0.728" in lines

    def test_bad_input_is_one_line(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.jsonl"
        path.write_text('{"id": "d", "text": "x", "layers": [{"name": "l", "kind": "bogus", '
                        '"author": {"kind": "annotator", "name": "a"}}]}\n')
        result = CliRunner().invoke(main, ["agreement", str(path)])
        assert result.exit_code == 1
        assert result.stderr == (
            f"annotkit: error: {path}:1: layer 'l': kind must be one of prediction, "
            "annotation, reviewed, gold, found 'bogus'\n")
