# Newsroom: `make run` serves the site with demo content, `make test` runs the suite.
# Both set everything up first on a machine that has only Python 3.11.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
# The site defaults to production; these commands are for development, so they ask for it.
export DJANGO_DEBUG ?= 1

.PHONY: setup run worker serve test test-postgres messages bench bench-demo clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Page checkers (axe-core, the Nu HTML Checker) and the web fonts (@fontsource) come from
# npm when npm is there; without them those checks say they were skipped and the pages use
# the system's fonts.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility and HTML-validity checks will be skipped."; fi

setup: $(VENV)/.installed node_modules/.installed
	$(PY) manage.py compile_catalogues
	$(PY) manage.py install_fonts

# Background jobs run in the request, after its commit (the immediate backend), so the
# demo needs no worker. With NEWSROOM_TASKS_BACKEND=database (production's queue) a
# db_worker is started next to the server and stopped with it.
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py create_demo_editor
	$(PY) manage.py create_demo_users
	$(PY) manage.py load_demo_content
	$(PY) manage.py make_image_variants
	@if [ "$$NEWSROOM_TASKS_BACKEND" = database ]; then \
	  echo "Jobs are queued in the database: starting manage.py db_worker next to the server."; \
	  $(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	else $(PY) manage.py runserver 127.0.0.1:$(PORT); fi

# The job worker alone (NEWSROOM_TASKS_BACKEND=database), e.g. next to `make run` in another terminal.
worker: setup
	NEWSROOM_TASKS_BACKEND=database $(PY) manage.py db_worker

# The suite runs on SQLite (or on DATABASE_URL). When DATABASE_URL is not set and a
# PostgreSQL server answers on 127.0.0.1:5432, the PostgreSQL-only tests (concurrent
# transactions) run there as well.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)
	@if [ -z "$$DATABASE_URL" ] && $(PY) -c "import psycopg; psycopg.connect('$(PG_TEST_URL)', connect_timeout=2).close()" 2>/dev/null; then \
	  echo "PostgreSQL answers at $(PG_TEST_URL): running the PostgreSQL-only tests there too."; \
	  DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest -m postgres $(PYTEST_ARGS); \
	else echo "PostgreSQL-only tests ran only if DATABASE_URL points at PostgreSQL (see README)."; fi

test-postgres: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest $(PYTEST_ARGS)

# Regenerate the Arabic catalogues after changing interface strings (needs GNU gettext).
messages: setup
	for app in articles translations newsroom/banners jobs addresses wordpress; do \
	  (cd $$app && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages --locale ar --no-location --ignore 'static/*'); \
	done
	cd newsroom && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages --locale ar --no-location --ignore 'static/*' --ignore 'banners/*'

# Every page at 1,000 and 200,000 generated articles on PostgreSQL, as ratios to a bare view
# (see README, "Benchmarks"). BENCH_SIZES=1000 make bench is the quick run.
bench: setup
	$(PY) bench/scale.py

# The older benchmarks: demo content on SQLite, and the suggestion engine on one busy section.
bench-demo: setup
	$(PY) bench/reader_pages.py
	$(PY) bench/related_suggestions.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
