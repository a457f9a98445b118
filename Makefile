# Caravan: `make demo` serves the demo site, `make test` runs the tests.
# Only Python 3.11+ and make are needed; everything else goes into .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
HOST ?= 127.0.0.1:8000
export DJANGO_SETTINGS_MODULE ?= caravan.settings.dev

.PHONY: demo serve install install-dev test test-only lint format check lock audit bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Caravan needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)

# uv itself comes from a lock file with hashes too (requirements/bootstrap.txt).
$(UV): requirements/bootstrap.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements/bootstrap.txt
	touch $@

# Stamps make re-runs instant until the lock files change.
$(VENV)/.base-installed: requirements/base.txt | $(UV)
	$(UV) pip install -q --require-hashes --python $(BIN)/python -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(UV)
	$(UV) pip install -q --require-hashes --python $(BIN)/python -r requirements/dev.txt
	touch $@ $(VENV)/.base-installed

install: $(VENV)/.base-installed
install-dev: $(VENV)/.dev-installed

## demo: install, migrate, load the demo content and serve it with the scheduler
demo: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py load_demo --site-url http://$(HOST)/
	$(BIN)/python manage.py serve --bind $(HOST)

serve: install
	$(BIN)/python manage.py serve --bind $(HOST)

## test: install the test tools, lint, check migrations and run the whole suite
test: install-dev lint check test-only

# One pytest worker per CPU; a test file's tests stay together in one worker (the
# topology test's servers and module fixtures). PYTEST_WORKERS=0 runs in-process.
PYTEST_WORKERS ?= auto
test-only: install-dev
	DJANGO_SETTINGS_MODULE=caravan.settings.test $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports  # the layering contracts in pyproject.toml

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# makemigrations --check on an in-memory database: a fresh clone has no var/ yet.
check: install-dev
	DJANGO_SETTINGS_MODULE=caravan.settings.test $(BIN)/python manage.py check
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=caravan.settings.test $(BIN)/python manage.py makemigrations --check --dry-run -v0

## lock: re-pin requirements/*.txt from requirements/*.in, with every file's hash
## (installs check them: --require-hashes). `make lock LOCK_ARGS=--upgrade` takes
## the newest versions the .in files allow.
LOCK = $(UV) pip compile -q --generate-hashes --python-version 3.11 $(LOCK_ARGS)
lock: | $(UV)
	$(LOCK) requirements/bootstrap.in -o requirements/bootstrap.txt
	$(LOCK) requirements/base.in -o requirements/base.txt
	$(LOCK) requirements/dev.in -o requirements/dev.txt

## audit: known vulnerabilities in the locked dependencies (pip-audit)
audit: install-dev
	$(BIN)/python requirements/audit.py requirements/dev.txt requirements/bootstrap.txt

# The benchmark's app servers run as deployed: on the distribution's CPython when it
# is 3.11 or newer (Debian's is built with profile-guided and link-time
# optimisation; pyenv's default build runs a render ~13 % more instructions and
# ~20 % more time: bench/README.md), in a virtualenv of their own.
BENCH_PYTHON ?= $(shell /usr/bin/python3 -c 'import sys; print(sys.executable if sys.version_info >= (3, 11) else "")' 2>/dev/null)
BENCH_VENV := .venv-bench

$(BENCH_VENV)/.installed: requirements/dev.txt | $(UV)
	$(UV) venv -q --allow-existing --python $(or $(BENCH_PYTHON),$(PYTHON)) $(BENCH_VENV)
	$(UV) pip install -q --require-hashes --python $(BENCH_VENV)/bin/python -r requirements/dev.txt
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(BENCH_VENV) var/static var/test-media
