# reviewer: one-command set-up. `make demo` reviews a bundled example file with the shipped
# models; `make test` runs the whole test suite (CI runs exactly this).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8866

.PHONY: install demo test test-fast app train evaluate bench browser-deps clean strip-notebooks

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[all]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p demo-output
	$(BIN)/reviewer review examples/demo_drafts.csv -o demo-output/reviewed.csv --jobs 1
	@echo
	$(BIN)/python -m reviewer.demo demo-output/reviewed.csv

# Debian's Chromium for the real-browser test (never a downloaded browser build).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"

app: $(STAMP)
	$(BIN)/voila notebooks/01_review_a_draft.ipynb --port=$(PORT) --Voila.ip=127.0.0.1 --no-browser \
	  --theme=light --show_tracebacks=False

train: $(STAMP)
	$(BIN)/reviewer train

evaluate: $(STAMP)
	$(BIN)/reviewer evaluate

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

strip-notebooks: $(STAMP)
	$(BIN)/nbstripout notebooks/*.ipynb

clean:
	rm -rf $(VENV) demo-output tests/artifacts .pytest_cache
