# Portal: every command a developer needs. `make test` and `make run` set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STAGE ?= dev
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

.PHONY: test lint typecheck pytest clean run openapi

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

pytest: $(STAMP)
	$(BIN)/pytest -n 2 -q

test: lint typecheck pytest

# The local portal in the foreground (docs/local-portal.md): PORTAL_PORT (default 8000) for the
# API, PORTAL_AWS_PORT for moto (default: a free port). Ctrl-C or SIGTERM stops it and all it ran.
run: $(STAMP)
	exec $(BIN)/python -m local

# docs/openapi.json from the API functions' resolvers; a test fails when the two drift.
openapi: $(STAMP)
	$(BIN)/python scripts/generate_openapi.py

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) cdk.out .pytest_cache .mypy_cache .ruff_cache
