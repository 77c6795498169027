# make run  — set up a virtualenv, migrate, seed and serve on http://127.0.0.1:8000
# make test — set up, then run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install frontend clean

$(BIN)/catalogue: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(BIN)/catalogue frontend

frontend: node_modules/.package-lock.json

run: install
	CATALOGUE_ENV=$${CATALOGUE_ENV:-development} $(BIN)/catalogue db upgrade
	CATALOGUE_ENV=$${CATALOGUE_ENV:-development} $(BIN)/catalogue seed
	CATALOGUE_ENV=$${CATALOGUE_ENV:-development} $(BIN)/catalogue run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .hypothesis
