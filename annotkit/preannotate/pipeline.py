"""The pre-annotation pipeline: annotators propose, a merge policy decides, a
prediction layer records the rule set's name and version."""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import attrs

from annotkit._frozen import FrozenMap
from annotkit.documents.model import Author, Document, Layer, Span
from annotkit.preannotate.lexical import LexiconAnnotator
from annotkit.preannotate.lexicon import Lexicon, load_lexicon
from annotkit.preannotate.matcher import Triggers
from annotkit.preannotate.merge import MergePolicy, guidelines
from annotkit.preannotate.patterns import (
    DesignationAnnotator,
    NamedSystemAnnotator,
    OrganizationAnnotator,
    PersonAnnotator,
    ShipAnnotator,
)
from annotkit.preannotate.quantities import QuantityAnnotator
from annotkit.preannotate.rules import Rules, load_rules
from annotkit.preannotate.sanctions import SanctionAnnotator
from annotkit.schema.files import default_schema, schemas_dir
from annotkit.schema.model import Schema


class Annotator(Protocol):
    """Anything that proposes spans for a document, without changing it."""

    def __call__(self, document: Document) -> Iterable[Span]: ...


def _annotators(items: Iterable[Annotator]) -> tuple[Annotator, ...]:
    return tuple(items)


@attrs.frozen
class Pipeline:
    """Annotators plus a merge policy, named and versioned as one rule set."""

    annotators: tuple[Annotator, ...] = attrs.field(converter=_annotators)
    policy: MergePolicy = guidelines
    name: str = "rules"
    version: str = "0"
    #: The annotators' shared trigger pass, scanned a batch at a time by ``run``.
    triggers: Triggers | None = None

    @property
    def author(self) -> Author:
        return Author("rules", self.name, self.version)

    @property
    def layer_name(self) -> str:
        """The prediction layer's name: ``name@version``."""
        return f"{self.name}@{self.version}"

    def spans(self, document: Document) -> list[Span]:
        """The merged spans for one document."""
        proposals: list[Span] = []
        for annotator in self.annotators:
            proposals.extend(annotator(document))
        return self.policy(document, proposals)

    def layer(self, document: Document) -> Layer:
        """The prediction layer for one document."""
        return Layer(self.layer_name, "prediction", self.author, spans=self.spans(document))

    def annotate(self, document: Document) -> Document:
        """A copy of ``document`` with this rule set's layer added (or replaced)."""
        return document.with_layer(self.layer(document))

    def run(self, documents: Iterable[Document], jobs: int = 1,
            batch: int = 64) -> Iterator[Document]:
        """Annotate a stream of documents in order, in ``jobs`` processes.

        At most a few batches per process are in flight, so memory stays flat
        however long the stream is.
        """
        if jobs <= 1:
            for chunk in _chunks(documents, batch):
                self._prefetch(d.text for d in chunk)
                yield from map(self.annotate, chunk)
            return
        # Only (id, text) crosses to the workers, and plain tuples come back:
        # pickling whole documents would cost more than annotating them.
        for chunk, packed in self._parallel(
                documents, jobs, batch, _annotate_batch, lambda d: (d.id, d.text)):
            yield from self._unpack(chunk, packed)

    def run_lines(self, documents: Iterable[Document], jobs: int = 1,
                  batch: int = 64) -> Iterator[tuple[str, int]]:
        """Annotate a stream of documents and serialise each as a native JSONL
        line, in order: ``(line, predicted spans)``.

        The workers do the serialising too, so the calling process only reads
        and writes: this is what makes ``--jobs`` scale for the CLI.
        """
        if jobs <= 1:
            for chunk in _chunks(documents, batch):
                self._prefetch(d.text for d in chunk)
                for document in chunk:
                    yield _to_line(self, document)
            return
        for _chunk, lines in self._parallel(documents, jobs, batch, _lines_batch,
                                            lambda d: d):
            yield from lines

    def _prefetch(self, texts: Iterable[str]) -> None:
        if self.triggers is not None:
            self.triggers.prefetch(texts)

    def _parallel(self, documents: Iterable[Document], jobs: int, batch: int,
                  work: Callable[[list[Any]], list[Any]],
                  send: Callable[[Document], Any]) -> Iterator[tuple[list[Document], list[Any]]]:
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_worker, initargs=(self,)
        ) as pool:
            pending: deque[tuple[list[Document], concurrent.futures.Future[list[Any]]]] = deque()
            for chunk in _chunks(documents, batch):
                pending.append((chunk, pool.submit(work, [send(d) for d in chunk])))
                if len(pending) >= jobs * 3:
                    chunk, future = pending.popleft()
                    yield chunk, future.result()
            while pending:
                chunk, future = pending.popleft()
                yield chunk, future.result()

    def _unpack(self, documents: list[Document], packed_batch: list[list[_Packed]]
                ) -> Iterator[Document]:
        # Attribute sets repeat (every "russia"/"state"): share one frozen map each.
        frozen: dict[tuple[tuple[str, Any], ...], FrozenMap[Any]] = {}
        for document, packed in zip(documents, packed_batch, strict=True):
            spans = []
            for start, end, label, span_id, items, score, source in packed:
                attributes = frozen.get(items)
                if attributes is None:
                    attributes = frozen[items] = FrozenMap(dict(items))
                spans.append(Span.unchecked(start, end, label, span_id, attributes, score,
                                            source))
            layer = Layer(self.layer_name, "prediction", self.author, spans=spans)
            yield document.with_layer(layer)


