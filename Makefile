# baomi — make run | make test | make bench | make lint
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest workers (pytest-xdist): one per core by default, each handed the next test when it is
# done with one (handed in chunks, one worker was left with a queue of browser tests for three
# minutes after the other had finished)
WORKERS ?= auto
XDIST = -n $(WORKERS) --maxschedchunk=1
# The tests' compiled modules (and pytest's rewritten test modules) kept in var/pycache, even
# where the environment turns bytecode off (PYTHONDONTWRITEBYTECODE): else every worker and
# every process a test starts compiles baomi and rewrites all the tests again (~15 s each).
PYCACHE := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/var/pycache

.PHONY: run test test-sqlite test-postgres lint bench messages dist

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.run

run: $(VENV)/.run
	$(BIN)/baomi migrate --noinput -v 0
	$(BIN)/baomi demo
	$(BIN)/baomi serve --host $(HOST) --port $(PORT)

test: $(VENV)/.test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(VENV)/.test
	$(PYCACHE) BAOMI_DATA_DIR=$(CURDIR)/var/test BAOMI_DATABASE_URL= $(BIN)/pytest $(XDIST)

test-postgres: $(VENV)/.test
	@if [ -z "$$BAOMI_TEST_POSTGRES" ]; then \
	  echo "PostgreSQL run skipped: set BAOMI_TEST_POSTGRES=postgres://user@host:5432/db to run the suite on PostgreSQL too."; \
	else \
	  $(PYCACHE) BAOMI_DATA_DIR=$(CURDIR)/var/test BAOMI_DATABASE_URL="$$BAOMI_TEST_POSTGRES" \
	    $(BIN)/pytest $(XDIST); \
	fi

lint: $(VENV)/.test
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

messages: $(VENV)/.test
	cd src/baomi && ../../$(BIN)/baomi makemessages -l zh_Hans --no-obsolete && ../../$(BIN)/baomi compilemessages -l zh_Hans

bench: $(VENV)/.test
	$(BIN)/python bench/run_all.py

# The offline kit (DEV-AIRGAP): dist/baomi-kit-VERSION-cpXY-ARCH/ and its .tar.gz, with every
# runtime dependency's wheel for the target, pinned to the versions installed in .venv (the
# tests'). Another target: make dist KIT_PYTHON=3.12 KIT_ARCH=aarch64 KIT_GLIBC=2.31 (the
# oldest glibc of the machines); KIT_OPTIONS=--no-pin takes the registry's newest releases.
KIT_PYTHON ?= 3.11
KIT_ARCH ?= x86_64
KIT_GLIBC ?= 2.28
KIT_OPTIONS ?=
dist: $(VENV)/.run
	$(BIN)/python packaging/build_kit.py --python $(KIT_PYTHON) --arch $(KIT_ARCH) \
	  --glibc $(KIT_GLIBC) --out dist $(KIT_OPTIONS)
