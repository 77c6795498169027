# make run  — set up a virtualenv, migrate, seed and serve on http://127.0.0.1:8000
# make test — set up, then run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
VENDORED := catalogue/static/vendor/.vendored

.PHONY: run test install frontend lint format lock wheel clean

# Dependencies come from the hash-pinned lock file; the project itself is installed editable.
$(BIN)/catalogue: pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The front-end files the app serves, copied from node_modules into the package.
$(VENDORED): node_modules/.package-lock.json scripts/vendor-assets.mjs
	npm run --silent vendor
	@touch $@

install: $(BIN)/catalogue frontend

frontend: $(VENDORED)

run: install
	CATALOGUE_ENV=$${CATALOGUE_ENV:-development} $(BIN)/catalogue db upgrade
	CATALOGUE_ENV=$${CATALOGUE_ENV:-development} $(BIN)/catalogue seed
	CATALOGUE_ENV=$${CATALOGUE_ENV:-development} $(BIN)/catalogue run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate both lock files after changing dependencies in pyproject.toml.
lock: install
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 \
	  --quiet --custom-compile-command "make lock" -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.11 \
	  --quiet --custom-compile-command "make lock" -o requirements-dev.lock

# A wheel with templates, static and vendored files inside (dist/).
wheel: install
	$(BIN)/pip wheel --quiet --no-deps -w dist .

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .hypothesis dist catalogue/static/vendor
