"""Gold selection policies: newest, reviewed, majority; and the gold command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotkit import Author, Document, DocumentError, Layer, Relation, Span, native
from annotkit.cli import main
from annotkit.gold.policies import choose_gold, majority, newest, policy_author

TEXT = "x" * 50


def ls(number: int, who: str, spans: list[Span], relations: list[Relation] | None = None,
       *, day: int, updated: int | None = None, ground_truth: bool = False,
       kind: str = "annotation") -> Layer:
    """A layer as the Label Studio pull makes it."""
    return Layer(
        name=f"ls-{number}", kind=kind,  # type: ignore[arg-type]
        author=Author("annotator", who), spans=spans, relations=relations or [],
        created_at=f"2026-01-{day:02d}T00:00:00Z",
        updated_at=f"2026-01-{updated:02d}T00:00:00Z" if updated else None,
        meta={"ls_project": 1, "ls_task": 7, "ls_annotation": number, "lead_time": 10.0,
              "ground_truth": ground_truth})


PREDICTION = Layer("rules", "prediction", Author("rules", "defense-rules", "1"),
                   spans=[Span(40, 45, "SANCTION")], created_at="2026-02-01T00:00:00Z")


class TestNewest:
    def test_newest_by_updated_else_created(self) -> None:
        old = ls(1, "a", [Span(0, 5, "ACTOR")], day=1, updated=9)  # updated last
        new = ls(2, "b", [Span(0, 6, "ACTOR")], day=5)
        assert newest([old, new]) is old
        doc = Document("d1", TEXT, layers=[PREDICTION, old, new])
        choice = choose_gold(doc, "newest")
        assert choice.sources == ("ls-1",)
        assert choice.note is None
        gold = choice.document.layer("gold")
        assert (gold.kind, gold.author) == ("gold", Author("rules", "gold-policy-newest", "1"))
        assert gold.spans == old.spans
        assert dict(gold.meta) == {"policy": "newest", "sources": ["ls-1"]}
        # Every layer is kept, and the gold layer is the document's default.
        assert [x.name for x in choice.document.layers] == ["rules", "ls-1", "ls-2", "gold"]
        assert choice.document.default_layer() == gold
        assert gold.created_at == "2026-02-01T00:00:00Z"

    def test_predictions_are_never_chosen(self) -> None:
        doc = Document("d1", TEXT, layers=[PREDICTION])
        choice = choose_gold(doc, "newest")
        assert choice.layer is None
        assert choice.document == doc
        assert choice.note == "document 'd1': no annotation layers; kept without a gold layer"

    def test_running_twice_gives_the_same_result(self) -> None:
        doc = Document("d1", TEXT, layers=[ls(1, "a", [Span(0, 5, "ACTOR")], day=1)])
        once = choose_gold(doc, "newest").document
        assert choose_gold(once, "newest").document == once
        # A gold layer a policy wrote never votes or gets chosen.
        assert choose_gold(once, "majority").sources == ("ls-1",)


class TestReviewed:
    def test_reviewed_kind_or_ground_truth_wins_over_newer(self) -> None:
        truth = ls(1, "a", [Span(0, 5, "ACTOR")], day=1, ground_truth=True)
        later = ls(2, "b", [], day=3)
        choice = choose_gold(Document("d1", TEXT, layers=[truth, later]), "reviewed")
        assert (choice.sources, choice.note) == (("ls-1",), None)
        review = ls(3, "r", [Span(1, 5, "ACTOR")], day=2, kind="reviewed")
        choice = choose_gold(Document("d1", TEXT, layers=[truth, later, review]), "reviewed")
        assert choice.sources == ("ls-3",)  # the newest of the two reviewed

    def test_falls_back_to_newest_with_a_note(self) -> None:
        doc = Document("d1", TEXT, layers=[ls(1, "a", [], day=1), ls(2, "b", [], day=2)])
        choice = choose_gold(doc, "reviewed")
        assert choice.sources == ("ls-2",)
        assert choice.note == "document 'd1': no reviewed layer; used the newest layer 'ls-2'"
        assert choice.layer is not None
        assert choice.layer.meta["note"] == choice.note


S1, S2, S3, S4 = (0, 5, "ACTOR"), (10, 15, "SYSTEM"), (20, 25, "ACTOR"), (30, 35, "SANCTION")


def span(key: tuple[int, int, str], sid: str, **values: str) -> Span:
    return Span(*key, id=sid, attrs=values)


def voters() -> list[Layer]:
    """Three annotators, oldest first: a (day 2), b (day 3), c (day 4).

    S1 ACTOR     a kind=state canonical=russia   b kind=state canonical=rus   c kind=company
    S2 SYSTEM    a category=tank                 b category=missile           c (none)
    S3 ACTOR     a kind=state                                                 c kind=alliance
    S4 SANCTION                                  b
    produces S1->S2 by a and b; supplies S3->S1 by a; targets S4->S1 by b.
    """
    a = ls(1, "a", [span(S1, "a1", kind="state", canonical="russia"),
                    span(S2, "a2", category="tank"), span(S3, "a3", kind="state")],
           [Relation("produces", "a1", "a2"), Relation("supplies", "a3", "a1")], day=2)
    b = ls(2, "b", [span(S1, "b1", kind="state", canonical="rus"),
                    span(S2, "b2", category="missile"), span(S4, "b4")],
           [Relation("produces", "b1", "b2"), Relation("targets", "b4", "b1")], day=3)
    c = ls(3, "c", [span(S1, "c1", kind="company"), span(S2, "c2"),
                    span(S3, "c3", kind="alliance")], day=4)
    return [a, b, c]


class TestMajority:
    def test_spans_attributes_and_relations_by_vote(self) -> None:
        gold = majority(voters())
        # Votes of 3: S1 3, S2 3, S3 2 (a, c): kept, more than half; S4 1: dropped.
        assert [(s.start, s.end, s.label) for s in gold.spans] == [S1, S2, S3]
        by_key = {(s.start, s.end, s.label): dict(s.attrs) for s in gold.spans}
        # S1 kind: state 2 - company 1. canonical: russia 1, rus 1, absent 1:
        # a three-way tie, the newest voter (c, absent) wins -> no canonical.
        assert by_key[S1] == {"kind": "state"}
        # S2 category: tank 1, missile 1, absent 1 -> c again -> none.
        assert by_key[S2] == {}
        # S3 kind: state (a) against alliance (c), 1 each -> the newer, c.
        assert by_key[S3] == {"kind": "alliance"}
        # produces: 2 of 3 -> kept; supplies 1 of 3 -> dropped; targets: S4 dropped.
        assert [(r.label, r.head, r.tail) for r in gold.relations] == [
            ("produces", "ACTOR-0-5", "SYSTEM-10-15")]
        assert gold.kind == "gold"
        assert gold.author == policy_author("majority")
        assert dict(gold.meta) == {"policy": "majority", "sources": ["ls-1", "ls-2", "ls-3"],
                                   "min_agreement": None}

    def test_min_agreement(self) -> None:
        # 1.0: only S1 and S2 (3 of 3); produces has 2 of 3 -> dropped.
        strict = majority(voters(), min_agreement=1.0)
        assert [(s.start, s.end, s.label) for s in strict.spans] == [S1, S2]
        assert strict.relations == ()
        # 0.3: 1 of 3 (0.333...) is enough; supplies and targets come back.
        loose = majority(voters(), min_agreement=0.3)
        assert [(s.start, s.end, s.label) for s in loose.spans] == [S1, S2, S3, S4]
        assert [r.label for r in loose.relations] == ["produces", "supplies", "targets"]
        # 1 of 2 is exactly 0.5: enough for a threshold of 0.5.
        assert len(majority(voters()[:2], min_agreement=0.5).spans) == 4

    def test_a_decimal_threshold_is_compared_exactly(self) -> None:
        # 1 of 10 voters is 0.1, which the float 0.1 (0.1000000000000000055...) exceeds.
        layers = [ls(n, f"annotator-{n}", [span(S1, "x")] if n == 0 else [], day=n + 1)
                  for n in range(10)]
        assert len(majority(layers, min_agreement=0.1).spans) == 1
        assert len(majority(layers, min_agreement=0.11).spans) == 0

    def test_two_voters_must_both_agree(self) -> None:
        gold = majority(voters()[:2])
        assert [(s.start, s.end, s.label) for s in gold.spans] == [S1, S2]

    def test_each_annotator_votes_once_with_the_newest_layer(self) -> None:
        a, b, c = voters()
        resubmitted = ls(9, "b", [span(S3, "b3")], day=5)  # b changes mind: only S3
        doc = Document("d1", TEXT, layers=[a, b, c, resubmitted, PREDICTION])
        choice = choose_gold(doc, "majority")
        assert choice.sources == ("ls-1", "ls-3", "ls-9")
        assert choice.layer is not None
        # S1 and S2 now have a and c (2 of 3), S3 all three; the prediction has no vote.
        assert [(s.start, s.end, s.label) for s in choice.layer.spans] == [S1, S2, S3]

    def test_bad_threshold_and_policy(self) -> None:
        with pytest.raises(DocumentError) as caught:
            majority(voters(), min_agreement=0.0)
        assert str(caught.value) == "min_agreement must be in (0, 1], found 0.0"
        doc = Document("d1", TEXT)
        with pytest.raises(DocumentError) as caught:
            choose_gold(doc, "oldest")  # type: ignore[arg-type]
        assert str(caught.value) == (
            "gold policy must be one of newest, reviewed, majority, found 'oldest'")
        with pytest.raises(DocumentError) as caught:
            choose_gold(doc, "newest", min_agreement=0.5)
        assert str(caught.value) == "min_agreement applies only to the majority policy"


class TestGoldCli:
    def write(self, tmp_path: Path) -> Path:
        path = tmp_path / "pulled.jsonl"
        native.write([Document("d1", TEXT, layers=[PREDICTION, *voters()]),
                      Document("d2", TEXT, layers=[PREDICTION])], path)
        return path

    def test_writes_every_document_with_a_gold_layer(self, tmp_path: Path) -> None:
        source, output = self.write(tmp_path), tmp_path / "final.jsonl"
        result = CliRunner().invoke(main, ["gold", str(source), "-o", str(output),
                                           "--policy", "majority"])
        assert result.exit_code == 0, result.output
        assert result.stdout == (f"wrote 2 document(s) to {output}: 1 with a gold layer by "
                                 "policy 'majority', 1 without annotation layers\n")
        assert result.stderr == ("annotkit: note: document 'd2': no annotation layers; "
                                 "kept without a gold layer\n")
        first, second = native.load(output)
        assert [x.name for x in first.layers] == ["rules", "ls-1", "ls-2", "ls-3", "gold"]
        gold = first.layer("gold")
        assert (gold.spans, gold.relations) == (majority(voters()).spans,
                                                majority(voters()).relations)
        assert second == Document("d2", TEXT, layers=[PREDICTION])

    def test_reviewed_fallback_note(self, tmp_path: Path) -> None:
        source, output = self.write(tmp_path), tmp_path / "final.jsonl"
        result = CliRunner().invoke(main, ["gold", str(source), "-o", str(output),
                                           "--policy", "reviewed"])
        assert result.exit_code == 0
        assert result.stderr.splitlines()[0] == (
            "annotkit: note: document 'd1': no reviewed layer; used the newest layer 'ls-3'")

    def test_min_agreement_needs_majority(self, tmp_path: Path) -> None:
        source, output = self.write(tmp_path), tmp_path / "final.jsonl"
        result = CliRunner().invoke(main, ["gold", str(source), "-o", str(output),
                                           "--policy", "newest", "--min-agreement", "0.5"])
        assert result.exit_code == 2
        assert result.stderr == (
            "annotkit: error: --min-agreement applies only to --policy majority\n")
        assert not output.exists()

    def test_min_agreement_must_be_a_share(self, tmp_path: Path) -> None:
        source, output = self.write(tmp_path), tmp_path / "final.jsonl"
        result = CliRunner().invoke(main, ["gold", str(source), "-o", str(output),
                                           "--policy", "majority", "--min-agreement", "0"])
        assert result.exit_code == 2
        assert "0<x<=1" in result.stderr
