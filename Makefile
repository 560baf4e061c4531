# Two commands do everything on a fresh machine (see README.md):
#   make serve   set up, build the book strictly and serve it on http://127.0.0.1:$(PORT)
#   make test    set up (Chromium, bubblewrap and PostgreSQL included), build the book, lint, type-check and run every test
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SETUP := $(VENV)/.installed
NODE := node_modules/.package-lock.json
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup book serve test test-fast lint chromium bubblewrap postgres pdf kit screenshots scorm demo bench clean

$(SETUP): requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund

setup: $(SETUP)

# Executed pages embed the widget code and bank data: when the package changes,
# drop the execution cache so no page keeps stale exercises.
PACKAGE_FILES := $(shell find src/workbook -type f -not -name '*.pyc')
_build/.package-stamp: $(PACKAGE_FILES)
	rm -rf _build/.jupyter_cache _build/.doctrees
	mkdir -p _build && touch $@

book: $(SETUP) _build/.package-stamp
	$(VENV)/bin/jupyter-book build . -nW --keep-going

serve: book
	@echo "Serving the course at http://127.0.0.1:$(PORT)/ (Ctrl+C stops)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# A demo course with a generated cohort, graded, with feedback and a report: course-demo/
demo: $(SETUP)
	$(VENV)/bin/workbook demo course-demo

# The printed workbook, rendered by Debian's Chromium: _build/workbook.pdf; the
# book is then built again, so its "Print or save as PDF" section links a copy.
pdf: book chromium
	$(PY) scripts/print_workbook.py
	$(VENV)/bin/jupyter-book build . -nW --keep-going

# The trainer's kit (the book's "For trainers" part) printed by Debian's
# Chromium, a bookmark per section: _build/trainer-kit.pdf (A4) and
# _build/trainer-kit-letter.pdf (US Letter); the book is then built again, so
# the kit's first page links both.
kit: book chromium
	$(PY) scripts/print_kit.py
	$(VENV)/bin/jupyter-book build . -nW --keep-going

# PNGs of the key pages at phone and desktop sizes, light and dark, for a
# reviewer to look at (not compared pixel by pixel): _build/screenshots/
screenshots: book chromium
	$(PY) scripts/screenshots.py

# The built book for an LMS, one SCO per module: _build/scorm/action-learning-workbook-scorm12.zip
# and -scorm2004.zip (see README.md, "The course in an LMS")
scorm: book
	$(VENV)/bin/workbook scorm .

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The grading kernel runs each notebook in a sandbox made by Debian's bubblewrap (see README.md)
bubblewrap:
	@command -v bwrap >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; }

# A local PostgreSQL server for the shared-gradebook test (Debian's package):
# installed if missing, started, with a role that may create test databases.
PGRUN := $(if $(SUDO),sudo -u postgres,runuser -u postgres --)
postgres:
	@ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }
	@version=$$(ls /usr/lib/postgresql | sort -n | tail -1); \
	  $(SUDO) pg_ctlcluster $$version main status >/dev/null 2>&1 || $(SUDO) pg_ctlcluster $$version main start
	@$(PGRUN) psql -qAtc "SELECT 1 FROM pg_roles WHERE rolname = 'workbook'" | grep -q 1 || \
	  $(PGRUN) psql -qc "CREATE ROLE workbook LOGIN CREATEDB PASSWORD 'workbook'"

# Python: ruff and mypy; JavaScript: Biome (npm run lint runs it alone; npm run format fixes what it can)
lint: $(SETUP) $(NODE)
	npm run --silent lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Tests run in two processes (pytest-xdist); a test file stays in one process,
# so its module fixtures (a demo course, a browser) are built once.
PYTEST_PARALLEL := -n auto --dist loadfile

test: $(SETUP) $(NODE) chromium bubblewrap postgres book lint
	$(PY) -m pytest $(PYTEST_PARALLEL) --junitxml=_build/test-results.xml

# The contributor's inner loop: unit and parity tests, no Chromium, no book
# build, no whole-course runs (markers "browser" and "slow"). make test stays
# the CI command.
test-fast: $(SETUP) $(NODE)
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not browser and not slow" -q

# Every benchmark, one after another; the figures, machine, date and commit
# are kept in benchmarks/RESULTS.md
bench: $(SETUP) $(NODE) chromium bubblewrap postgres book
	$(PY) benchmarks/results.py

clean:
	rm -rf _build
