# `make test` and `make play` bootstrap .venv on first use, and again whenever
# pyproject.toml changes, so a fresh clone needs nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# mkdocs-material prints a banner about its successor on every build; the build is the same.
MKDOCS := NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs
# `make test` builds the site here only to check it (strict: no broken link), then removes it.
DOCS_CHECK := $(VENV)/docs-check

.PHONY: test play lint typecheck bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	# An editable install compiles nothing: compile the toolkit's bytecode now, so the
	# first `campaign play` starts as fast as the next (bench/startup.py).
	$(BIN)/python -m compileall -q campaign
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/python -m ruff check campaign tests bench
	$(BIN)/python -m mypy
	$(MKDOCS) build --strict --site-dir $(DOCS_CHECK)
	rm -rf $(DOCS_CHECK)

play: $(STAMP)
	$(BIN)/campaign play living-daylights

# The documentation site (mkdocs.yml): pages from docs/, built into site/.
docs: $(STAMP)
	$(MKDOCS) build --strict --site-dir site

bench: $(STAMP)
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache site
