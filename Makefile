# PlanTrack: `make demo` serves the demo, `make test` runs the whole suite, `make bench` prints the benchmarks.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PYTHON  ?= python3
DEMO_DIR := var/demo
PG_URL  ?= postgres://postgres@127.0.0.1:5432/plantrack
# The suite runs in a random order (pytest-randomly) so that no test leans on another having run first; the seed is
# printed, and `make test SEED=1234` replays an order that failed.
ifndef SEED
SEED    := $(shell python3 -c "import random; print(random.randrange(1, 2**31))")
endif
RANDOM_ORDER = --randomly-seed=$(SEED)

.PHONY: install demo-deps system-deps demo demo-data test test-fast test-sqlite test-postgres lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

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
	PLANTRACK_DATA_DIR=$(DEMO_DIR) $(BIN)/plantrack setup-demo

demo: demo-data
	@echo "PlanTrack demo: open http://127.0.0.1:8000/ and log in with one of the demo logins above (planning_admin sees everything)"
	PLANTRACK_DATA_DIR=$(DEMO_DIR) $(BIN)/plantrack runserver 127.0.0.1:8000 --insecure --noreload

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

# The 25 slowest tests of each run are listed at its end (--durations), so a test that got slow is seen.
DURATIONS := --durations=25

test-sqlite: $(STAMP) system-deps
	@echo "random test order, seed $(SEED) (replay with: make test SEED=$(SEED))"
	$(BIN)/pytest -q -n 2 --dist loadfile $(RANDOM_ORDER) $(DURATIONS) tests

# Where a PostgreSQL server answers, every test that touches the database runs again on it.
test-postgres: $(STAMP)
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL:/plantrack=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "PostgreSQL answers: running the database tests on it"; \
	  echo "random test order, seed $(SEED) (replay with: make test SEED=$(SEED))"; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2 --dist loadfile $(RANDOM_ORDER) $(DURATIONS) tests --ignore=tests/core; \
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
