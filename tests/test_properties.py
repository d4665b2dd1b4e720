"""Property-based round trips: any document survives native and flat JSONL."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from strategies import documents

from annotkit import Document, flat, native

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents())
def test_native_round_trip_is_exact(document: Document) -> None:
    text = native.dumps([document])
    assert native.loads(text) == [document]
    assert native.dumps(native.loads(text)) == text


@SETTINGS
@given(documents())
def test_flat_round_trip_keeps_the_chosen_layer(document: Document) -> None:
    (back,) = flat.loads(flat.dumps([document]))
    assert (back.id, back.text, back.meta) == (document.id, document.text, document.meta)
    chosen = document.default_layer()
    if chosen is None:
        assert back.layers == ()
        return
    restored = back.layers[0]
    assert (restored.name, restored.kind, restored.author) == (
        chosen.name, chosen.kind, chosen.author)
    assert [(s.start, s.end, s.label, s.attrs) for s in restored.spans] == [
        (s.start, s.end, s.label, s.attrs) for s in chosen.spans]
    index = {span.id: i for i, span in enumerate(chosen.spans)}
    back_index = {span.id: i for i, span in enumerate(restored.spans)}
    assert sorted((index[r.head], index[r.tail], r.label) for r in chosen.relations) == sorted(
        (back_index[r.head], back_index[r.tail], r.label) for r in restored.relations)


@SETTINGS
@given(documents())
def test_flat_spans_carry_their_exact_text(document: Document) -> None:
    import json

    record = json.loads(flat.dumps([document]))
    for span in record["spans"]:
        assert record["text"][span["start"] : span["end"]] == span["text"]
