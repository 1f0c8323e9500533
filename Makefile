# reviewer: one-command set-up. `make demo` reviews a bundled example file with the shipped
# models; `make test` runs the whole test suite (CI runs exactly this).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
APP_PORT ?= 8866
LAB_PORT ?= 8888
UI_TESTS := tests/test_widgets.py tests/test_display.py tests/test_notebooks.py tests/test_browser.py

.PHONY: install demo test test-fast test-ui test-browser screenshots app app-batch lab train evaluate bench \
        browser-deps clean strip-notebooks

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
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"

# The draft reviewer as a web page for people who do not use notebooks (no code shown).
app: $(STAMP)
	$(BIN)/voila notebooks/01_review_a_draft.ipynb --port=$(APP_PORT) --no-browser \
	  --Voila.ip=127.0.0.1 --preheat_kernel=True --pool_size=1

# The batch reviewer the same way (it can open and save files by path: local use only).
app-batch: $(STAMP)
	$(BIN)/voila notebooks/02_batch_review.ipynb --port=$(APP_PORT) --no-browser --Voila.ip=127.0.0.1

# JupyterLab on the notebooks folder (prints the address with its token; LAB_PORT=9999 for another port).
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks --ServerApp.ip=127.0.0.1 --port=$(LAB_PORT) \
	  $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Widget, display, notebook and browser tests only.
test-ui: $(STAMP) browser-deps
	$(BIN)/python -m pytest $(UI_TESTS)

test-browser: $(STAMP) browser-deps
	$(BIN)/python -m pytest tests/test_browser.py -m browser

# Refresh docs/screenshots/ (used by the README) from the browser tests.
screenshots: $(STAMP) browser-deps
	REVIEWER_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_browser.py -m browser

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
