# qiteach — the README's two commands: `make demo` and `make test`.
# Each creates .venv if needed and installs the package into it.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench notebooks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PY) -m pip install -qq -e ".[test,lab]"
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m qiteach.demo

test: $(STAMP)
	bash tools/ensure_chromium.sh
	$(PY) -m ruff check qiteach tests benchmarks datasets tools
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check qiteach tests benchmarks datasets tools
	$(PY) -m ruff format --check qiteach tests benchmarks datasets tools

notebooks: $(STAMP)
	$(PY) -m qiteach notebooks build

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf build $(VENV)
