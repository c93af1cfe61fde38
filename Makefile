# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.atlas-qual-installed
PROJECT ?= data/atlas.db
PORT ?= 8866
PYTEST_ARGS ?=

.PHONY: install demo serve test test-pg bench clean-demo i18n lab

$(STAMP): pyproject.toml
	@echo "Installing atlas-qual into $(VENV): about 3 GB, several minutes the first time (pip is quiet meanwhile)..."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build
	$(BIN)/pip install --disable-pip-version-check -q "torch==2.13.0"
	$(BIN)/pip install --disable-pip-version-check -q -e ".[test]"
	$(BIN)/python tools/i18n.py compile
	touch $(STAMP)

install: $(STAMP)

# Builds the demo project once (re-running reuses it), then serves the apps on http://127.0.0.1:$(PORT)
demo: install
	test -f $(PROJECT) || $(BIN)/atlas-qual demo --project $(PROJECT)
	$(BIN)/atlas-qual serve --project $(PROJECT) --port $(PORT)

serve: install
	$(BIN)/atlas-qual serve --project $(PROJECT) --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL: ATLAS_QUAL_TEST_PG is a server URL whose role may create databases (.ci/run sets one
# up); each test gets a database of its own. Browser tests run in the SQLite pass only: they drive pages, not the store.
test-pg: install
	@test -n "$$ATLAS_QUAL_TEST_PG" || { echo "test-pg: set ATLAS_QUAL_TEST_PG=postgresql://USER:PASSWORD@HOST:PORT/DB (see .ci/run)" >&2; exit 2; }
	$(BIN)/python -m pytest --backend=postgresql -m "not browser" $(PYTEST_ARGS)

# JupyterLab on the analysts' example notebooks (atlas_qual.open_project -> pandas DataFrames, redacted by default)
lab: install
	test -f $(PROJECT) || $(BIN)/atlas-qual demo --project $(PROJECT)
	ATLAS_QUAL_PROJECT="$(abspath $(PROJECT))" $(BIN)/jupyter lab --notebook-dir=notebooks/analysis

bench: install
	$(BIN)/python -m benchmarks

clean-demo:
	rm -f $(PROJECT) $(PROJECT)-wal $(PROJECT)-shm

# Translation catalogs (atlas_qual/locale/*/LC_MESSAGES/atlas_qual.po): new keys from the code join every catalog,
# then .mo files are compiled. Translators edit the .po files with Poedit, Weblate or Lokalize.
i18n: install
	$(BIN)/python tools/i18n.py update
	$(BIN)/python tools/i18n.py compile
