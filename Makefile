# How Neural Networks Learn: build and check the book.
#
#   make book        create .venv and node_modules if needed, build the HTML book, print the page to open
#   make test        unit tests, nbval on every notebook, a warnings-as-errors book build, browser checks
#   make lab         JupyterLab on notebooks/
#   make notebooks   re-execute every notebook in place (how committed outputs are made)
#   make bench       the engine's benchmarks
#   make widgets     bundle each chapter's widget.js into widget.bundle.js (esbuild; run by book, notebooks, lab)
#   make publish     build the book and push it to the gh-pages branch of REMOTE (default origin), after make test
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
TEST_STAMP := book/_build/.make-test-passed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: help widgets book test test-unit test-notebooks test-build test-browser lab notebooks bench clean distclean publish

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

# Each chapter's widget (src/nnlearn/chapters/<slug>/widget.js and what it imports: the shared modules in
# src/nnlearn/book/widgets/js, the d3 modules pinned in package-lock.json) bundled by esbuild into one ES
# module, widget.bundle.js, which the widget's Python class loads into anywidget's `_esm`. The bundles are
# committed (readers who install nnlearn from the repository have no Node.js; saved notebooks hold their
# exact text); build.mjs rewrites a bundle only when its bytes change, and `--check` (in test-unit) fails
# when a committed bundle is not what the lockfile builds.
WIDGET_BUILD := src/nnlearn/book/widgets/build.mjs
widgets: $(NODE_STAMP)
	@node $(WIDGET_BUILD)

