# PlanTrack: `make demo` serves the demo, `make test` runs the whole suite, `make bench` prints the benchmarks.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
# Debian's own Python 3.11 where the machine has it (with its venv module): it runs the suite and the server
# noticeably faster than a Python 3.11 compiled without optimisation flags (a fresh `migrate`: 6.5 s against 8.1 s of
# CPU here); any other Python 3.11 works: `make install PYTHON=python3.11`.
PYTHON  ?= $(shell [ -x /usr/bin/python3.11 ] && /usr/bin/python3.11 -c 'import ensurepip, venv' 2>/dev/null && echo /usr/bin/python3.11 || echo python3)
DEMO_DIR := var/demo
# The demo is a simulated world seen from a fixed day after its last simulated month (December 2028), so its
# mid-term evaluation as of 2028-12 speaks of a past that has, in the demo, happened. Every page says the date is fixed.
DEMO_TODAY ?= 2029-01-10
PG_URL  ?= postgres://postgres@127.0.0.1:5432/plantrack
# Python keeps its bytecode cache here even where the environment turns it off (PYTHONDONTWRITEBYTECODE): without
# it every process of the suite compiles every module again and pytest rewrites every test module's asserts again
# (collecting the suite took 20 s of CPU instead of 8 s, in each test process).
unexport PYTHONDONTWRITEBYTECODE
# The suite runs in a random order (pytest-randomly) so that no test leans on another having run first; the seed is
# printed, and `make test SEED=1234` replays an order that failed.
ifndef SEED
SEED    := $(shell python3 -c "import random; print(random.randrange(1, 2**31))")
endif
RANDOM_ORDER = --randomly-seed=$(SEED)

.PHONY: install wheelhouse demo-deps system-deps demo demo-data serve worker test test-fast test-sqlite test-postgres lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# `make install OFFLINE=dist/wheelhouse`: on a machine without internet, install PlanTrack from the offline kit
# `make wheelhouse` wrote (the same Debian release and Python), taking only its wheels with their checked hashes.
ifdef OFFLINE
install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --no-index --find-links '$(OFFLINE)' --require-hashes -r '$(OFFLINE)/requirements.txt'
	$(BIN)/plantrack --version
else
install: $(STAMP)
endif

# The offline kit: PlanTrack's own wheel (templates and vendored static files inside) and a wheel of every package
# it needs, pinned with their sha256 in requirements.txt. Copy the folder to the office's machine.
WHEELHOUSE ?= dist/wheelhouse
wheelhouse: $(STAMP)
	rm -rf '$(WHEELHOUSE)'
	mkdir -p '$(WHEELHOUSE)'
	$(BIN)/pip wheel -q -w '$(WHEELHOUSE)' .
	$(BIN)/python -m plantrack.operations.wheelhouse '$(WHEELHOUSE)'

# Debian packages, installed only where missing: the demo needs a CJK font (report charts) and LibreOffice (reports
# as PDF); the tests also need a browser for the page tests and poppler for PDF inputs.
DEMO_DEBS := fonts-wqy-microhei:/usr/share/fonts/truetype/wqy/wqy-microhei.ttc libreoffice-writer-nogui:/usr/bin/libreoffice
TEST_DEBS := $(DEMO_DEBS) chromium:/usr/bin/chromium poppler-utils:/usr/bin/pdftotext
define install_debs
	@missing=""; \
	for pair in $(1); do [ -e "$${pair#*:}" ] || missing="$$missing $${pair%%:*}"; done; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing Debian packages:$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

demo-deps:
	$(call install_debs,$(DEMO_DEBS))

system-deps:
	$(call install_debs,$(TEST_DEBS))

demo-data: $(STAMP) demo-deps
	mkdir -p $(DEMO_DIR)
	PLANTRACK_DATA_DIR=$(DEMO_DIR) $(BIN)/plantrack migrate --noinput -v 0
	PLANTRACK_DATA_DIR=$(DEMO_DIR) PLANTRACK_TODAY=$(DEMO_TODAY) $(BIN)/plantrack setup-demo

demo: demo-data
	@echo "PlanTrack demo: open http://127.0.0.1:8000/ and log in with one of the demo logins above (planning_admin sees everything)"
	@# A worker beside the development server makes the reports asked for in the demo; it stops with the server.
	PLANTRACK_DATA_DIR=$(DEMO_DIR) PLANTRACK_TODAY=$(DEMO_TODAY) $(BIN)/plantrack worker --no-schedule & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	PLANTRACK_DATA_DIR=$(DEMO_DIR) PLANTRACK_TODAY=$(DEMO_TODAY) $(BIN)/plantrack runserver 127.0.0.1:8000 --insecure --noreload

# The production server (gunicorn) and the job worker on the checkout's var/ (docs/operations.md).
serve: $(STAMP)
	$(BIN)/plantrack migrate --noinput -v 0
	$(BIN)/plantrack serve

worker: $(STAMP)
	$(BIN)/plantrack worker

# The layers of DESIGN.md (import-linter contracts in pyproject.toml) and the template rules (tag libraries from the
# template's own app or web; figures only through |figure): see CONTRIBUTING.md.
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff check tools
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/python tools/check_templates.py

# The 25 slowest tests of each run are listed at its end (--durations), so a test that got slow is seen.
DURATIONS := --durations=25

# Two workers that take tests one by one and steal from each other at the end, so neither waits on the other's last
# slow file; what a worker builds once (the org tree, the seed plan, the demo) it builds once whichever tests it gets.
XDIST := -n 2 --dist worksteal

test-sqlite: $(STAMP) system-deps
	@echo "random test order, seed $(SEED) (replay with: make test SEED=$(SEED))"
	$(BIN)/pytest -q $(XDIST) $(RANDOM_ORDER) $(DURATIONS) tests

# Where a PostgreSQL server answers, every test that uses the database runs again on it (--database-tests-only,
# tests/database_selection.py: a test asking for a database fixture, or marked server_database because its server
# processes follow DATABASE_URL; a test that never touches it would repeat the SQLite run's result), except the
# browser tests (-m browser): they check what only a browser shows (scripts, htmx, charts, the security policy, print
# layout), and the database work behind every page they drive is tested through Django's test client, which does run
# here (CONTRIBUTING.md, "Browser tests").
test-postgres: $(STAMP)
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL:/plantrack=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "PostgreSQL answers: running the database tests on it"; \
	  echo "random test order, seed $(SEED) (replay with: make test SEED=$(SEED))"; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -q $(XDIST) -m "not browser" --database-tests-only $(RANDOM_ORDER) $(DURATIONS) tests --ignore=tests/core; \
	else echo "no PostgreSQL server on 127.0.0.1:5432: skipped the PostgreSQL run"; fi

# The whole suite, with its elapsed time printed at the end (whether it passed or not).
test:
	@started=$$(date +%s); \
	$(MAKE) --no-print-directory SEED=$(SEED) lint test-sqlite test-postgres; status=$$?; \
	elapsed=$$(( $$(date +%s) - started )); \
	echo "make test: $$((elapsed / 60)) min $$((elapsed % 60)) s (seed $(SEED))"; exit $$status

# The pure core alone (plan parsing, assessment methods, the rules in plantrack.core): no database, no browser.
test-fast: $(STAMP)
	$(BIN)/pytest -q -p no:randomly -n 2 tests/core

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache
