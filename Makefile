# The README's commands. Everything runs inside .venv, created on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test e2e-deps lint format bench clean screenshots

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

# Said once the server answers, after the migrations' and the server's own
# lines, so a newcomer sees where to go.
define READY
import sys, time, urllib.request
host, port = sys.argv[1], sys.argv[2]
host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
for _ in range(600):
    try:
        urllib.request.urlopen(f"http://{host}:{port}/healthz/", timeout=2)
    except OSError:
        time.sleep(0.5)
        continue
    print(f"\nReady at http://{host}:{port}/ (admin: http://{host}:{port}/admin/;"
          f" the demo's portals: http://*.localhost:{port}/, see README.md)."
          " Ctrl-C stops it.\n", flush=True)
    break
endef
export READY

run: setup
	@$(PY) -c "$$READY" $(HOST) $(PORT) &
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
	@# Tests that commit (servers, browsers) empty their worker's database
	@# when they end: a session of their own, spread over the cores too.
	$(PY) -m pytest -m live

# Phone and desktop screenshots of every public page type into docs/design/
# (docs/design.md, "Screenshots"); a browser and the demo, so not in `make test`.
screenshots: $(VENV)/.dev
	$(PY) bench/screenshots.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles node_modules
