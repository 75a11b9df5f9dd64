#!/usr/bin/env bash
# Lighthouse (npm, mobile profile: a mid-range phone on a throttled 4G link)
# for the home page and an article, served by gunicorn with production
# settings (DEBUG off, whitenoise's compressed static files) on 127.0.0.1,
# driven by Debian's Chromium. Prints the four category scores of each page
# and every audit that lost points. Targets (issue 10): performance >= 95,
# accessibility, best practices and SEO 100.
#
# Usage: bench/lighthouse.sh
# Environment: PORT (default 8102), CHROME_PATH (default /usr/bin/chromium),
# DATABASE_URL and MEDIA_ROOT (default: a throwaway SQLite file and folder
# given the demo content; a kept database is used as it is, except that its
# default site is pointed at 127.0.0.1:PORT so canonical URLs match).
set -euo pipefail
port=${PORT:-8102}
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
article=$("$py" manage.py shell --no-imports -c "
from wagtail.models import Site
from news.models import NewsArticlePage
Site.objects.filter(is_default_site=True).update(hostname='127.0.0.1', port=$port)
home = Site.objects.get(is_default_site=True).root_page
article = NewsArticlePage.objects.live().public().descendant_of(home)
print(article.order_by('path').first().get_url_parts()[2])")

start_gunicorn site "$port" 2
base="http://127.0.0.1:$port"
# Renditions are made on first view when the task queue has not run yet.
for url in / "$article"; do curl -fsS -o /dev/null "$base$url"; done

flags="--headless --no-sandbox --disable-gpu --disable-background-networking"
flags="$flags --disable-component-update --disable-sync --no-first-run"
for name in home article; do
  url=$base/; [ "$name" = article ] && url=$base$article
  node_modules/.bin/lighthouse "$url" --quiet --chrome-flags="$flags" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output-path="$work/$name.json" || true
  [ -s "$work/$name.json" ] || { echo "lighthouse failed on $url" >&2; exit 1; }
  "$py" - "$name" "$url" "$work/$name.json" <<'PY'
import json
import sys

name, url, path = sys.argv[1:]
report = json.load(open(path))
scores = {
    key: round((category["score"] or 0) * 100)
    for key, category in report["categories"].items()
}
print(f"{name:8} {url}")
print("  " + "  ".join(f"{key} {value}" for key, value in scores.items()))
for category in report["categories"].values():
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            shown = audit.get("displayValue", "")
            print(f"  - {category['id']}: {audit['id']} {audit['score']} {shown}")
PY
done
echo "load: $(uptime)"
