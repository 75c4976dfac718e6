# Two commands: `make run` and `make test`. Everything else they need is installed from here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run run-team test lint bench demo clean-workspace system-deps check-python

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	@touch $@ $(VENV)/.run-deps

system-deps:
	@scripts/ensure_system_deps.sh

run: $(VENV)/.run-deps system-deps
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

run-team: $(VENV)/.run-deps system-deps
	PORT=$(PORT) scripts/run_team.sh

test: $(VENV)/.dev-deps
	@scripts/ensure_system_deps.sh --required
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .

bench: $(VENV)/.dev-deps
	$(BIN)/python -m benchmarks

demo: $(VENV)/.run-deps
	$(BIN)/python sample_data/generate.py

clean-workspace:
	rm -f workspace/crm.duckdb workspace/crm.duckdb.wal
