# grantmatch: `make run` serves the app, `make test` runs every test. Both set up .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
MO := grantmatch/web/translations/nb/LC_MESSAGES/messages.mo
PO := grantmatch/web/translations/nb/LC_MESSAGES/messages.po
AXE := node_modules/axe-core/axe.min.js

.PHONY: run test install install-test translations extract-messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations $(AXE)

## axe-core (pinned in package-lock.json) for the accessibility checks in tests/browser/; needs npm.
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility tests will skip (and fail under CI)"; fi

$(MO): $(PO) $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d grantmatch/web/translations -D messages

translations: $(MO)

## Serve the app on http://$(HOST):$(PORT)/ with the embedded SQLite database (seeded on first start).
run: install
	GRANTMATCH_DEBUG=$${GRANTMATCH_DEBUG:-1} $(BIN)/grantmatch serve --host $(HOST) --port $(PORT)

## Run the whole test suite (PostgreSQL tests run when GRANTMATCH_TEST_DATABASE_URL is set).
test: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

## Re-extract UI strings after changing templates or code (then translate the .po file).
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o grantmatch/web/translations/messages.pot .
	$(BIN)/pybabel update -i grantmatch/web/translations/messages.pot -d grantmatch/web/translations -D messages --no-fuzzy-matching

bench: install-test
	$(BIN)/python bench/bench_matcher.py --sizes 1000,10000

clean:
	rm -rf $(VENV) instance .pytest_cache
