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
	@# The distribution was called `kyodo` before it became `kyodo-ledger` (a name another
	@# project holds on the public index): an old install of it goes first.
	$(BIN)/pip uninstall --quiet --yes kyodo 2>/dev/null || true
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install kyodo with its pinned dependencies

run: install ## load the demo data into the embedded store if empty, then serve
	$(BIN)/kyodo demo load --if-empty
	$(BIN)/kyodo users demo-tokens
	$(BIN)/kyodo serve --host $(HOST) --port $(PORT)

shell: install ## a shell with .venv activated: kyodo is on the PATH (exit leaves it)
	@echo "kyodo is on the PATH in this shell; exit leaves it"
	@VIRTUAL_ENV="$(CURDIR)/$(VENV)" PATH="$(CURDIR)/$(BIN):$$PATH" bash -i

lint: install ## ruff format --check, ruff check, mypy
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint ## lint, then every test (unit, features, integration on SQLite and PostgreSQL)
	$(BIN)/pytest -n 2

schema: install ## print the GraphQL schema into graphql/schema.graphql (a test checks it)
	$(BIN)/python -m api.graphql.contract

BENCH_QUICK := \
	"commands.py --cases 300 --seconds 3 --rounds 2" \
	"http_mutation.py --cases 200 --seconds 3 --rounds 1" \
	"http_reads.py --cases 2000 --seconds 5 --rounds 2" \
	"case_list_scale.py --cases 10000 --repeat 30" \
	"live_lag.py --commands 100 --rate 15" \
	"projection_rounds.py --notes 200 --rounds 2" \
	"cli_case_show.py --rounds 10" \
	"idle_load.py --cases 200 --seconds 30"
BENCH_FULL := \
	"commands.py --cases 2000 --seconds 5 --rounds 3" \
	"http_mutation.py --cases 2000 --seconds 5 --rounds 2" \
	"http_reads.py --cases 100000 --seconds 20 --rounds 2" \
	"case_list_scale.py --cases 100000 --repeat 100" \
	"live_lag.py --commands 300 --rate 15" \
	"projection_rounds.py --notes 1000 --rounds 2" \
	"cli_case_show.py --rounds 20" \
	"idle_load.py --cases 2000 --seconds 60"
BENCH_OTHERS := library_search.py projections_catch_up.py rebuild_together.py replay.py search.py read_instructions.py roster_import.py

bench: install ## benchmarks against raw references, ratios in bench/results/ (~10 min)
	@cd bench && for run in $(BENCH_QUICK); do echo "== bench/$$run"; ../$(BIN)/python $$run || exit 1; done

bench-full: install ## the same at 100,000 generated cases (about an hour)
	@cd bench && for run in $(BENCH_FULL); do echo "== bench/$$run"; ../$(BIN)/python $$run || exit 1; done

bench-others: install ## the other benchmarks in bench/ (library search, catch-up, replay, search, instructions per read: valgrind, a roster import)
	@for script in $(BENCH_OTHERS); do echo "== bench/$$script"; $(BIN)/python bench/$$script || exit 1; done

clean: ## remove .venv and local data
	rm -rf $(VENV) var

.PHONY: help install run shell lint test bench bench-full bench-others clean schema
