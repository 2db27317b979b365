# How Neural Networks Learn: build and check the book.
#
#   make book        create .venv and node_modules if needed, build the HTML book, print the page to open
#   make test        unit tests, nbval on every notebook, a warnings-as-errors book build, browser checks
#   make lab         JupyterLab on notebooks/
#   make notebooks   re-execute every notebook in place (how committed outputs are made)
#   make bench       the engine's benchmarks
#   make clean       remove what the build made (keeps .venv and node_modules); make distclean removes those too
#
# VENV=/some/dir uses another virtual environment (e.g. to prove a fresh one installs: make VENV=/tmp/venv-ci test).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider
JUPYTER_BOOK := $(BIN)/jupyter-book
VENV_STAMP := $(VENV)/.make-installed
NODE_STAMP := node_modules/.make-installed
OFFLINE := book/_assets/offline
OFFLINE_STAMP := $(OFFLINE)/.make-copied
HTML := book/_build/html
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: help book test test-unit test-notebooks test-build test-browser lab notebooks bench clean distclean

help:
	@grep '^#   make' Makefile | sed 's/^#//'

# ---------------------------------------------------------------- environments

# The virtual environment: (re)installed only when it is missing or requirements.txt / pyproject.toml changed.
$(VENV_STAMP): requirements.txt pyproject.toml
	@[ -x $(BIN)/python ] || { echo "== creating $(VENV)"; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -qq -r requirements.txt
	$(BIN)/python -m pip install -qq --no-deps -e .
	@touch $@

# The book's JavaScript (MathJax, require.js, the widget manager), at the versions pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# Copied into a static folder of the book (not committed), so pages load them from disk and work offline.
$(OFFLINE_STAMP): $(NODE_STAMP)
	rm -rf $(OFFLINE)
	mkdir -p $(OFFLINE)/html-manager
	cp -R node_modules/mathjax/es5 $(OFFLINE)/mathjax
	cp node_modules/mathjax/LICENSE $(OFFLINE)/mathjax/LICENSE
	cp node_modules/requirejs/require.js $(OFFLINE)/require.js
	cp -R node_modules/@jupyter-widgets/html-manager/dist/. $(OFFLINE)/html-manager/
	rm -f $(OFFLINE)/html-manager/*.map
	@touch $@

# ---------------------------------------------------------------- the book

# Renders the committed notebook outputs; no notebook is executed (nbval in `make test` proves the outputs are current).
book: $(VENV_STAMP) $(OFFLINE_STAMP)
	$(JUPYTER_BOOK) build book/
	@echo
	@echo "The book is built. Open this page in a browser:"
	@echo "    file://$(CURDIR)/$(HTML)/index.html"

# ---------------------------------------------------------------- checks (what CI runs)

# Each notebook is executed exactly once here: by nbval, which compares every output with the committed one.
# Every stage runs even when an earlier one fails (with --keep-going the build writes every page even when
# it warns), so one run reports every problem; the summary lists each stage and `make test` fails if any did.
test: $(VENV_STAMP) $(OFFLINE_STAMP)
	@start=$$SECONDS; failed=""; summary=""; \
	for stage in test-unit test-notebooks test-build test-browser; do \
	  t0=$$SECONDS; \
	  if $(MAKE) --no-print-directory $$stage VENV=$(VENV); then result=passed; else result=FAILED; failed+=" $$stage"; fi; \
	  summary+="    $$stage: $$result in $$((SECONDS - t0)) s"$$'\n'; \
	done; \
	echo; echo "== make test summary ($$((SECONDS - start)) s)"; printf '%s' "$$summary"; \
	if [ -n "$$failed" ]; then echo "== make test: FAILED:$$failed"; exit 1; fi; \
	echo "== make test: all passed"

test-unit: $(VENV_STAMP)
	@echo "== unit tests (tests/, without the browser checks)"
	$(PYTEST) tests --ignore=tests/test_book_html.py

test-notebooks: $(VENV_STAMP)
	@echo "== nbval, strict, on every notebook: the committed outputs are what the code produces"
	@if [ -z "$(NOTEBOOKS)" ]; then echo "no notebooks in notebooks/"; exit 1; fi
	PYTHONPATH=tools$${PYTHONPATH:+:$$PYTHONPATH} $(PYTEST) -p nbval_strict --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg $(NOTEBOOKS)

test-build: $(VENV_STAMP) $(OFFLINE_STAMP)
	@echo "== the HTML book, from scratch, warnings as errors"
	$(JUPYTER_BOOK) build book/ --all -n -W --keep-going

test-browser: $(VENV_STAMP)
	@echo "== browser checks on the built book (headless Chromium, network off)"
	BOOK_HTML_REQUIRED=1 $(PYTEST) tests/test_book_html.py

# ---------------------------------------------------------------- working on the book

lab: $(VENV_STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(ALLOW_ROOT)

notebooks: $(VENV_STAMP)
	$(BIN)/python tools/execute_notebooks.py

bench: $(VENV_STAMP)
	@if [ -f benchmarks/bench.py ]; then $(BIN)/python benchmarks/bench.py; \
	else echo "benchmarks/bench.py does not exist yet"; exit 1; fi

clean:
	rm -rf book/_build $(OFFLINE) .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -not -path './node_modules/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules
