"""Reading documents from raw texts, folders and JSONL corpora, told apart by content."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from annotkit.documents.model import Document
from annotkit.errors import DecodeError, InputError
from annotkit.export import flat, native
from annotkit.export.jsonl import first_record

Kind = Literal["text", "native", "flat", "folder"]
META_SUFFIX = ".meta.json"


def detect(path: str | Path) -> Kind:
    """What ``path`` holds: a folder of texts, native or flat JSONL, or raw text.

    A file whose first line is a JSON object with ``id`` and ``text`` is JSONL
    (native when it has ``layers``); a ``.txt`` file is always raw text.
    """
    path = Path(path)
    if path.is_dir():
        return "folder"
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.suffix.lower() == ".txt":
        return "text"
    record = first_record(path)
    if record is not None and "id" in record and "text" in record:
        return "native" if "layers" in record else "flat"
    return "text"


def decode(data: bytes, where: str) -> str:
    """UTF-8 bytes to text, a leading BOM dropped; DecodeError names the byte offset."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"{where}: not valid UTF-8 at byte {error.start} (0x{data[error.start]:02x})"
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: str | Path, doc_id: str | None = None) -> Document:
    """A document from a UTF-8 text file, kept exactly (CRLF, tabs, everything).

    The id is the file name without suffix; ``NAME.meta.json`` beside
    ``NAME.txt``, if present, supplies metadata such as title and source.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    meta: dict[str, Any] = {"path": path.as_posix()}
    sidecar = path.with_name(path.stem + META_SUFFIX)
    if sidecar.is_file():
        try:
            extra = json.loads(decode(sidecar.read_bytes(), str(sidecar)))
        except json.JSONDecodeError as error:
            raise InputError(f"{sidecar}:{error.lineno}: invalid JSON: {error.msg}") from None
        if not isinstance(extra, dict):
            raise InputError(f"{sidecar}: expected a JSON object")
        meta.update(extra)
    return Document(id=doc_id or path.stem, text=decode(data, str(path)), meta=meta)


def read_folder(folder: str | Path) -> Iterator[Document]:
    """Every ``.txt`` file below ``folder``, sorted; ids are relative paths without suffix.

    A folder with no text file is an error: it is almost always the wrong folder.
    """
    folder = Path(folder)
    paths = [path for path in sorted(folder.rglob("*.txt")) if path.is_file()]
    if not paths:
        raise InputError(f"{folder}: no .txt file in this folder or below it")
    for path in paths:
        yield read_text(path, path.relative_to(folder).with_suffix("").as_posix())


def read(path: str | Path) -> Iterator[Document]:
    """Documents from one input of any kind ``detect`` knows."""
    kind = detect(path)
    if kind == "folder":
        yield from read_folder(path)
    elif kind == "native":
        yield from native.read(path)
    elif kind == "flat":
        yield from flat.read(path)
    else:
        yield read_text(path)


def read_all(inputs: Iterable[str | Path], unique: bool = True) -> Iterator[Document]:
    """Documents from every input in turn, streaming; a repeated id is an error
    unless ``unique`` is false."""
    seen: dict[str, str] = {}
    for source in inputs:
        for document in read(source):
            if not unique:
                yield document
                continue
            if document.id in seen:
                raise InputError(
                    f"{source}: document id {document.id!r} was already read from "
                    f"{seen[document.id]}"
                )
            seen[document.id] = str(source)
            yield document