_WORKER: Pipeline | None = None


def _init_worker(pipeline: Pipeline) -> None:
    global _WORKER
    _WORKER = pipeline


_Packed = tuple[int, int, str, str, tuple[tuple[str, Any], ...], "float | None", "str | None"]


def _annotate_batch(items: list[tuple[str, str]]) -> list[list[_Packed]]:
    assert _WORKER is not None
    _WORKER._prefetch(text for _, text in items)
    out = []
    for doc_id, text in items:
        spans = _WORKER.spans(Document(doc_id, text))
        out.append([(s.start, s.end, s.label, s.id, tuple(s.attrs.items()), s.score, s.source)
                    for s in spans])
    return out


def _to_line(pipeline: Pipeline, document: Document) -> tuple[str, int]:
    from annotkit.export.jsonl import dumps_record
    from annotkit.export.native import to_record

    layer = pipeline.layer(document)
    return dumps_record(to_record(document.with_layer(layer))), len(layer.spans)


def _lines_batch(documents: list[Document]) -> list[tuple[str, int]]:
    assert _WORKER is not None
    _WORKER._prefetch(d.text for d in documents)
    return [_to_line(_WORKER, document) for document in documents]


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def rules_version(lexicon: Lexicon, rules: Rules) -> str:
    """A short hash of the lexicons, the rule file and the rules' code."""
    digest = hashlib.sha256()
    digest.update(lexicon.fingerprint.encode())
    digest.update(rules.fingerprint.encode())
    for path in sorted([*Path(__file__).parent.glob("*.py"), *Path(__file__).parent.glob("*.c")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_pipeline(lexicon_dir: str | Path | None = None, rules_path: str | Path | None = None,
                   schema: Schema | None = None, name: str = "defense-rules",
                   policy: MergePolicy = guidelines) -> Pipeline:
    """The full rule set from a lexicon folder (``*.tsv``, ``issuers.tsv``) and a rule file."""
    folder = Path(lexicon_dir) if lexicon_dir else schemas_dir() / "lexicons"
    rules = load_rules(rules_path or schemas_dir() / "rules" / "defense.toml")
    issuers = folder / "issuers.tsv"
    lexicon = load_lexicon(
        [p for p in folder.glob("*.tsv") if p.name != "issuers.tsv"],
        issuers if issuers.is_file() else None,
        schema or default_schema(),
    )
    triggers = Triggers()
    annotators: list[Annotator] = [
        LexiconAnnotator(lexicon, rules, labels=frozenset({"ACTOR", "SYSTEM"}),
                         triggers=triggers),
        SanctionAnnotator(lexicon, rules, triggers),
        DesignationAnnotator(lexicon, rules),
        OrganizationAnnotator(rules, triggers),
        PersonAnnotator(lexicon, rules, triggers),
        ShipAnnotator(lexicon, rules, triggers),
        NamedSystemAnnotator(lexicon, rules, triggers),
        QuantityAnnotator(rules, triggers),
    ]
    return Pipeline(annotators, policy, name, rules_version(lexicon, rules), triggers)


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The bundled defense rule set, built once per process."""
    return build_pipeline()


def preannotate(documents: Document | Iterable[Document], pipeline: Pipeline | None = None,
                jobs: int = 1) -> Document | Iterator[Document]:
    """Add a prediction layer to one document, or lazily to each of a stream."""
    active = pipeline or default_pipeline()
    if isinstance(documents, Document):
        return active.annotate(documents)
    return active.run(documents, jobs=jobs)


__all__ = ["Annotator", "Pipeline", "build_pipeline", "default_pipeline", "preannotate"]
