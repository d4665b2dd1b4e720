"""The exceptions annotkit raises, all below one base class.

Each error also inherits the builtin a caller would naturally catch, so
``except ValueError`` keeps working around annotkit calls::

    AnnotkitError
    ├── SchemaError (ValueError)          a schema, or a name missing from it
    ├── DocumentError (ValueError)        a document that cannot be built
    │   └── OffsetError                   a span outside or misaligned with its text
    ├── ValidationError (ValueError)      documents that break their schema
    ├── InputError (ValueError)           a bad input file: names file and line
    │   ├── DecodeError (UnicodeError)    input that is not UTF-8
    │   └── LexiconError                  a bad lexicon or pattern file
    ├── ExportError (ValueError)          data a format cannot carry
    └── StudioError (RuntimeError)        Label Studio could not do what was asked
        └── StudioAuthError               wrong URL or token
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class AnnotkitError(Exception):
    """Base class of every error annotkit raises on purpose."""


class SchemaError(AnnotkitError, ValueError):
    """A schema is malformed, or a label/attribute/relation is not in it."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems) or (message,)


class DocumentError(AnnotkitError, ValueError):
    """A document, layer, span or relation cannot be built as given."""


class OffsetError(DocumentError):
    """A span's offsets do not fit its document's text."""


class ValidationError(AnnotkitError, ValueError):
    """Documents break their schema; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[object]) -> None:
        self.problems = tuple(problems)
        lines = [str(p) for p in self.problems]
        head = f"{len(lines)} schema problem{'s' if len(lines) != 1 else ''}"
        super().__init__(head + ":\n" + "\n".join(f"  {line}" for line in lines))


class InputError(AnnotkitError, ValueError):
    """An input file is malformed; the message names the file and line."""


class DecodeError(InputError, UnicodeError):
    """An input file is not valid UTF-8; the message names the byte offset."""


class LexiconError(InputError):
    """A lexicon or pattern file is malformed, or its entries conflict."""


class ExportError(AnnotkitError, ValueError):
    """A document holds something the chosen format cannot carry."""


class StudioError(AnnotkitError, RuntimeError):
    """Label Studio refused or failed a request."""


class StudioAuthError(StudioError):
    """The Label Studio URL or API token is wrong."""


def context(text: str, start: int, end: int, width: int = 10) -> str:
    """Return ``…left[span]right…`` around ``text[start:end]`` for messages."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return repr(f"{left}[{text[start:end]}]{right}")
