"""Schemas: defined in code, checked, round-tripped through TOML and JSON files."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotkit import Attribute, RelationType, Schema, SchemaError, SpanType, default_schema
from annotkit.schema import dump_schema, dumps_schema, load_schema, schema_from_dict


def small_schema() -> Schema:
    return Schema(
        name="mini",
        version="2",
        span_types=[
            SpanType("ORG", attributes=[Attribute("canonical"),
                                        Attribute("kind", "choice", choices=["a", "b"])],
                     color="#00ff00", hotkey="o"),
            SpanType("MONEY", attributes=[Attribute("amount", "number", required=True),
                                          Attribute("approx", "boolean")]),
        ],
        relation_types=[RelationType("pays", heads=["ORG"], tails=["MONEY", "ORG"])],
    )


class TestSchema:
    def test_default_schema_follows_the_guidelines(self) -> None:
        schema = default_schema()
        assert schema.labels == ("ACTOR", "QUANTITY", "SANCTION", "SYSTEM")
        assert schema.span_type("SYSTEM").attribute("category").choices == (
            "tank", "missile", "drone", "air-defense", "aircraft", "ship", "artillery", "other")
        assert schema.relation_type("imposed_by").heads == ("SANCTION",)

    def test_unknown_label_lists_the_known_ones(self) -> None:
        with pytest.raises(SchemaError) as caught:
            default_schema().span_type("SANCTON")
        assert str(caught.value) == (
            "'SANCTON' is not a span type of schema 'defense'. "
            "Known: ACTOR, QUANTITY, SANCTION, SYSTEM"
        )

    def test_unknown_attribute_lists_the_known_ones(self) -> None:
        with pytest.raises(SchemaError) as caught:
            default_schema().span_type("SYSTEM").attribute("kind")
        assert str(caught.value) == (
            "'kind' is not an attribute of span type 'SYSTEM'. Known: canonical, category"
        )

    def test_relation_to_unknown_type_is_refused(self) -> None:
        with pytest.raises(SchemaError) as caught:
            Schema("x", span_types=[SpanType("A")],
                   relation_types=[RelationType("r", heads=["A"], tails=["B"])])
        assert str(caught.value) == (
            "relation type 'r' names unknown tail span type 'B'. Known: A")

    def test_choice_without_choices_is_refused(self) -> None:
        with pytest.raises(SchemaError, match="choice attribute 'k' lists no choices"):
            Attribute("k", "choice")

    def test_bad_display_hints_are_refused(self) -> None:
        with pytest.raises(SchemaError, match="color must be '#rrggbb', found 'red'"):
            SpanType("A", color="red")
        with pytest.raises(SchemaError, match="hotkey must be one letter or digit"):
            SpanType("A", hotkey="ctrl+a")

    def test_duplicate_hotkeys_are_refused(self) -> None:
        with pytest.raises(SchemaError, match="hotkey 'a' is used by A and B"):
            Schema("x", span_types=[SpanType("A", hotkey="a"), SpanType("B", hotkey="a")])

    def test_attribute_types_accept_their_values(self) -> None:
        number = Attribute("n", "number")
        assert number.accepts(3) and number.accepts(2.5) and not number.accepts(True)
        assert Attribute("b", "boolean").accepts(False)
        assert not Attribute("c", "choice", choices=["x"]).accepts("y")


class TestSchemaFiles:
    @pytest.mark.parametrize("suffix", [".toml", ".json"])
    def test_round_trip(self, tmp_path: Path, suffix: str) -> None:
        path = tmp_path / f"mini{suffix}"
        dump_schema(small_schema(), path)
        assert load_schema(path) == small_schema()

    def test_default_schema_file_round_trips(self) -> None:
        schema = default_schema()
        assert schema_from_dict(__import__("tomllib").loads(dumps_schema(schema))) == schema

    def test_check_reports_every_problem(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.toml"
        path.write_text(
            'name = "x"\n[[span_types]]\nname = "A"\n[[span_types.attributes]]\n'
            'name = "k"\ntype = "choise"\n[[span_types]]\nname = "B"\ncolour = "red"\n'
            '[[relation_types]]\nname = "r"\nheads = ["A"]\ntails = ["C"]\n'
        )
        with pytest.raises(SchemaError) as caught:
            load_schema(path)
        assert caught.value.problems == (
            f"{path}: span_types[0] (A).attributes[0]: attribute 'k' has unknown type "
            "'choise'; known: string, choice, number, boolean",
            f"{path}: span_types[1]: unknown key 'colour'; allowed: attributes, color, "
            "description, hotkey, name",
            f"{path}: relation type 'r' names unknown tail span type 'C'. Known: A",
        )

    def test_toml_syntax_error_names_the_file(self, tmp_path: Path) -> None:
        path = tmp_path / "broken.toml"
        path.write_text("name = \n")
        with pytest.raises(SchemaError, match=r"broken.toml: invalid TOML: .*line 1"):
            load_schema(path)
