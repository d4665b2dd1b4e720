"""The rules' figures on the seeds' gold do not fall below what they reach.

Reached when this test was written (exact match): precision 1.000, recall
0.992, F1 0.996; per label F1 ACTOR 0.995, QUANTITY, SANCTION, SYSTEM 1.000.
"""

from __future__ import annotations

from pathlib import Path

import annotkit
from annotkit.gold.evaluate import evaluate
from annotkit.preannotate.pipeline import default_pipeline

ROOT = Path(__file__).resolve().parents[1]
FLOORS = {"ACTOR": 0.99, "QUANTITY": 0.99, "SANCTION": 0.99, "SYSTEM": 0.99}


def test_seed_figures_hold() -> None:
    predicted = [default_pipeline().annotate(d) for d in annotkit.read(ROOT / "seeds")]
    result = evaluate(annotkit.read(ROOT / "seeds" / "gold.jsonl"), predicted).to_dict()
    micro = result["exact"]["micro"]
    assert micro["precision"] >= 0.995 and micro["recall"] >= 0.99 and micro["f1"] >= 0.995
    for label, floor in FLOORS.items():
        assert result["exact"]["labels"][label]["f1"] >= floor, label
    overall = result["attributes"]["overall"]
    assert overall["canonical"]["accuracy"] >= 0.98
    assert overall["kind"]["accuracy"] >= 0.99
    assert overall["value"]["accuracy"] == overall["unit"]["accuracy"] == 1.0
