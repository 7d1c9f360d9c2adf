# Manara: `make run` to try it, `make test` to test it. Both start with `make install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: install run test test-fast lint lint-deploy format bench stack-check loadtest messages clean

install: $(VENV)/.installed node_modules/.installed
	@$(MANAGE) compile_translations

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo "Manara is at http://$(HOST):$(PORT)/ (Arabic; the switcher on every page changes language)."
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The edit-test loop: everything but the browser tests and the tests that start a Celery worker.
test-fast: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not e2e and not worker" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	@$(MAKE) --no-print-directory lint-deploy

# The deployment files, with the tools that run without Docker: hadolint (from PyPI) for the
# Dockerfile, and compose.yaml against the Compose specification's JSON schema.
lint-deploy: install
	$(BIN)/hadolint Dockerfile
	$(BIN)/check-jsonschema --builtin-schema vendor.compose-spec compose.yaml

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(PY) -m bench $(if $(NAME),--name $(NAME),)

# The production topology on this machine, without containers: a fresh PostgreSQL database,
# its own redis-server, an S3-compatible moto server, two gunicorn processes, a Celery worker
# and beat, and a smoke test across them (stackcheck/). Stops all it started; needs
# PostgreSQL on 127.0.0.1:5432 (STACK_POSTGRES to point elsewhere) and redis-server.
stack-check: install
	$(PY) -m stackcheck

# The season-peak load test (loadtest/): the same topology, 2,000 volunteers signed in and
# reading at a person's pace, driven by locust; one JSON line per figure, non-zero on any
# error or a page's 95th percentile over 500 ms. LOADTEST_ARGS="--users 200" for a smaller one.
loadtest: install
	$(PY) -m loadtest $(LOADTEST_ARGS)

# Extract the project's strings into the six .po files (needs GNU gettext's xgettext).
messages: install
	$(MANAGE) makemessages --no-obsolete -l ar -l en -l ur -l tr -l ms -l ha --ignore 'node_modules/*' --ignore '.venv/*' --ignore 'staticfiles/*'

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 media
