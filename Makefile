# qiteach — the README's two commands: `make demo` and `make test`.
# Each creates .venv if needed and installs the package into it.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The cohort hub (qiteach hub): user servers and the saving service run as unprivileged
# system users, so they get their own venv from Debian's Python (readable by every user;
# a pyenv Python under /root is not), and JupyterHub's proxy comes from the npm registry,
# pinned by tools/hub-proxy/package-lock.json.
HUB_PYTHON ?= /usr/bin/python3
HUB_VENV   := build/hub-venv
HUB_STAMP  := $(HUB_VENV)/.installed
HUB_PROXY  := build/hub-proxy/node_modules/.bin/configurable-http-proxy
# `qiteach notebooks slides` copies reveal.js (pinned by tools/slides/package-lock.json) beside
# the decks so they run with no network; this is the file it checks for.
REVEAL     := build/slides-npm/node_modules/reveal.js/dist/reveal.js
# Each venv's kernel config (IPython extensions every kernel loads: qiteach/hub/kernel_setup.py),
# rewritten whenever that file changes, without reinstalling.
KCONF      := $(VENV)/etc/ipython/ipython_kernel_config.py
HUB_KCONF  := $(HUB_VENV)/etc/ipython/ipython_kernel_config.py

.PHONY: demo test fast bench-fast bench-pdf lint bench peers notebooks lock clean hub slides-npm

# constraints.txt pins every package to the versions the suite last passed with, so a
# new release upstream cannot turn a fresh clone red; `make lock` refreshes it.
$(STAMP): pyproject.toml setup.py constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PY) -m pip install -qq -c constraints.txt -e ".[test,lab,hub]"
	touch $(STAMP)

$(KCONF): $(STAMP) qiteach/hub/kernel_setup.py
	$(PY) -m qiteach.hub.kernel_setup

$(HUB_STAMP): pyproject.toml constraints.txt
	bash tools/ensure_hub_python.sh $(HUB_PYTHON)
	$(HUB_PYTHON) -m venv $(HUB_VENV)
	$(HUB_VENV)/bin/python -m pip install -qq --upgrade pip
	@# Debian 12's Python is 3.11.2 and soupsieve 4.x needs 3.11.5: the same pins, soupsieve 2.8
	grep -v '^soupsieve==' constraints.txt > build/hub-constraints.txt
	echo 'soupsieve==2.8' >> build/hub-constraints.txt
	$(HUB_VENV)/bin/python -m pip install -qq -c build/hub-constraints.txt -e ".[lab,hub]"
	touch $(HUB_STAMP)

$(HUB_KCONF): $(HUB_STAMP) qiteach/hub/kernel_setup.py
	$(HUB_VENV)/bin/python -m qiteach.hub.kernel_setup

$(HUB_PROXY): tools/hub-proxy/package.json tools/hub-proxy/package-lock.json
	mkdir -p build/hub-proxy
	cp tools/hub-proxy/package.json tools/hub-proxy/package-lock.json build/hub-proxy/
	npm ci --prefix build/hub-proxy --no-audit --no-fund --loglevel=error
	touch $(HUB_PROXY)

$(REVEAL): tools/slides/package.json tools/slides/package-lock.json
	mkdir -p build/slides-npm
	cp tools/slides/package.json tools/slides/package-lock.json build/slides-npm/
	npm ci --prefix build/slides-npm --no-audit --no-fund --loglevel=error
	touch $(REVEAL)

slides-npm: $(REVEAL)

hub: $(STAMP) $(KCONF) $(HUB_STAMP) $(HUB_KCONF) $(HUB_PROXY)

demo: $(STAMP) hub $(REVEAL)
	$(PY) -m qiteach.demo

test: $(STAMP) hub $(REVEAL)
	bash tools/ensure_chromium.sh
	$(PY) -m ruff check qiteach tests benchmarks datasets tools
	$(PY) -m mypy
	$(PY) -m pytest -q

# The fast lane: everything not marked slow (no notebooks, papermill, report runs, browsers,
# hub processes or wheel build), on both cores with pytest-xdist; worksteal keeps both busy
# to the end (7 Dec, load 2.8: 185 s wall against 232 s with the default --dist load).
fast: $(STAMP) $(KCONF)
	$(PY) -m pytest -q -n 2 --dist worksteal -m "not slow"

# The fast lane's figure (issue 11): wall, user/system CPU seconds, load and the costliest files.
bench-fast: $(STAMP)
	$(PY) benchmarks/bench_fastlane.py

# Issue 15's figure: the collaborative's 85 reports with and without --pdf, 3 times,
# interleaved; the last two lines say what the PDFs add (whole runs and measured directly).
bench-pdf: $(STAMP)
	$(PY) benchmarks/bench_pdf.py --repeats 3

lint: $(STAMP)
	$(PY) -m ruff check qiteach tests benchmarks datasets tools
	$(PY) -m ruff format --check qiteach tests benchmarks datasets tools
	$(PY) -m mypy

notebooks: $(STAMP)
	$(PY) -m qiteach notebooks build

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

# The Python peers bench_startup.py measures qiteach against, in their own venv, with this
# checkout pip-installed beside them as a user gets it (chart --json is compared from there).
peers:
	python3 -m venv build/peers
	build/peers/bin/python -m pip install -q clinical-qikit pyqicharts
	build/peers/bin/python -m pip install -q -c constraints.txt .

# pip-compile (pip-tools) resolves pyproject.toml's ranges to the newest releases and
# writes each pin with a "# via" note naming what needs it.
PIP_TOOLS := pip-tools==7.7.0
LOCK_FLAGS := --strip-extras --no-emit-index-url --no-emit-find-links --extra test --extra lab --extra hub

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
