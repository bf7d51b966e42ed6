# Ihya — the two commands of the README are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export IHYA_HOME ?= $(CURDIR)/var
# every core; the browser tests share one served app on one worker (xdist_group "e2e")
PYTEST_PARALLEL ?= -n auto --dist loadgroup

.PHONY: demo test test-fast test-postgres install lint format messages docs bench clean

$(BIN)/ihya: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/ihya
	./scripts/ensure-reports.sh
	$(BIN)/python -m ihya.i18n compile

## Set up, create the SQLite database, load the demo registry, then serve the app on
## http://127.0.0.1:8000 with one demo user per role (passwords printed at start).
demo: install
	$(BIN)/ihya db upgrade
	$(BIN)/ihya demo load
	$(BIN)/ihya factories summary --lang en
	$(BIN)/ihya demo users
	$(BIN)/ihya serve

## Set up and run every test (lint, unit, database on SQLite, browser in Chromium).
test: install
	./scripts/ensure-chromium.sh
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m ihya.i18n check
	$(BIN)/pytest -q $(PYTEST_PARALLEL)

## The database tests against PostgreSQL on 127.0.0.1:5432 (a fresh database per run); the pure
## core's tests need no database and ran with `make test`.
test-postgres: install
	./scripts/test-postgres.sh $(PYTEST_PARALLEL) -m "not core"

## The inner loop: everything but the browser and the slow tests.
test-fast: install
	$(BIN)/pytest -q -m "not e2e and not slow" $(PYTEST_PARALLEL)

lint: install
	$(BIN)/ruff check src tests benchmarks

format: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## Re-extract translatable strings into the .po catalogs (needs GNU gettext).
messages: install
	cd src/ihya && ../../$(BIN)/django-admin makemessages -l ar -l en --no-obsolete --settings=ihya.settings

docs: install
	$(BIN)/ihya docs import-format > docs/import-format.md

bench: install
	$(BIN)/python benchmarks/import_factories.py --rows 100000 --format csv
	$(BIN)/python benchmarks/import_factories.py --rows 100000 --format xlsx
	$(BIN)/python benchmarks/trade_complexity.py --countries 200 --products 5000
	$(BIN)/python benchmarks/trade_scale.py --rows 10000000 --years 25
	$(BIN)/python benchmarks/linkages_scale.py --sectors 2000
	$(BIN)/python benchmarks/priority_smaa.py --alternatives 5000 --criteria 10 --samples 10000
	$(BIN)/python benchmarks/portfolio_solve.py --factories 5000 --requirements 12000 --gap 1e-4
	$(BIN)/python benchmarks/plan_psplib.py --set j30 --time-limit 10
	$(BIN)/python benchmarks/plan_psplib.py --set j60 --time-limit 30

clean:
	rm -rf $(VENV) var .pytest_cache
