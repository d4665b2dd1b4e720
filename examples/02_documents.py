"""Stage 2, documents: layers of spans, offsets checked, validation against the schema."""

import annotkit
from annotkit import Author, Document, Layer, OffsetError, Relation, Span

text = "🚀 Rostec's Uralvagonzavod builds the T-90M.\r\n"
rostec, tank = text.index("Uralvagonzavod"), text.index("T-90M")
layer = Layer(
    name="alice",
    kind="annotation",
    author=Author("annotator", "alice@example.com"),
    spans=[
        Span(rostec, rostec + 14, "ACTOR", id="a", attrs={"canonical": "uralvagonzavod",
                                                          "kind": "company"}),
        Span(tank, tank + 5, "SYSTEM", id="s", attrs={"canonical": "t-90m", "category": "tank"}),
    ],
    relations=[Relation("produces", head="a", tail="s")],
    created_at="2026-11-24T10:00:00+00:00",
)
document = Document("example-1", text, layers=[layer], meta={"source": "examples/02"})
annotkit.validate(document, annotkit.default_schema())
for span in document.layers[0].spans:
    print(span.label, repr(document.span_text(span)), dict(span.attrs))

try:
    Document("bad", "short", layers=[Layer("x", "gold", Author("annotator", "bob"),
                                           spans=[Span(3, 9, "ACTOR", id="s1")])])
except OffsetError as error:
    print("as expected:", error)
