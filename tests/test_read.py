"""Reading raw texts, folders and JSONL corpora, told apart by content."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotkit import DecodeError, Document, InputError, flat, native, read, read_all, read_text
from annotkit.documents.read import detect


class TestRead:
    def test_text_file_keeps_crlf_and_drops_the_bom(self, tmp_path: Path) -> None:
        path = tmp_path / "report-1.txt"
        path.write_bytes(b"\xef\xbb\xbfRostec\r\nT-90M\ttanks \xf0\x9f\x9a\x80")
        document = read_text(path)
        assert document.id == "report-1"
        assert document.text == "Rostec\r\nT-90M\ttanks 🚀"

    def test_invalid_utf8_names_file_and_byte(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.txt"
        path.write_bytes(b"Russia \xff tanks")
        with pytest.raises(DecodeError) as caught:
            read_text(path)
        assert str(caught.value) == f"{path}: not valid UTF-8 at byte 7 (0xff)"
        assert isinstance(caught.value, UnicodeError)

    def test_sidecar_metadata_is_read(self, tmp_path: Path) -> None:
        (tmp_path / "a.txt").write_text("text")
        (tmp_path / "a.meta.json").write_text('{"title": "A title", "source": "x"}')
        assert read_text(tmp_path / "a.txt").meta["title"] == "A title"

    def test_folder_ids_are_relative_paths(self, tmp_path: Path) -> None:
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "b.txt").write_text("B")
        (tmp_path / "a.txt").write_text("A")
        (tmp_path / "notes.jsonl").write_text("ignored")
        assert [d.id for d in read(tmp_path)] == ["a", "sub/b"]

    def test_folder_without_texts_is_an_error(self, tmp_path: Path) -> None:
        (tmp_path / "notes.jsonl").write_text("ignored")
        with pytest.raises(InputError) as caught:
            list(read(tmp_path))
        assert str(caught.value) == f"{tmp_path}: no .txt file in this folder or below it"

    def test_kinds_are_told_apart_by_content(self, tmp_path: Path, sample: Document) -> None:
        native.write([sample], tmp_path / "corpus.data")
        flat.write([sample], tmp_path / "flat.data")
        (tmp_path / "plain.data").write_text('{"not": "a document"}\n')
        assert detect(tmp_path / "corpus.data") == "native"
        assert detect(tmp_path / "flat.data") == "flat"
        assert detect(tmp_path / "plain.data") == "text"
        assert detect(tmp_path) == "folder"

    def test_repeated_document_id_is_an_error(self, tmp_path: Path) -> None:
        (tmp_path / "a.txt").write_text("A")
        with pytest.raises(InputError, match="document id 'a' was already read from"):
            list(read_all([tmp_path / "a.txt", tmp_path]))

    def test_seeds_are_in_the_repository(self, root: Path) -> None:
        documents = list(read(root / "seeds"))
        assert [d.id for d in documents] == [
            "russia-defense-industry-resilience", "russia-domestic-arms-production"]
        assert all(d.meta["title"] for d in documents)
