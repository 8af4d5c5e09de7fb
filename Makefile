# Gugus: two commands on a fresh machine — `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install demo test test-browser lint lock bench messages clean

install: $(STAMP)

$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv
	# uv installs the locked set quickly; plain pip is the fallback.
	$(BIN)/uv pip install --python $(BIN)/python -q -r requirements-dev.lock \
	  || $(BIN)/python -m pip install -q -r requirements-dev.lock
	$(BIN)/uv pip install --python $(BIN)/python -q --no-deps -e . \
	  || $(BIN)/python -m pip install -q --no-deps -e .
	# bytecode compiled once here: with PYTHONDONTWRITEBYTECODE set, every start (and every
	# worker of the linkage engine) would otherwise compile pandas, DuckDB and Splink again
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null || true
	rm -f $(VENV)/.installed-*
	touch $@

demo: install
	GUGUS_ENV=demo $(BIN)/gugus demo --worker

# PYTEST_ARGS narrows a run (CI runs the browser tests once, on SQLite).
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

test-browser: install
	GUGUS_REQUIRE_BROWSER=1 $(BIN)/pytest -m browser tests/browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r gugus -ll -x "*/tests/*,gugus/fixtures.py"
	GUGUS_ENV=test DJANGO_SETTINGS_MODULE=gugus.settings $(BIN)/python -m django makemigrations --check --dry-run

# Lock files pinned with hashes: `make lock` after a change to pyproject.toml.
lock:
	$(BIN)/uv pip compile -q --generate-hashes pyproject.toml --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile -q --generate-hashes pyproject.toml --extra dev --python-version 3.11 -o requirements-dev.lock

bench: install
	$(BIN)/python -m bench

messages: install
	cd gugus && GUGUS_ENV=test DJANGO_SETTINGS_MODULE=gugus.settings ../$(BIN)/python -m django makemessages -l id -l en --no-obsolete
	cd gugus && GUGUS_ENV=test DJANGO_SETTINGS_MODULE=gugus.settings ../$(BIN)/python -m django compilemessages

clean:
	rm -rf $(VENV) var
