#!/usr/bin/env bash
# Lighthouse (npm, mobile profile: a mid-range phone on a throttled 4G link)
# on every public page type a citizen meets first: home, news index, an
# article, an event, an official, the documents register and a document.
# Served by gunicorn with production settings (DEBUG off, whitenoise's
# compressed static files) on 127.0.0.1, driven by Debian's Chromium, with
# the demo's photos (2000-px JPEGs of a photograph's weight, cms/demo.py).
# Each page is measured RUNS times (3); prints the median of each of the four
# categories, and every audit that lost points in the run with the median
# performance. Target (issue 19): 100 in all four, on a quiet machine.
#
# Usage: bench/lighthouse.sh
# Environment: PORT (default 8102), RUNS (default 3), CHROME_PATH (default
# /usr/bin/chromium), DATABASE_URL and MEDIA_ROOT (default: a throwaway
# SQLite file and folder given the demo content; a kept database gets the
# demo again, idempotently). The demo's default portal takes BASE_URL's
# address, http://127.0.0.1:PORT, so canonical links name the measured page.
set -euo pipefail
port=${PORT:-8102}
runs=${RUNS:-3}
source "$(dirname "$0")/lib.sh"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
[ -x "$CHROME_PATH" ] || { echo "$CHROME_PATH is missing: apt-get install -y chromium" >&2; exit 1; }

cd "$repo"
# Lighthouse is a devDependency: `make test` installs axe-core only.
[ -x node_modules/.bin/lighthouse ] || npm ci --no-audit --no-fund

export DJANGO_SETTINGS_MODULE=bench.lighthouse_settings
SECRET_KEY=$(random_secret bench)
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0
export BASE_URL="http://127.0.0.1:$port"
export STATIC_ROOT="$work/static"
export MEDIA_ROOT=${MEDIA_ROOT:-"$work/media"}
export SHARED_CACHE_DIR="$work/cache"
export DATABASE_URL=${DATABASE_URL:-"sqlite:///$work/bench.sqlite3"}
export LOG_LEVEL=ERROR

"$py" manage.py migrate --noinput -v0
"$py" manage.py load_demo >/dev/null
"$py" manage.py collectstatic --noinput -v0
# name path, one a line: the first live page of each type on the default portal.
"$py" manage.py shell --no-imports -c "
from wagtail.models import Site
from news.models import EventPage, NewsArticlePage, OfficialPage
from publications.models import PublicationPage

home = Site.objects.get(is_default_site=True).root_page

def path(model):
    pages = model.objects.live().public().descendant_of(home).order_by('path')
    return pages.first().get_url_parts()[2]

article, document = path(NewsArticlePage), path(PublicationPage)
for name, url in [
    ('home', '/'),
    ('news-index', article.rsplit('/', 2)[0] + '/'),
    ('article', article),
    ('event', path(EventPage)),
    ('official', path(OfficialPage)),
    ('register', document.rsplit('/', 2)[0] + '/'),
    ('document', document),
]:
    print(name, url)" >"$work/pages"

start_gunicorn site "$port" 2
base="http://127.0.0.1:$port"
# Warm the page cache, as a visitor before Lighthouse would have.
while read -r _name path; do curl -fsS -o /dev/null "$base$path"; done <"$work/pages"

flags="--headless --no-sandbox --disable-gpu --disable-background-networking"
flags="$flags --disable-component-update --disable-sync --no-first-run"
while read -r name path; do
  for run in $(seq "$runs"); do
    # A run Lighthouse could not record (a runtimeError such as NO_NAVSTART,
    # scored 0) says nothing of the page: it is taken again, up to 3 tries.
    for _try in 1 2 3; do
      node_modules/.bin/lighthouse "$base$path" --quiet --chrome-flags="$flags" \
        --only-categories=performance,accessibility,best-practices,seo \
        --output=json --output-path="$work/$name-$run.json" || true
      [ -s "$work/$name-$run.json" ] || { echo "lighthouse failed on $base$path" >&2; exit 1; }
      "$py" -c 'import json, sys; sys.exit(bool(json.load(open(sys.argv[1])).get("runtimeError")))' \
        "$work/$name-$run.json" && break
      echo "run $run of $name not recorded by Lighthouse: taken again" >&2
    done
  done
  "$py" - "$name" "$base$path" "$work" "$runs" <<'PY'
import json
import statistics
import sys

name, url, work, runs = sys.argv[1:]
reports = [json.load(open(f"{work}/{name}-{run}.json")) for run in range(1, int(runs) + 1)]


def scores(report):
    return {
        key: round((category["score"] or 0) * 100)
        for key, category in report["categories"].items()
    }


every = [scores(report) for report in reports]
median = {key: statistics.median(s[key] for s in every) for key in every[0]}
print(f"{name:10} {url}")
print("  median " + "  ".join(f"{key} {value:g}" for key, value in median.items()))
print("  runs   " + " | ".join(" ".join(str(v) for v in s.values()) for s in every))
# The audits that lost points in the run whose performance is the median.
report = sorted(reports, key=lambda r: scores(r)["performance"])[len(reports) // 2]
for category in report["categories"].values():
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            shown = audit.get("displayValue", "")
            print(f"  - {category['id']}: {audit['id']} {audit['score']} {shown}")
PY
done <"$work/pages"
echo "load: $(uptime)"
