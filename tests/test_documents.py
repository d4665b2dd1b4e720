"""Documents, layers, spans: built checked, texts kept exactly, schema validation."""

from __future__ import annotations

import attrs
import pytest

from annotkit import (
    Author,
    Document,
    DocumentError,
    Layer,
    OffsetError,
    Relation,
    Span,
    ValidationError,
    default_schema,
    problems,
    validate,
)


def layer(*spans: Span, relations: tuple[Relation, ...] = ()) -> Layer:
    return Layer("l1", "annotation", Author("annotator", "ann"), spans=spans,
                 relations=relations)


class TestDocument:
    def test_span_outside_the_text_names_document_span_and_context(self) -> None:
        with pytest.raises(OffsetError) as caught:
            Document("d1", "Rostec makes tanks", layers=[layer(Span(12, 30, "SYSTEM", id="s9"))])
        assert str(caught.value) == (
            "document 'd1', layer 'l1': span 's9' [12, 30) does not fit a text of 18 "
            "characters (needs 0 <= start < end <= 18); near 'stec makes[ tanks]'"
        )

    def test_empty_span_is_refused(self) -> None:
        with pytest.raises(OffsetError, match=r"span 'x' \[3, 3\)"):
            Document("d1", "abcdef", layers=[layer(Span(3, 3, "ACTOR", id="x"))])

    def test_texts_are_kept_exactly(self) -> None:
        text = "a\r\nb\t\t c  👨‍👩‍👧 e\u0301 \x00"
        assert Document("d", text).text == text

    def test_lone_surrogate_is_refused(self) -> None:
        with pytest.raises(DocumentError, match="lone surrogate at offset 1"):
            Document("d", "a\ud800b")

    def test_values_are_frozen(self, sample: Document) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            sample.id = "other"  # type: ignore[misc]
        with pytest.raises(TypeError):
            sample.meta["title"] = "x"  # type: ignore[index]

    def test_relation_to_missing_span_is_refused(self) -> None:
        with pytest.raises(DocumentError, match="names tail span 'nope', which is not in"):
            layer(Span(0, 1, "ACTOR", id="a"), relations=(Relation("r", "a", "nope"),))

    def test_duplicate_span_ids_are_refused(self) -> None:
        with pytest.raises(DocumentError, match="span id 'a' is used twice"):
            layer(Span(0, 1, "ACTOR", id="a"), Span(1, 2, "ACTOR", id="a"))

    def test_layers_live_side_by_side(self, sample: Document) -> None:
        assert [lay.name for lay in sample.layers] == ["rules", "gold"]
        assert sample.layer("rules").author == Author("rules", "defense-rules", "abc123")
        assert sample.default_layer() is sample.layer("gold")

    def test_default_layer_is_the_newest_without_gold(self) -> None:
        old = Layer("a", "annotation", Author("annotator", "x"), updated_at="2026-01-01T00:00:00")
        new = Layer("b", "annotation", Author("annotator", "y"), updated_at="2026-02-01T00:00:00")
        assert Document("d", "text", layers=[new, old]).default_layer() is new

    def test_with_layer_replaces_a_layer_of_the_same_name(self, sample: Document) -> None:
        replaced = sample.with_layer(Layer("rules", "prediction", Author("rules", "r", "2")))
        assert [lay.name for lay in replaced.layers] == ["gold", "rules"]
        assert replaced.layer("rules").spans == ()
        assert replaced == Document(sample.id, sample.text, replaced.layers, sample.meta)

    def test_with_layer_checks_the_new_spans(self, sample: Document) -> None:
        too_far = Layer("x", "prediction", Author("rules", "r"),
                        spans=[Span(0, len(sample.text) + 1, "ACTOR")])
        with pytest.raises(OffsetError, match="does not fit a text"):
            sample.with_layer(too_far)

    def test_overlapping_and_nested_spans_are_representable(self) -> None:
        spans = (Span(0, 10, "SANCTION"), Span(0, 4, "ACTOR"), Span(2, 6, "SYSTEM"))
        assert len(Document("d", "U.S. secondary", layers=[layer(*spans)]).layers[0].spans) == 3

    def test_bad_timestamp_is_refused(self) -> None:
        with pytest.raises(DocumentError, match="timestamp 'yesterday' is not ISO 8601"):
            Layer("a", "annotation", Author("annotator", "x"), created_at="yesterday")


class TestValidation:
    def test_every_problem_is_reported_at_once(self) -> None:
        text = "Rostec builds the T-90M."
        spans = (
            Span(0, 6, "COMPANY", id="a"),
            Span(18, 23, "SYSTEM", id="b", attrs={"category": "spaceship", "colour": "red"}),
            Span(7, 13, "ACTOR", id="c", attrs={"canonical": 5}),
        )
        document = Document("d1", text, layers=[layer(
            *spans, relations=(Relation("produces", "b", "c", id="r1"),))])
        found = [str(p) for p in problems(document, default_schema())]
        assert found == [
            "document 'd1', layer 'l1', span 'a' [0, 6) 'Rostec': 'COMPANY' is not a span type "
            "of schema 'defense'. Known: ACTOR, QUANTITY, SANCTION, SYSTEM",
            "document 'd1', layer 'l1', span 'c' [7, 13) 'builds': attribute 'canonical' must "
            "be a string, found 5",
            "document 'd1', layer 'l1', span 'b' [18, 23) 'T-90M': attribute 'category' must be "
            "one of tank, missile, drone, air-defense, aircraft, ship, artillery, other, "
            "found 'spaceship'",
            "document 'd1', layer 'l1', span 'b' [18, 23) 'T-90M': 'colour' is not an attribute "
            "of span type 'SYSTEM'. Known: canonical, category",
            "document 'd1', layer 'l1', relation 'r1': 'produces' goes from ACTOR to SYSTEM, "
            "found SYSTEM -> ACTOR",
        ]
        with pytest.raises(ValidationError, match="5 schema problems"):
            validate(document, default_schema())

    def test_valid_document_passes(self, sample: Document) -> None:
        validate(sample, default_schema())
