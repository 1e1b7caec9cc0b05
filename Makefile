# qiteach — the README's two commands: `make demo` and `make test`.
# Each creates .venv if needed and installs the package into it.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench notebooks lock clean

# constraints.txt pins every package to the versions the suite last passed with, so a
# new release upstream cannot turn a fresh clone red; `make lock` refreshes it.
$(STAMP): pyproject.toml setup.py constraints.txt
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

# pip-compile (pip-tools) resolves pyproject.toml's ranges to the newest releases and
# writes each pin with a "# via" note naming what needs it.
PIP_TOOLS := pip-tools==7.7.0
LOCK_FLAGS := --strip-extras --no-emit-index-url --no-emit-find-links --extra test --extra lab

lock:
	rm -rf build/lock-venv
	mkdir -p build
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install -qq --upgrade pip
	build/lock-venv/bin/python -m pip install -qq $(PIP_TOOLS)
	CUSTOM_COMPILE_COMMAND="make lock" build/lock-venv/bin/pip-compile -q --upgrade $(LOCK_FLAGS) \
		--output-file build/constraints.txt pyproject.toml
	{ sed -n '1,2p' constraints.txt; cat build/constraints.txt; } > build/constraints.new
	mv build/constraints.new constraints.txt
	rm -rf build/lock-venv build/constraints.txt
	@echo "constraints.txt refreshed: run make test before committing it"

clean:
	rm -rf build $(VENV)
