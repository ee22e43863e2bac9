# pcp-warehouse: `make run` sets everything up and refreshes the warehouse from the bundled
# sample; `make test` sets up the dev tools and runs the whole test suite. Both install the
# versions pinned in constraints.txt; `make lock` re-resolves them (the upgrade command).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: setup run test lint bench docs clean lock

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --constraint constraints.txt -e ".[dev]"
	touch $(INSTALLED)

# Resolve every dependency afresh in a clean environment and pin the result (every
# transitive version) in constraints.txt; run the tests, then commit the file.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e ".[dev]"
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^pcp-warehouse' > constraints.txt
	rm -rf .lock-venv

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
	$(BIN)/python bench/bench_measures.py
	$(BIN)/python bench/score_measures.py

clean:
	rm -rf warehouse target logs .pytest_cache .ruff_cache .lock-venv
