# nncourse: two commands on a fresh machine, `make book` and `make test`.
# Everything else is set up here: the virtual environment comes from the pinned
# requirements.txt and is refreshed whenever it or pyproject.toml changes.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
SITE := _build/html
PORT ?= 8000
# Notebooks the book is made of (exercises are generated from solutions/), and
# the Japanese edition's chapters (ja/, written by scripts/i18n.py from the
# English ones: the same code, so test-portability leaves them out).
JA_NOTEBOOKS = $(wildcard ja/book/*.ipynb)
NOTEBOOKS = $(wildcard book/*.ipynb) $(wildcard solutions/*.ipynb) $(JA_NOTEBOOKS)
# Chapter 12 needs the optional frameworks (`make frameworks`). Where they are
# missing, the notebook tests leave it out and say so, instead of failing.
FRAMEWORK_NOTEBOOKS = $(wildcard book/12-*.ipynb) $(wildcard solutions/12-*.ipynb) $(wildcard ja/book/12-*.ipynb)
TESTED_NOTEBOOKS = $$(if $(BIN)/python -c 'import importlib.util as u, sys; \
	sys.exit(not all(u.find_spec(m) for m in ("torch", "keras")))'; \
	then echo $(NOTEBOOKS); else echo $(filter-out $(FRAMEWORK_NOTEBOOKS),$(NOTEBOOKS)); \
	echo "NOTE: chapter 12 skipped: PyTorch and Keras are not installed in $(VENV);" \
	"run 'make frameworks' to test it too." >&2; fi)

# Quiet, non-interactive tools: CI has no terminal.
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

FRAMEWORKS := $(VENV)/.frameworks

.PHONY: help setup frameworks book build serve lab test test-unit test-notebooks test-site test-portability test-compat execute exercises translations ja bench clean

help:
	@echo "make book     set everything up and build the site into $(SITE)"
	@echo "make test     set everything up and run all tests"
	@echo "make serve    serve the built site on http://127.0.0.1:$(PORT)"
	@echo "make lab      open the chapters in JupyterLab"
	@echo "make execute  re-execute every notebook in place (stores widget state)"
	@echo "make exercises  write exercises/ from solutions/ (answers replaced by stubs)"
	@echo "make translations  after changing English text: update locale/ja (changed paragraphs become fuzzy)"
	@echo "make ja       write the Japanese notebooks in ja/ from the English ones and locale/ja"
	@echo "make test-portability  the notebook tests under three processors' floating-point kernels"
	@echo "make test-compat  run every notebook with Colab's versions and with the lowest declared ones"
	@echo "make frameworks  add PyTorch and Keras (CPU) to .venv, for the comparisons and chapter 12"
	@echo "make bench    run the benchmarks (results in bench/results/)"
	@echo "make clean    remove the build and the virtual environment"

$(READY): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "nncourse needs Python 3.10 or newer; found " + sys.version.split()[0] + ". Set PYTHON=/path/to/python3.x")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (nncourse)" > /dev/null
	@touch $@

setup: $(READY)

# Optional frameworks (PyTorch, Keras 3 on its torch backend), pinned apart from the book.
$(FRAMEWORKS): requirements-frameworks.txt $(READY)
	$(BIN)/python -m pip install --quiet -r requirements-frameworks.txt
	@touch $@

frameworks: $(FRAMEWORKS)

# The strict build: any warning, broken reference or missing file fails it.
# English at the site's root, Japanese (日本語版) under ja/, sharing site/.
JA_BUILD := _build/ja
build: $(READY)
	$(BIN)/jupyter-book build . --all -W -n --keep-going --builder html
	$(BIN)/jupyter-book build ja --all -W -n --keep-going --builder html --path-output $(JA_BUILD)
	rm -rf $(SITE)/ja && cp -r $(JA_BUILD)/_build/html $(SITE)/ja

# The Japanese edition: gettext catalogs in locale/ja (Sphinx + sphinx-intl).
translations: $(READY)
	$(BIN)/python scripts/i18n.py update

ja: $(READY)
	$(BIN)/python scripts/i18n.py notebooks

book: build
	@echo
	@echo "The book is built: $(CURDIR)/$(SITE)/index.html"
	@echo "Open that file in a browser, or run 'make serve' and visit http://127.0.0.1:$(PORT)"

serve: $(READY)
	@test -f $(SITE)/index.html || $(MAKE) build
	@echo "Serving $(SITE) on http://127.0.0.1:$(PORT) (Ctrl-C stops it)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory $(SITE)

lab: $(READY)
	$(BIN)/jupyter lab book/

test-unit: $(READY)
	$(BIN)/python -m pytest tests --ignore=tests/site -q

# One notebook per worker (pytest-xdist), one BLAS thread each: the notebooks are
# independent, so two cores run them in about half the time.
NBVAL_JOBS ?= 2
NBVAL = OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest --nbval \
	--nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=600 -q \
	-n $(NBVAL_JOBS) --dist loadfile

test-notebooks: $(READY)
	$(NBVAL) $(TESTED_NOTEBOOKS)

# The same stored notebooks must pass whatever processor runs them. OpenBLAS and
# NumPy choose their SIMD kernels per processor; these settings make one machine
# play others: its own kernels, Sandybridge's (AVX), and Prescott's with NumPy's
# AVX2 group switched off (SSE3 only). The grading truth table runs under one
# of them, so that the checks' and the grader's tolerances are proved too.
# Every profile runs, and the target fails if any failed.
# .ci/run, which has just run `make test`, passes the two other profiles only.
PROFILES ?= "" \
	"OPENBLAS_CORETYPE=Sandybridge" \
	"OPENBLAS_CORETYPE=Prescott NPY_DISABLE_CPU_FEATURES=X86_V3"

test-portability: JA_NOTEBOOKS :=
test-portability: $(READY)
	@failed=""; \
	for profile in $(PROFILES); do \
		echo "== notebooks, profile: $${profile:-default, this machine own kernels}"; \
		env $$profile $(NBVAL) $(TESTED_NOTEBOOKS) || failed="$$failed [$${profile:-default}]"; \
	done; \
	echo "== grading truth table, profile: OPENBLAS_CORETYPE=Sandybridge"; \
	OPENBLAS_CORETYPE=Sandybridge $(BIN)/python -m pytest -q tests/grading/test_truth_table.py \
		|| failed="$$failed [truth table, Sandybridge]"; \
	if [ -n "$$failed" ]; then echo "test-portability FAILED under:$$failed"; exit 1; fi; \
	echo "test-portability: every profile passed."

# Two browsers at once (pytest-xdist): both editions' pages take half the time.
# The JupyterLab test starts a server and a kernel of its own: it runs alone.
test-site: build
	$(BIN)/python -m pytest tests/site -q -rs -n 2 --ignore=tests/site/test_jupyterlab.py
	$(BIN)/python -m pytest tests/site/test_jupyterlab.py -q -rs

test: test-unit test-notebooks test-site
	@echo "All tests passed."

# Slow (two fresh environments): run by hand; the last result is kept in README.md.
test-compat: $(READY)
	$(BIN)/python scripts/compat_run.py

execute: $(READY)
	$(BIN)/python scripts/execute_notebooks.py $(NOTEBOOKS)

# The student versions: answers replaced by stubs, hidden tests and outputs removed.
# tests/grading/test_exercises.py fails when exercises/ differs from what this writes.
exercises: $(READY)
	$(BIN)/python -m nncourse.exercises --solutions solutions --exercises exercises \
		--expected src/nncourse/checks/expected

bench: $(READY)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/mlp.py
	$(BIN)/python bench/cnn.py --threads 1
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/rnn.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/widgets_redraw.py

clean:
	rm -rf _build $(VENV) .hypothesis
