# Bastide — the two commands of the README, and a few for developers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test translations extract-messages lint format clean-demo bench editor

demo: install  ## Set up and serve the demo on http://127.0.0.1:8000
	$(BIN)/bastide demo

test: install-test  ## Install what the tests need and run the whole suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 4 --dist loadfile

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The Nu HTML checker (W3C), run by Java in the tests; pinned, from the npm registry.
VNU_VERSION := 26.9.27
VNU_JAR := .vnu/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR):
	npm install --silent --no-audit --no-fund --prefix .vnu vnu-jar@$(VNU_VERSION)

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations $(VNU_JAR)

translations:  ## Compile the admin's message catalogs (the theme reads its .po directly)
	$(BIN)/pybabel compile --domain messages --directory translations --use-fuzzy --statistics 2>&1 | grep -v "^$$" || true

extract-messages:  ## Re-extract every string and update the catalogs (then translate fr)
	$(BIN)/pybabel extract --mapping babel.cfg --keywords _l --keywords N_ --no-location --omit-header -o translations/messages.pot .
	$(BIN)/pybabel update --domain messages --input-file translations/messages.pot --output-dir translations --no-fuzzy-matching
	$(BIN)/pybabel extract --mapping babel-theme.cfg --keywords N_ --no-location --omit-header -o translations/theme.pot .
	$(BIN)/pybabel update --domain theme --input-file translations/theme.pot --output-dir translations --no-fuzzy-matching

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install  ## Benchmarks (results as ratios against a baseline run)
	$(BIN)/python bench/bench_admin.py
	$(BIN)/python bench/bench_fleet.py
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_publish.py
	$(BIN)/python bench/bench_alert.py
	$(BIN)/python bench/bench_onboard.py
	$(BIN)/python bench/bench_shared.py
	$(BIN)/python bench/bench_search.py

editor:  ## Rebuild app/static/editor.js, editor.css and their licences from editor/ (needs Node and npm)
	npm ci --prefix editor --no-audit --no-fund
	cd editor && node build.mjs

clean-demo:  ## Forget the demo data (database, queue, sites)
	rm -rf var
