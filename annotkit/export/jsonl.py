"""Reading JSON Lines with errors that name file and line; deterministic dumping."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotkit.errors import DecodeError, InputError


def dumps_record(record: dict[str, Any]) -> str:
    """One JSON line: sorted keys, UTF-8 text kept readable, no trailing newline."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, allow_nan=False)


def iter_records(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line, streaming.

    Lines are split on ``\\n`` only, so a JSON string may hold any character.
    """
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    offset = 0
    with handle:
        for number, raw in enumerate(handle, start=1):
            line_offset, offset = offset, offset + len(raw)
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise DecodeError(
                    f"{path}:{number}: not valid UTF-8 at byte {line_offset + error.start} "
                    f"(0x{raw[error.start]:02x})"
                ) from None
            yield number, _parse(line, f"{path}:{number}")


def iter_text_records(text: str, source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Like ``iter_records`` for JSONL already in memory."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield number, _parse(line, f"{source}:{number}")


def _parse(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: invalid JSON at column {error.colno}: {error.msg}") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, found {type(record).__name__}")
    return record


def first_record(path: str | Path) -> dict[str, Any] | None:
    """The first JSON object of a file if its first non-blank line is one, else None."""
    try:
        with Path(path).open("rb") as handle:
            for raw in handle:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
                if not raw.strip():
                    continue
                if not raw.lstrip().startswith(b"{"):
                    return None
                try:
                    record = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    return None
                return record if isinstance(record, dict) else None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    return None


def check_fields(record: Any, allowed: set[str], required: set[str], what: str) -> dict[str, Any]:
    """``record`` if it is an object with no unknown and no missing keys."""
    if not isinstance(record, dict):
        raise InputError(f"{what} must be an object, found {type(record).__name__}")
    unknown = sorted(set(record) - allowed)
    if unknown:
        raise InputError(
            f"{what} has unknown key {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}"
        )
    missing = sorted(required - set(record))
    if missing:
        raise InputError(f"{what} lacks key {missing[0]!r}")
    return record
