# qiteach — the README's two commands: `make demo` and `make test`.
# Each creates .venv if needed and installs the package into it.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench notebooks lock clean

# constraints.txt pins every package to the versions the suite last passed with, so a
# new release upstream cannot turn a fresh clone red; `make lock` refreshes it.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PY) -m pip install -qq -c constraints.txt -e ".[test,lab]"
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m qiteach.demo

test: $(STAMP)
	bash tools/ensure_chromium.sh
	$(PY) -m ruff check qiteach tests benchmarks datasets tools
	$(PY) -m mypy
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check qiteach tests benchmarks datasets tools
	$(PY) -m ruff format --check qiteach tests benchmarks datasets tools
	$(PY) -m mypy

notebooks: $(STAMP)
	$(PY) -m qiteach notebooks build

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

lock:
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install -qq --upgrade pip
	build/lock-venv/bin/python -m pip install -qq -e ".[test,lab]"
	{ sed -n '1,2p' constraints.txt; build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^qiteach'; } > build/constraints.txt
	mv build/constraints.txt constraints.txt
	rm -rf build/lock-venv
	@echo "constraints.txt refreshed: run make test before committing it"

clean:
	rm -rf build $(VENV)
