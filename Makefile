# Groundline: `make run` serves the sample site, `make test` runs the whole suite.
# Both set everything up first on a fresh machine with Python 3.11.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test setup browser lint typecheck pytest index eval bench docs-check clean

run: setup  ## set up and serve the sample site on http://127.0.0.1:8000
	$(BIN)/groundline serve --host $(HOST) --port $(PORT)

test: setup browser  ## set up and run lint, type checks and every test
	$(BIN)/ruff check service tests evals
	$(BIN)/mypy service
	$(BIN)/pytest -q -p no:cacheprovider

setup: $(VENV)/.installed

# torch is installed first and pinned: a bare `torch` would pull gigabytes of CUDA wheels.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip wheel
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev,lexicon]"
	touch $@

# Debian's Chromium drives the widget tests (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests ..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

index: setup  ## build or update the index for content/
	$(BIN)/groundline index

eval: setup  ## run the offline eval suites and write reports/
	$(BIN)/groundline eval --report reports

bench: setup  ## benchmark a running server (start one with `make run`)
	$(BIN)/groundline bench --url http://$(HOST):$(PORT)

clean:
	rm -rf $(VENV) embeddings/v-* embeddings/CURRENT reports .pytest_cache .mypy_cache .ruff_cache
