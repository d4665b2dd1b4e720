# annotkit: the two commands a newcomer runs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# The main job on the seed texts.
run: install
	$(BIN)/annotkit validate seeds
	$(BIN)/annotkit export seeds --format native -o exports/seeds.jsonl
	$(BIN)/annotkit stats exports/seeds.jsonl

lint: install
	$(BIN)/ruff check annotkit tests examples benchmarks tools

typecheck: install
	$(BIN)/mypy

# The whole suite: lint, types, tests.
test: lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
