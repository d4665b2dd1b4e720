# annotkit. A newcomer runs two commands: `make run` and `make test`.
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PROJECT ?= annotkit seeds

.PHONY: run test install exports studio-venv browser lint typecheck \
        bench bench-preannotate bench-export bench-studio clean

# The install compiles the C scanner (annotkit/preannotate/_scan.c, gcc and the
# Python headers); ANNOTKIT_REQUIRE_EXT=1 makes a failed compile an error here.
$(STAMP): pyproject.toml hatch_build.py annotkit/preannotate/_scan.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	ANNOTKIT_REQUIRE_EXT=1 $(BIN)/python -m pip install -q --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Pre-annotate the seeds, evaluate against their gold, write every export.
exports: install
	bash scripts/make-exports.sh exports

# The main job: the exports, then the seeds in a local Label Studio.
run: exports
	$(BIN)/annotkit studio up
	$(BIN)/annotkit push exports/seeds.pre.jsonl --project "$(PROJECT)"
	@echo
	@echo "Open the URL above, log in with the email and password above, and correct"
	@echo "the predictions of project '$(PROJECT)'. Then bring the work back:"
	@echo "  $(BIN)/annotkit pull --project '$(PROJECT)' -o exports/seeds.annotated.jsonl"
	@echo "  $(BIN)/annotkit gold exports/seeds.annotated.jsonl --policy newest -o exports/seeds.final.jsonl"
	@echo "  $(BIN)/annotkit agreement exports/seeds.annotated.jsonl"
	@echo "  $(BIN)/annotkit export exports/seeds.final.jsonl --format tei --corpus -o exports/seeds.final.tei.xml"
	@echo "Stop the server with: $(BIN)/annotkit studio down"

# What the tests need beyond Python packages: Label Studio in its own cached
# virtual environment, and Debian's Chromium for the browser test.
studio-venv: install
	$(BIN)/python -c "from annotkit._cache import cache_dir; from annotkit.studio.server import LABEL_STUDIO_VERSION as v, LocalServer; print(LocalServer(venv=cache_dir() / f'ls-venv-{v}').install())"

browser:
	bash scripts/install-browser.sh

lint: install
	$(BIN)/ruff check annotkit tests examples benchmarks tools

typecheck: install
	$(BIN)/mypy

# The whole suite: lint, types, unit and property tests, the real Label Studio
# and browser tests, the TEI validation against tei_all.rng.
test: lint typecheck studio-venv browser
	$(BIN)/pytest

bench: bench-preannotate bench-export bench-studio

bench-preannotate: install
	ANNOTKIT_REQUIRE_EXT=1 $(BIN)/python -m pip install -q --disable-pip-version-check -e ".[bench]"
	$(BIN)/python benchmarks/bench_preannotate.py

bench-export: install
	$(BIN)/python benchmarks/bench_export.py

bench-studio: studio-venv
	$(BIN)/python benchmarks/bench_studio.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache benchmarks/out build annotkit/preannotate/_scan*.so
