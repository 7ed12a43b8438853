# Two commands for a fresh machine (Python 3.10+ and pip):
#   make lab    set up a local environment and open the series in JupyterLab
#   make test   set up a local environment and run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: lab test app bench html clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(VENV)/.runtime $@

lab: $(VENV)/.runtime
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

# An app in Voila, code hidden: make app (the plan), make app NB=apps/diary,
# make app NB=apps/class_survey, or any lesson (make app NB=08_your_plan). voila.json picks
# crampkit's page template (offline); JUPYTER_PATH finds it in this checkout.
NB ?= apps/plan
app: $(VENV)/.runtime
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/voila notebooks/$(NB).ipynb

# Every test: unit tests, doctests, notebooks (nbval) and real-browser tests, on two workers;
# --dist loadfile keeps each notebook (and its kernel) on one worker.
test: $(VENV)/.test
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: $(VENV)/.test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info test-output

# Export every notebook to HTML with plotly.js embedded, so top-level charts show offline.
html: $(VENV)/.runtime
	CRAMPKIT_HOME=$$(mktemp -d) PLOTLY_RENDERER=plotly_mimetype+notebook $(BIN)/jupyter nbconvert \
		--execute --to html --output-dir build/html notebooks/*.ipynb
