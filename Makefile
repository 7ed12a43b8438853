# Two commands for a fresh machine (Python 3.11+ and pip):
#   make lab    set up a local environment and open the series in JupyterLab
#   make test   set up a local environment and run every test
# Extra Jupyter or Voila options go in ARGS, e.g. `make lab ARGS=--no-browser`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?=
# Jupyter refuses to start as root (common in containers) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
# The oldest supported Python (requires-python in pyproject.toml) and its environment, where
# `make test-oldest` installs every dependency at exactly its declared floor; the newest
# supported Python (the last classifier), where `make test-newest` installs the newest of all.
OLDEST ?= 3.11
OLDEST_VENV ?= .venv-oldest
OLDEST_PYTHON ?=
OLDEST_STACK ?= .ci/oldest-jupyter-stack.txt
NEWEST ?= 3.13
NEWEST_VENV ?= .venv-newest
NEWEST_PYTHON ?=
# nbval's options: given here, not in pyproject.toml, so other runners (nbmake) run each notebook once.
NBVAL := --nbval-lax --nbval-current-env

.PHONY: lab test test-oldest test-newest app bench html site clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# An editable install does not copy share/ into the environment: link crampkit's Voila page
# template there, so `voila notebooks/` (which voila.json points at the template) finds it,
# and the Jupyter server extension that keeps JupyterLab's Voila preview offline.
define link_template
	mkdir -p $(1)/share/jupyter/voila/templates $(1)/etc/jupyter/jupyter_server_config.d
	ln -sfn $(CURDIR)/share/jupyter/voila/templates/crampkit $(1)/share/jupyter/voila/templates/crampkit
	ln -sfn $(CURDIR)/jupyter-config/jupyter_server_config.d/crampkit.json $(1)/etc/jupyter/jupyter_server_config.d/crampkit.json
endef

$(VENV)/.runtime: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	$(call link_template,$(VENV))
	touch $@

$(VENV)/.test: $(BIN)/python pyproject.toml deploy/hub/node_modules/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(call link_template,$(VENV))
	touch $(VENV)/.runtime $@

# JupyterHub's proxy (configurable-http-proxy) for the class-on-a-hub test, from the npm
# registry at the versions in deploy/hub/package-lock.json. Without Node.js/npm it is left
# out, and that test says why (it fails instead where CI is set).
deploy/hub/node_modules/.installed: deploy/hub/package.json deploy/hub/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd deploy/hub && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "npm not found: the class-on-a-hub test will be skipped (apt-get install nodejs npm)"; fi

lab: $(VENV)/.runtime
	$(BIN)/jupyter lab $(ALLOW_ROOT) $(ARGS) notebooks/00_start_here.ipynb

# An app in Voila, code hidden: make app (the plan), make app NB=apps/diary,
# make app NB=apps/class_survey, or any lesson (make app NB=08_your_plan). voila.json picks
# crampkit's page template (offline), linked into the environment by the set-up steps.
NB ?= apps/plan
app: $(VENV)/.runtime
	$(BIN)/voila $(ARGS) notebooks/$(NB).ipynb

# Every test: unit tests, doctests, notebooks (nbval) and real-browser tests, on two workers;
# --dist loadfile keeps each notebook (and its kernel) on one worker.
test: $(VENV)/.test
	$(BIN)/python -m pytest $(NBVAL) -n 2 --dist loadfile

