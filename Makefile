# kyodo — make help lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install kyodo with its pinned dependencies

run: install ## load the demo data into the embedded store if empty, then serve
	$(BIN)/kyodo demo load --if-empty
	$(BIN)/kyodo users demo-tokens
	$(BIN)/kyodo serve --host $(HOST) --port $(PORT)

lint: install ## ruff format --check, ruff check, mypy
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint ## lint, then every test (unit, features, integration on SQLite and PostgreSQL)
	$(BIN)/pytest

schema: install ## print the GraphQL schema into graphql/schema.graphql (a test checks it)
	$(BIN)/python -m api.graphql.contract

bench: install ## benchmarks: ratios against a raw-database reference
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean: ## remove .venv and local data
	rm -rf $(VENV) var

.PHONY: help install run lint test bench clean schema
