"""Stage 1, schema: define one in code, write it to a file, read it back, check it."""

import tempfile
from pathlib import Path

import annotkit
from annotkit import Attribute, RelationType, Schema, SchemaError, SpanType

schema = Schema(
    name="mini",
    version="1",
    span_types=[
        SpanType("ORG", attributes=[Attribute("canonical"),
                                    Attribute("kind", "choice", choices=["company", "agency"])],
                 color="#2ca02c", hotkey="o"),
        SpanType("MONEY", attributes=[Attribute("amount", "number", required=True)],
                 color="#ff7f0e", hotkey="m"),
    ],
    relation_types=[RelationType("pays", heads=["ORG"], tails=["MONEY"])],
)

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "mini.toml"
    annotkit.dump_schema(schema, path)
    assert annotkit.load_schema(path) == schema
    print(path.read_text())

default = annotkit.default_schema()
print("default schema:", default.name, "labels:", ", ".join(default.labels))
try:
    default.span_type("SANCTON")
except SchemaError as error:
    print("as expected:", error)
