"""Native and flat JSONL: exact round trips, clear errors, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotkit import Document, InputError, flat, native


class TestNative:
    def test_round_trip_is_exact(self, tmp_path: Path, sample: Document) -> None:
        native.write([sample], tmp_path / "out.jsonl")
        assert native.load(tmp_path / "out.jsonl") == [sample]
        assert native.loads(native.dumps([sample])) == [sample]

    def test_output_is_deterministic(self, sample: Document) -> None:
        assert native.dumps([sample]) == native.dumps(native.loads(native.dumps([sample])))
        record = json.loads(native.dumps([sample]))
        assert list(record) == sorted(record)

    def test_bad_json_line_names_file_and_line(self, tmp_path: Path, sample: Document) -> None:
        path = tmp_path / "in.jsonl"
        path.write_text(native.dumps([sample]) + "{oops\n")
        with pytest.raises(InputError) as caught:
            native.load(path)
        assert str(caught.value) == (
            f"{path}:2: invalid JSON at column 2: Expecting property name enclosed in "
            "double quotes")

    def test_bad_span_names_file_line_and_context(self, tmp_path: Path) -> None:
        record = {"id": "d", "text": "Rostec", "layers": [{
            "name": "l", "kind": "gold", "author": {"kind": "annotator", "name": "a"},
            "spans": [{"id": "s", "start": 2, "end": 9, "label": "ACTOR"}]}]}
        path = tmp_path / "in.jsonl"
        path.write_text(json.dumps(record) + "\n")
        with pytest.raises(InputError) as caught:
            native.load(path)
        assert str(caught.value) == (
            f"{path}:1: document 'd', layer 'l': span 's' [2, 9) does not fit a text of 6 "
            "characters (needs 0 <= start < end <= 6); near 'Ro[stec]'")

    def test_edited_text_is_caught_by_its_hash(self, sample: Document) -> None:
        record = json.loads(native.dumps([sample]))
        record["text"] = record["text"].replace("Report", "Rep0rt")
        with pytest.raises(InputError, match="text does not match its sha256"):
            native.loads(json.dumps(record))

    def test_unknown_key_is_refused(self, sample: Document) -> None:
        record = json.loads(native.dumps([sample]))
        record["txet"] = "?"
        with pytest.raises(InputError, match="<string>:1: document has unknown key 'txet'"):
            native.loads(json.dumps(record))

    def test_failed_write_leaves_the_old_file(self, tmp_path: Path, sample: Document) -> None:
        path = tmp_path / "out.jsonl"
        path.write_text("old\n")

        def broken() -> object:
            yield sample
            raise RuntimeError("disk on fire")

        with pytest.raises(RuntimeError):
            native.write(broken(), path)  # type: ignore[arg-type]
        assert path.read_text() == "old\n"
        assert list(tmp_path.iterdir()) == [path]


class TestFlat:
    def test_record_shape(self, sample: Document) -> None:
        record = json.loads(flat.dumps([sample]))
        assert sorted(record) == ["id", "meta", "relations", "spans", "text"]
        assert record["relations"] == [{"head": 0, "tail": 1, "label": "produces"}]
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]
        assert record["spans"][0] == {"start": 10, "end": 16, "label": "ACTOR", "text": "Rostec",
                                      "attrs": {"canonical": "rostec", "kind": "company"}}

    def test_emoji_before_a_span_keeps_offsets(self) -> None:
        text = "👨‍👩‍👧 Rostec"
        document = Document("d", text, layers=[])
        from annotkit import Author, Layer, Span
        document = document.with_layer(Layer("g", "gold", Author("annotator", "a"),
                                             spans=[Span(6, 12, "ACTOR")]))
        span = json.loads(flat.dumps([document]))["spans"][0]
        assert text[span["start"] : span["end"]] == span["text"] == "Rostec"

    def test_round_trip_of_the_chosen_layer(self, sample: Document) -> None:
        (back,) = flat.loads(flat.dumps([sample], layer="gold"))
        original, restored = sample.layer("gold"), back.layer("gold")
        assert restored.kind == "gold" and restored.author == original.author
        assert [(s.start, s.end, s.label, s.attrs) for s in restored.spans] == [
            (s.start, s.end, s.label, s.attrs) for s in original.spans]
        assert back.meta == sample.meta and back.text == sample.text

    def test_surface_text_mismatch_is_an_error(self) -> None:
        line = json.dumps({"id": "d", "text": "Rostec", "spans": [
            {"start": 0, "end": 6, "label": "ACTOR", "text": "Roste"}]})
        with pytest.raises(InputError) as caught:
            flat.loads(line, source="f.jsonl")
        assert str(caught.value) == (
            "f.jsonl:1: span [0, 6) of document 'd' covers 'Rostec' but its text is 'Roste'; "
            "near '[Rostec]'")

    def test_relation_index_out_of_range(self) -> None:
        line = json.dumps({"id": "d", "text": "ab", "spans": [],
                           "relations": [{"head": 0, "tail": 1, "label": "r"}]})
        with pytest.raises(InputError, match=r"f:1: relations\[0\].head must index into spans"):
            flat.loads(line, source="f")


class TestAtomicWrite:
    def test_output_gets_the_usual_permissions(self, tmp_path: Path, sample: Document) -> None:
        import os

        mask = os.umask(0o022)
        try:
            native.write([sample], tmp_path / "out.jsonl")
        finally:
            os.umask(mask)
        assert (tmp_path / "out.jsonl").stat().st_mode & 0o777 == 0o644
