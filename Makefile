# Two commands, on a fresh machine:
#   make book   - set up .venv, build the book, print where the HTML is
#   make test   - set up .venv with the test tools, run the whole test suite (what CI runs)
#   make test-fast - unit tests and the hostile-input table only: no notebook, no browser (<30 s)
# Both create the virtual environment on first use; later runs reuse it.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
BOOK_STAMP := $(VENV)/.book-installed
TEST_STAMP := $(VENV)/.test-installed
# -W: warnings are errors; -n: nitpicky, broken references fail; --keep-going: report them all.
BOOK_FLAGS ?= -W -n --keep-going
# `make book BOOK_LANGUAGES=fr` builds one language (the flags are ogp_curriculum.book's).
BOOK_LANGUAGES ?= en fr es
# Three workers on CI's two cores: browser tests spend much of their time waiting on pages
# (chart drawing, servers starting), and a third worker fills those waits. tests/conftest.py
# gives xdist its units of work: a file (its module fixtures, such as a page server, are shared),
# or one page of test_every_page.py; heavy units first.
PYTEST_ARGS ?= -n 3
# The fast tier is CPU-bound (no page waits): one worker per core.
FAST_PYTEST_ARGS ?= -n 2

# The fast tier: everything without a slow mark (markers are declared in pyproject.toml).
FAST_MARKS ?= not (book or notebooks or browser or slow)

.PHONY: book test test-fast lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(BOOK_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(TEST_STAMP): requirements-test.txt $(BOOK_STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

book: $(BOOK_STAMP)
	@# The site's pinned JavaScript, fetched by Python (no npm); offline it fails in one line.
	$(BIN)/python -m ogp_curriculum.site
	@# English, French, Spanish: one strict build each (ogp_curriculum.book), one site folder.
	$(BIN)/python -m ogp_curriculum.book $(BOOK_LANGUAGES)
	@echo "The book is at $(CURDIR)/_build/html/index.html (fr/ and es/ inside it)"

test: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest $(FAST_PYTEST_ARGS) -m "$(FAST_MARKS)"

# Also run by `make test` (tests/test_lint.py); config in pyproject.toml [tool.mypy].
typecheck: $(TEST_STAMP)
	$(BIN)/mypy

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf _build

# The hub test's proxy (tests/hub): configurable-http-proxy from npm, kept inside the venv.
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy
$(CHP):
	npm install --prefix $(VENV)/node --no-audit --no-fund --silent configurable-http-proxy@4
$(TEST_STAMP): | $(CHP)