# Copied into a static folder of the book (not committed), so pages load them from disk and work offline.
# anywidget's front end is the file the installed Python package ships (anywidget/nbextension/index.js, the
# same bytes as anywidget's npm dist/index.js), so it follows the version pinned in requirements.txt; the
# pages find it through a RequireJS path (book/_ext/book_html.py), never on a CDN.
$(OFFLINE_STAMP): $(NODE_STAMP) $(VENV_STAMP) tools/offline_assets.py
	rm -rf $(OFFLINE)
	mkdir -p $(OFFLINE)/html-manager $(OFFLINE)/anywidget
	cp "$$($(BIN)/python -c 'import anywidget, pathlib; print(pathlib.Path(anywidget.__file__).parent / "nbextension" / "index.js")')" $(OFFLINE)/anywidget/index.js
	cp -R node_modules/mathjax/es5 $(OFFLINE)/mathjax
	cp node_modules/mathjax/LICENSE $(OFFLINE)/mathjax/LICENSE
	cp node_modules/requirejs/require.js $(OFFLINE)/require.js
	cp -R node_modules/@jupyter-widgets/html-manager/dist/. $(OFFLINE)/html-manager/
	rm -f $(OFFLINE)/html-manager/*.map $(OFFLINE)/html-manager/embed.js  # the book loads embed-amd.js only
	# MathJax: the book loads tex-mml-chtml.js (CommonHTML output), which loads what else it needs from input/,
	# output/chtml, a11y/, ui/ and sre/; the other combined components and the SVG output are never loaded.
	cd $(OFFLINE)/mathjax && rm -rf mml-chtml.js mml-svg.js tex-chtml.js tex-chtml-full.js tex-chtml-full-speech.js \
	  tex-mml-svg.js tex-svg.js tex-svg-full.js node-main.js output/svg output/svg.js
	$(PYTHON) tools/offline_assets.py $(OFFLINE)  # quiet the widget manager's Ajv; MathJax speech maps as scripts
	@touch $@

# ---------------------------------------------------------------- the book

# Renders the committed notebook outputs; no notebook is executed (nbval in `make test` proves the outputs are current).
book: $(VENV_STAMP) $(OFFLINE_STAMP) widgets
	$(JUPYTER_BOOK) build book/ $(BOOK_FLAGS)
	@echo
	@echo "The book is built. Open this page in a browser:"
	@echo "    file://$(CURDIR)/$(HTML)/index.html"

# ---------------------------------------------------------------- checks (what CI runs)

# Each notebook is executed exactly once here: by nbval, which compares every output with the committed one.
# Every stage runs even when an earlier one fails (with --keep-going the build writes every page even when
# it warns), so one run reports every problem; the summary lists each stage and `make test` fails if any did.
test: $(VENV_STAMP) $(OFFLINE_STAMP)
	@start=$$SECONDS; failed=""; summary=""; \
	tree=$$($(PYTHON) tools/publish.py state); rm -f $(TEST_STAMP); \
	for stage in test-unit test-notebooks test-build test-browser; do \
	  t0=$$SECONDS; \
	  if $(MAKE) --no-print-directory $$stage VENV=$(VENV); then result=passed; else result=FAILED; failed+=" $$stage"; fi; \
	  summary+="    $$stage: $$result in $$((SECONDS - t0)) s"$$'\n'; \
	done; \
	echo; echo "== make test summary ($$((SECONDS - start)) s)"; printf '%s' "$$summary"; \
	if [ -n "$$failed" ]; then echo "== make test: FAILED:$$failed"; exit 1; fi; \
	echo "== make test: all passed"; \
	$(PYTHON) tools/publish.py stamp $(TEST_STAMP) "$$tree"

test-unit: $(VENV_STAMP) $(NODE_STAMP)
	@echo "== unit tests (tests/, without the browser checks), and the committed widget bundles against their sources"
	node $(WIDGET_BUILD) --check
	$(PYTEST) tests --ignore=tests/test_book_html.py --ignore=tests/test_book_links.py --ignore=tests/test_book_widgets_html.py \
	  --ignore=tests/test_widgets_jupyterlab.py

# Under several BLAS settings at once (tools/nbval_blas.py: the default; other OpenBLAS kernels, each with NumPy's
# SIMD loops limited as on a CPU of that generation; one thread), because a saved output must not depend on the
# last bits of floating point.
test-notebooks: $(VENV_STAMP) widgets
	@echo "== nbval, strict, on every notebook and under several BLAS settings: the committed outputs are what the code produces on any machine"
	@if [ -z "$(NOTEBOOKS)" ]; then echo "no notebooks in notebooks/"; exit 1; fi
	PYTHONPATH=tools$${PYTHONPATH:+:$$PYTHONPATH} $(BIN)/python tools/nbval_blas.py -- -p no:cacheprovider \
	  -p nbval_strict --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg $(NOTEBOOKS)

test-build: $(VENV_STAMP) $(OFFLINE_STAMP)
	@echo "== the HTML book, from scratch, warnings as errors"
	$(JUPYTER_BOOK) build book/ --all -n -W --keep-going

test-browser: $(VENV_STAMP)
	@echo "== browser checks on the built book (headless Chromium, network off), and the widgets in JupyterLab 4"
	BOOK_HTML_REQUIRED=1 $(PYTEST) tests/test_book_html.py tests/test_book_links.py tests/test_book_widgets_html.py \
	  tests/test_widgets_jupyterlab.py

# ---------------------------------------------------------------- publishing

# The HTML book on the gh-pages branch of REMOTE (a remote's name or a path to a repository), with .nojekyll.
# Only a clean work tree whose commit `make test` passed on is published (`make test` records it in
# $(TEST_STAMP)). Every page is rewritten (--all), so none keeps the footer of an earlier build; an
# unchanged book adds no commit. `make publish HTML=dir` publishes a built folder as it is (the tests use it).
REMOTE ?= origin
publish:
	@$(PYTHON) tools/publish.py check $(TEST_STAMP)
	@$(if $(filter command line,$(origin HTML)),echo "== publishing $(HTML) as it is (no build)",$(MAKE) --no-print-directory book VENV=$(VENV) BOOK_FLAGS=--all)
	@$(BIN)/python tools/publish.py push $(HTML) $(REMOTE)

# ---------------------------------------------------------------- working on the book

lab: $(VENV_STAMP) widgets
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(ALLOW_ROOT)

notebooks: $(VENV_STAMP) widgets
	$(BIN)/python tools/execute_notebooks.py

bench: $(VENV_STAMP)
	@if [ -f benchmarks/bench.py ]; then $(BIN)/python benchmarks/bench.py; \
	else echo "benchmarks/bench.py does not exist yet"; exit 1; fi

clean:
	rm -rf book/_build $(OFFLINE) .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -not -path './node_modules/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules
