#!/usr/bin/env bash
# A surge on 127.0.0.1: 64 concurrent clients for 60 s on a mix of pages
# (home, listings and their second page, articles, officials, events, search,
# the footer figures, the API, the sitemap, a missing page), against gunicorn
# with production settings and the page cache on. Fails unless every answer is
# below 500 and no socket error occurred.
#
# Usage: bench/load_test.sh [seconds] [clients]
# Environment: PORT (default 8103), WORKERS (default 2), DATABASE_URL (default:
# a throwaway SQLite file with the demo content), MEDIA_ROOT (default: a
# throwaway folder; set it to the media of a kept database), REDIS_URL.
set -euo pipefail
duration=${1:-60}
clients=${2:-64}
port=${PORT:-8103}
workers=${WORKERS:-2}
source "$(dirname "$0")/lib.sh"
require_wrk

run_id=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
export DJANGO_SETTINGS_MODULE=cms.settings.production
SECRET_KEY=$(random_secret load)
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=0
export BASE_URL=http://127.0.0.1
export STATIC_ROOT="$work/static"
export MEDIA_ROOT=${MEDIA_ROOT:-"$work/media"}
export SHARED_CACHE_DIR="$work/cache"
export CACHE_KEY_PREFIX="load-$run_id"
export STATS_REDIS_PREFIX="load-stats-$run_id:"
export DATABASE_URL=${DATABASE_URL:-"sqlite:///$work/load.sqlite3"}
export LOG_LEVEL=ERROR

cd "$repo"
"$py" manage.py migrate --noinput -v0
"$py" manage.py load_demo >/dev/null
"$py" manage.py collectstatic --noinput -v0
mapfile -t paths < <("$py" manage.py shell --no-imports -c "
from news.models import (
    EventIndexPage, EventPage, NewsArticlePage, NewsIndexPage,
    OfficialIndexPage, OfficialPage,
)
from home.models import HomePage

from wagtail.models import Site

# Paths on the default site (any Host reaches it): with several portals
# Wagtail's page.url is absolute.
home = Site.objects.get(is_default_site=True).root_page

def urls(model, n):
    pages = model.objects.live().public().descendant_of(home, inclusive=True)
    return [p.get_url_parts()[2] for p in pages.order_by('-pk')[:n]]

paths = urls(HomePage, 1) + urls(NewsIndexPage, 1) + urls(NewsArticlePage, 8)
paths += urls(OfficialIndexPage, 1) + urls(OfficialPage, 3)
paths += urls(EventIndexPage, 1) + urls(EventPage, 3)
paths += [urls(NewsIndexPage, 1)[0] + '?page=2', '/search/?q=ubnd',
          '/search/?q=hoi+nghi', '/stats/figures.json', '/sitemap.xml',
          '/api/v2/pages/?type=news.NewsArticlePage&limit=10', '/khong-co-trang-nay/']
print('\n'.join(paths))")

start_gunicorn site "$port" "$workers"

echo "${#paths[@]} paths: ${paths[*]}"
echo "gunicorn: $workers workers, production settings, page cache on;" \
  "wrk: $clients clients, ${duration}s; database: ${DATABASE_URL%%:*};" \
  "cache: $([ -n "${REDIS_URL:-}" ] && echo Redis || echo files); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c"$clients" -d"${duration}s" --timeout 30s -s "$repo/bench/load_mix.lua" \
  "http://127.0.0.1:$port" -- "${paths[@]}" | tee "$work/wrk.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -q "5xx [1-9]\|connect [1-9]\|read [1-9]\|write [1-9]\|timeout [1-9]" "$work/wrk.txt"; then
  echo "FAILED: server errors or socket errors under load" >&2
  grep -i "error\|exception" "$work/gunicorn-site.log" | head -20 >&2 || true
  exit 1
fi
echo "OK: no 5xx and no socket error"
