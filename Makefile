# todo-orchestrator: `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

UV_VERSION ?= 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PROJECT_ENVIRONMENT := .venv

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

.PHONY: install
install: $(UV) ## Create .venv with the locked dependencies and the `orchestrator` script
	$(UV) sync --frozen

.PHONY: lock
lock: $(UV) ## Update uv.lock after changing pyproject.toml
	$(UV) lock

.PHONY: run
run: install ## The chat server and page on embedded defaults (SQLite, offline model)
	.venv/bin/orchestrator serve

.PHONY: test
test: install ## Run everything CI runs: lint, the test suite (PostgreSQL, Chromium) and the evaluations
	bash scripts/ensure-chromium.sh >/dev/null
	$(MAKE) --no-print-directory lint
	.venv/bin/pytest --cov --cov-report=
	@printf 'coverage: %s%% of the product lines\n' "$$(.venv/bin/coverage report --format=total)"
	$(MAKE) --no-print-directory eval

.PHONY: test-unit
test-unit: install ## The unit tests alone: no network beyond loopback, 30 s at most a test
	.venv/bin/pytest tests/unit --allow-hosts=127.0.0.1,::1 --timeout 30

# The shared development set (beside the repo) when present, and the project's own cases.
EVALS ?= $(wildcard ../shared/evals/dev.jsonl ../shared/evals/understanding.jsonl) tests/evals/variety.jsonl

.PHONY: eval
eval: install ## Run the conversation cases with the offline model
	@for file in $(EVALS); do \
		echo "== $$file"; \
		DATA_DIR=$$(mktemp -d) .venv/bin/orchestrator eval $$file || exit 1; \
	done

.PHONY: lint
lint: install ## ruff format check, ruff lint and mypy
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .
	.venv/bin/mypy

.PHONY: format
format: install ## Format and auto-fix
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

FUZZ_EXAMPLES ?= 50
FUZZ_SEED ?=

.PHONY: fuzz
fuzz: install ## Fuzz the chat server from its OpenAPI schema (schemathesis); fails on any 5xx
	.venv/bin/python -m tests.support.fuzz --max-examples $(FUZZ_EXAMPLES) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

.PHONY: bench
bench: install ## Run the benchmarks and print their figures
	.venv/bin/python -m benchmarks.cli_startup
	.venv/bin/python -m benchmarks.mcp_calls
	.venv/bin/python -m benchmarks.turns
	.venv/bin/python -m benchmarks.mcp_sessions
	.venv/bin/python -m benchmarks.server
	.venv/bin/python -m benchmarks.hanging_model
	.venv/bin/python -m benchmarks.saver_lock
	.venv/bin/python -m benchmarks.checkpoint_bytes
	.venv/bin/python -m benchmarks.workers

.PHONY: nlu-model
nlu-model: install ## Retrain the offline model's intent classifier and tagger from chatmodels/nlu/learned/corpus.tsv
	.venv/bin/python -m chatmodels.nlu.learned.train
