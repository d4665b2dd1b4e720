"""The JSON Schema of a native record in schemas/ describes what annotkit writes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from strategies import documents

from annotkit import Document, native

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "native-record.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_committed_exports_follow_it() -> None:
    for name in ("seeds.jsonl", "seeds.pre.jsonl", "seeds.gold.jsonl"):
        for line in (ROOT / "exports" / name).read_text(encoding="utf-8").splitlines():
            VALIDATOR.validate(json.loads(line))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_written_record_follows_it(document: Document) -> None:
    VALIDATOR.validate(json.loads(native.dumps([document])))


def test_it_rejects_what_the_reader_rejects() -> None:
    record = json.loads((ROOT / "exports" / "seeds.pre.jsonl").read_text().splitlines()[0])
    record["layers"][0]["kind"] = "draft"
    assert not VALIDATOR.is_valid(record)
