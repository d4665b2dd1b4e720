"""Stage 5, gold: two annotators' layers, a majority-vote gold layer, their agreement."""

from annotkit import Author, Document, Layer, Span
from annotkit.gold.agreement import agreement
from annotkit.gold.policies import choose_gold

text = "Iran sent Shahed drones to Russia."


def annotator(name: str, spans: list[tuple[str, str]]) -> Layer:
    found = [Span(text.index(s), text.index(s) + len(s), label) for s, label in spans]
    return Layer(f"ls-{name}", "annotation", Author("annotator", name), spans=found,
                 created_at="2026-11-24T10:00:00+00:00", meta={"lead_time": 30.0})


document = Document("d1", text, layers=[
    annotator("alice", [("Iran", "ACTOR"), ("Shahed", "SYSTEM"), ("Russia", "ACTOR")]),
    annotator("bob", [("Iran", "ACTOR"), ("Shahed drones", "SYSTEM"), ("Russia", "ACTOR")]),
    annotator("carol", [("Iran", "ACTOR"), ("Shahed", "SYSTEM")]),
])
choice = choose_gold(document, "majority")
gold = choice.document.layer("gold")
print("majority gold:", [(s.label, text[s.start:s.end]) for s in gold.spans])

figures = agreement([document]).to_dict()
print("annotators:", sorted(figures["annotators"]))
average = figures["average"]
print(f"pairwise span F1: exact {average['exact']['micro']:.3f}, "
      f"overlap {average['overlap']['micro']:.3f}")
print(f"{figures['coefficient']}: {average['kappa']['overall']:.3f}")
