#!/usr/bin/env bash
# The main job on the seeds: pre-annotate, evaluate against the hand-made gold,
# and write every export. Usage: scripts/make-exports.sh [OUTDIR] (default exports/).
# Runs from the repository root so that document metadata holds relative paths.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-exports}"
annotkit="${ANNOTKIT:-.venv/bin/annotkit}"
mkdir -p "$out"

"$annotkit" validate seeds/gold.jsonl
"$annotkit" preannotate seeds -o "$out/seeds.pre.jsonl"
"$annotkit" validate "$out/seeds.pre.jsonl"
"$annotkit" export seeds seeds/gold.jsonl --merge -o "$out/seeds.gold.jsonl"
"$annotkit" export "$out/seeds.pre.jsonl" "$out/seeds.gold.jsonl" --merge -o "$out/seeds.jsonl"
"$annotkit" export "$out/seeds.pre.jsonl" --format flat -o "$out/seeds.pre.flat.jsonl"
"$annotkit" export "$out/seeds.gold.jsonl" --format flat -o "$out/seeds.gold.flat.jsonl"
"$annotkit" export "$out/seeds.pre.jsonl" --format tei --corpus -o "$out/seeds.pre.tei.xml"
"$annotkit" export "$out/seeds.gold.jsonl" --format tei --corpus -o "$out/seeds.gold.tei.xml"
"$annotkit" validate --tei "$out/seeds.pre.tei.xml" "$out/seeds.gold.tei.xml"
"$annotkit" evaluate --gold "$out/seeds.gold.jsonl" --pred "$out/seeds.pre.jsonl"
"$annotkit" stats "$out/seeds.jsonl"
