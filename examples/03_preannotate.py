"""Stage 3, pre-annotation: rule predictions for the seeds, measured against their gold."""

from pathlib import Path

import annotkit
from annotkit.gold.evaluate import evaluate
from annotkit.preannotate.pipeline import default_pipeline

root = Path(__file__).resolve().parents[1]
pipeline = default_pipeline()
predicted = [pipeline.annotate(d) for d in annotkit.read(root / "seeds")]
print("rule set:", pipeline.layer_name)
first = predicted[0]
for span in first.layers[0].spans[:8]:
    print(f"  {span.label:9} {first.span_text(span)!r:30} {span.source} {span.score}")

result = evaluate(annotkit.read(root / "seeds" / "gold.jsonl"), predicted).to_dict()
for mode in ("exact", "overlap"):
    micro = result[mode]["micro"]
    print(f"{mode:8} precision {micro['precision']:.3f}  recall {micro['recall']:.3f}  "
          f"f1 {micro['f1']:.3f}")
