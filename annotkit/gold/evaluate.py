"""Evaluation of a prediction corpus against a gold corpus, documents paired by id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from annotkit.documents.model import Document, Layer
from annotkit.errors import DocumentError, SchemaError
from annotkit.gold.compare import MODES, Comparison, Counts, compare
from annotkit.gold.policies import newest
from annotkit.schema.model import Schema


def prediction_layer(document: Document) -> Layer | None:
    """The newest layer of kind ``prediction``, else the document's default layer."""
    return newest([layer for layer in document.layers if layer.kind == "prediction"]) or (
        document.default_layer())


def _pick(side: str, document: Document, name: str | None,
          default: Layer | None) -> Layer | None:
    if name is None:
        return default
    try:
        return document.layer(name)
    except DocumentError as error:
        raise DocumentError(f"{side} {error}") from None


@attrs.frozen
class Evaluation:
    """The sum of the per-document comparisons, and which documents and layers
    took part. ``missing_in_pred`` documents count their gold spans as misses;
    ``missing_in_gold`` documents are left out."""

    comparison: Comparison
    documents: int
    missing_in_pred: tuple[str, ...]
    missing_in_gold: tuple[str, ...]
    gold_layers: tuple[str, ...]
    pred_layers: tuple[str, ...]
    labels: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Every figure under stable keys; every label appears in every section."""
        result: dict[str, Any] = {
            "documents": {"gold": self.documents, "missing_in_pred": list(self.missing_in_pred),
                          "missing_in_gold": list(self.missing_in_gold)},
            "layers": {"gold": list(self.gold_layers), "pred": list(self.pred_layers)},
            "labels": list(self.labels),
        }
        for mode in MODES:
            counts = self.comparison.counts(mode)
            result[mode] = {
                "labels": {label: counts.get(label, Counts()).to_dict()
                           for label in self.labels},
                "micro": self.comparison.micro(mode).to_dict(),
            }
        attributes = self.comparison.attributes
        result["attributes"] = {
            "labels": {label: {name: counts.to_dict() for name, counts in
                               attributes.get(label, {}).items()} for label in self.labels},
            "overall": {name: counts.to_dict()
                        for name, counts in self.comparison.attribute_totals().items()},
        }
        return result


def _check_labels(side: str, document: Document, layer: Layer | None,
                  schema: Schema | None) -> None:
    if schema is None or layer is None:
        return
    for span in layer.spans:
        try:
            schema.span_type(span.label)
        except SchemaError as error:
            raise SchemaError(f"{side} document {document.id!r}, layer {layer.name!r}, "
                              f"span {span.id!r}: {error}") from None


def evaluate(gold: Iterable[Document], pred: Iterable[Document], *,
             gold_layer: str | None = None, pred_layer: str | None = None,
             schema: Schema | None = None) -> Evaluation:
    """Compare each gold document's gold layer with its prediction layer.

    The gold layer is ``gold_layer`` or the default layer; the prediction layer
    is ``pred_layer`` or ``prediction_layer``. A document without such a layer
    has no spans there. With ``schema``, a label outside it is a SchemaError.
    """
    predictions: dict[str, Document] = {}
    for document in pred:
        predictions[document.id] = document
    total = Comparison()
    count = 0
    seen: set[str] = set()
    missing: list[str] = []
    gold_names: set[str] = set()
    pred_names: set[str] = set()
    for document in gold:
        count += 1
        seen.add(document.id)
        reference = _pick("gold", document, gold_layer, document.default_layer())
        _check_labels("gold", document, reference, schema)
        if reference is not None:
            gold_names.add(reference.name)
        other = predictions.get(document.id)
        candidate: Layer | None = None
        if other is None:
            missing.append(document.id)
        else:
            if other.text != document.text:
                raise DocumentError(
                    f"document {document.id!r}: the gold and predicted texts differ "
                    f"(sha256 {document.sha256[:12]} vs {other.sha256[:12]})")
            candidate = _pick("predicted", other, pred_layer, prediction_layer(other))
            _check_labels("predicted", other, candidate, schema)
            if candidate is not None:
                pred_names.add(candidate.name)
        total += compare(reference.spans if reference else (),
                         candidate.spans if candidate else ())
    labels = set(total.labels())
    if schema is not None:
        labels.update(schema.labels)
    return Evaluation(
        comparison=total, documents=count, missing_in_pred=tuple(missing),
        missing_in_gold=tuple(doc_id for doc_id in predictions if doc_id not in seen),
        gold_layers=tuple(sorted(gold_names)), pred_layers=tuple(sorted(pred_names)),
        labels=tuple(sorted(labels)))
