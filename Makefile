# The README's commands. Everything runs inside .venv, created on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test e2e-deps lint format bench clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	PORT=$(PORT) $(PY) manage.py load_demo
	$(PY) manage.py ensure_admin

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for the browser tests (tests/e2e); Lighthouse, a devDependency, is
# installed by bench/lighthouse.sh only.
node_modules/.axe: package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund
	touch $@

e2e-deps: node_modules/.axe

# Without npm the browser tests skip with a reason (CI installs npm, and there
# a missing tool fails them).
test: $(VENV)/.dev
	@command -v npm >/dev/null && $(MAKE) --no-print-directory e2e-deps \
		|| echo "npm missing or npm ci failed: the browser tests (tests/e2e) will skip"
	$(PY) -m pytest -m "not live"
	$(PY) -m pytest -m live -n 0

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles node_modules
