# Two commands: `make run` (set up and serve the app) and `make test` (set up and run every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# apt-get needs root; use sudo when we are not root and it exists.
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

.PHONY: run test lint setup setup-test browser redis benchmark test-latest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@

setup: $(VENV)/.runtime
setup-test: $(VENV)/.test

# Browser tests drive Debian's Chromium through ChromeDriver (headless).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver)

# The scale-out tests (tests/test_scaleout.py) start Debian's redis-server on a free loopback port.
redis:
	@command -v redis-server >/dev/null || \
	  ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server)

run: setup
	$(BIN)/python -m dashboard $(ARGS)

# Lint and type checks first (seconds), then every test.
lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup-test browser redis lint
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest

# The suite against the newest Dash release, in a virtualenv of its own (.venv-latest): an upgrade that
# breaks the app shows here first. CI (.ci/run) keeps the pinned versions, so its result never depends
# on an upstream release.
LATEST := .venv-latest
test-latest: browser redis
	[ -x $(LATEST)/bin/python ] || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install -q --upgrade pip
	$(LATEST)/bin/pip install -q -r requirements-test.txt
	$(LATEST)/bin/pip install -q --upgrade "dash[testing]" dash-bootstrap-components dash-ag-grid plotly
	$(LATEST)/bin/pip list 2>/dev/null | grep -iE "^(dash|plotly)[ -]"
	$(LATEST)/bin/python -m pytest

benchmark: setup-test
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(LATEST) .pytest_cache .hypothesis .mypy_cache .ruff_cache
