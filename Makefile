# OnMessage: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

export ONMESSAGE_DATA_DIR ?= data

.PHONY: run test lint install install-dev ralph bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Re-install only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed

# A real xAPI LRS (Ralph) for the learning-record tests. Ralph pins an older FastAPI than
# ours, so it lives in its own virtualenv; if it cannot be installed those tests skip.
RALPH_VENV ?= .venv-ralph
$(RALPH_VENV)/.installed:
	$(PYTHON) -m venv $(RALPH_VENV)
	$(RALPH_VENV)/bin/python -m pip install -q 'ralph-malph[backend-fs,lrs,cli]>=5,<6' requests
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
ralph:
	-@$(MAKE) --no-print-directory $(RALPH_VENV)/.installed || \
	  echo "Ralph could not be installed; the LRS tests will be skipped."

run: install
	$(BIN)/onmessage migrate
	ONMESSAGE_DEMO=1 $(BIN)/onmessage demo
	ONMESSAGE_DEMO=1 $(BIN)/onmessage serve --host $(HOST) --port $(PORT)

test: install-dev ralph
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check app drills certification tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(RALPH_VENV) .pytest_cache .mypy_cache .ruff_cache tests/_artifacts
