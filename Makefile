# pcp-warehouse: `make run` sets everything up and refreshes the warehouse from the bundled
# sample; `make test` sets up the dev tools and runs the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: setup run test lint bench docs clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

setup: $(INSTALLED)

run: setup
	$(BIN)/pcp refresh

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python bench/bench_extract.py

clean:
	rm -rf warehouse target logs .pytest_cache .ruff_cache