# A working python$(1) for `make $(2)`: $(3) if given, else python$(1) on PATH, else pyenv's;
# creates the environment $(4) with it. Stops with a message when there is none.
define fresh_venv
	@python=$(3); \
	if [ -z "$$python" ]; then \
	  for candidate in python$(1) $$HOME/.pyenv/versions/$(1).*/bin/python$(1) \
	      /root/.pyenv/versions/$(1).*/bin/python$(1) /usr/local/bin/python$(1) /usr/bin/python$(1); do \
	    if "$$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != tuple(map(int, "$(1)".split("."))))' 2>/dev/null; then \
	      python=$$candidate; break; fi; \
	  done; \
	fi; \
	if [ -z "$$python" ]; then \
	  echo "make $(2): no working Python $(1) found (tried python$(1) on PATH and pyenv); install it or give $(5)=/path/to/python$(1)" >&2; \
	  exit 1; fi; \
	echo "make $(2): $$python"; \
	rm -rf $(4) && "$$python" -m venv $(4)
	$(4)/bin/python -m pip install --quiet --upgrade pip
endef

# The same tests but the browser ones, on the oldest supported Python with every dependency
# pinned to its floor (scripts/floor_pins.py writes the pins from pyproject.toml) and the
# Jupyter server stack a hub runs crampkit on at its floor too (.ci/oldest-jupyter-stack.txt),
# so an older hub is tested, not only the newest jupyter_server and nbconvert.
$(OLDEST_VENV)/.test: pyproject.toml scripts/floor_pins.py $(OLDEST_STACK)
	$(call fresh_venv,$(OLDEST),test-oldest,$(OLDEST_PYTHON),$(OLDEST_VENV),OLDEST_PYTHON)
	$(OLDEST_VENV)/bin/python scripts/floor_pins.py > $(OLDEST_VENV)/floors.txt
	$(OLDEST_VENV)/bin/python -m pip install --quiet -c $(OLDEST_VENV)/floors.txt -c $(OLDEST_STACK) -e ".[test]"
	$(OLDEST_VENV)/bin/python -m pip check
	$(call link_template,$(OLDEST_VENV))
	touch $@

test-oldest: $(OLDEST_VENV)/.test
	$(OLDEST_VENV)/bin/python -m pytest $(NBVAL) -m "not browser" -n 2 --dist loadfile

# The same tests on the newest supported Python with the newest release of every dependency,
# set up afresh each time (`make test-newest` is how a new jupyterlab, voila, plotly or pandas
# release that breaks crampkit is found before a class meets it). `pip list` shows what ran.
test-newest:
	$(call fresh_venv,$(NEWEST),test-newest,$(NEWEST_PYTHON),$(NEWEST_VENV),NEWEST_PYTHON)
	$(NEWEST_VENV)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[test]"
	$(NEWEST_VENV)/bin/python -m pip check
	$(call link_template,$(NEWEST_VENV))
	$(NEWEST_VENV)/bin/python -m pip list --format=freeze > $(NEWEST_VENV)/versions.txt
	$(NEWEST_VENV)/bin/python -m pytest $(NBVAL) -m "not browser" -n 2 --dist loadfile

bench: $(VENV)/.test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(OLDEST_VENV) $(NEWEST_VENV) build *.egg-info test-output deploy/hub/node_modules

# Export every notebook to HTML with plotly.js embedded, so top-level charts show offline.
html: $(VENV)/.runtime
	CRAMPKIT_HOME=$$(mktemp -d) PLOTLY_RENDERER=plotly_mimetype+notebook $(BIN)/jupyter nbconvert \
		--execute --to html --output-dir build/html notebooks/*.ipynb

# The series as a book website in build/site/ (open build/site/index.html): every notebook run
# afresh with example details, code folded, charts and pictures of the tools, offline search.
# Configuration in docs/site/conf.py; it loads nothing from the internet.
$(VENV)/.site: $(VENV)/.runtime pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[site]"
	touch $@

SPHINXOPTS ?=
site: $(VENV)/.site
	rm -rf build/site-src && mkdir -p build/site-src/notebooks
	cp -R docs/site/. build/site-src/ && cp docs/deploy-hub.md build/site-src/hub.md
	cp notebooks/[0-9][0-9]_*.ipynb build/site-src/notebooks/
	$(BIN)/sphinx-build -b html -q -d build/site-doctrees $(SPHINXOPTS) build/site-src build/site
