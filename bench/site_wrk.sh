#!/usr/bin/env bash
# Requests/s and p99 latency of public pages (home, an article, the news
# index), served from the page cache and rendered afresh, next to a minimal
# Django view, all served by one gunicorn (production settings, 2 workers,
# page cache on) on 127.0.0.1, in interleaved rounds; the best of the rounds
# is kept, as the machine's load varies.
#
# - cached: the page's own URL, warmed by a few requests (X-Cache: HIT).
# - uncached: the same page through Wagtail's view under /bench/uncached/
#   (bench/site_views.py): it misses the cache and is rendered on every
#   request, as a page not yet cached is (cache lookup included).
# - minimal: a view returning a few bytes of HTML, under /api/ so it pays no
#   page cache lookup. The two bench URLs exist only under bench.site_settings.
# Requests carry a browser User-Agent, so the visit statistics count them as
# they would a citizen's.
#
# Targets (issue 10): cached article >= 0.80 of the minimal view, uncached
# article >= 0.10.
#
# Usage: bench/site_wrk.sh [seconds per URL] [rounds]
# Environment: PORT (default 8103), WORKERS (2), CONNECTIONS (16),
# DATABASE_URL (default: a throwaway SQLite file; any database is migrated and
# given the demo content, which load_demo skips where it exists), MEDIA_ROOT
# (default: a throwaway folder; set it to the media of a kept database),
# REDIS_URL (optional: page cache and statistics in Redis, under a throwaway
# key prefix).
set -euo pipefail
duration=${1:-5}
rounds=${2:-3}
port=${PORT:-8103}
workers=${WORKERS:-2}
connections=${CONNECTIONS:-16}
source "$(dirname "$0")/lib.sh"
require_wrk

run_id=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
export DJANGO_SETTINGS_MODULE=bench.site_settings
SECRET_KEY=$(random_secret bench)
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=0
export BASE_URL=http://127.0.0.1
export STATIC_ROOT="$work/static"
export MEDIA_ROOT=${MEDIA_ROOT:-"$work/media"}
export SHARED_CACHE_DIR="$work/cache"
export CACHE_KEY_PREFIX="bench-$run_id"
export STATS_REDIS_PREFIX="bench-stats-$run_id:"
export DATABASE_URL=${DATABASE_URL:-"sqlite:///$work/bench.sqlite3"}
export LOG_LEVEL=ERROR
agent="Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"

cd "$repo"
"$py" manage.py migrate --noinput -v0
"$py" manage.py load_demo >/dev/null
"$py" manage.py collectstatic --noinput -v0
read -r article index <<<"$("$py" manage.py shell --no-imports -c "
from wagtail.models import Site
from news.models import NewsArticlePage, NewsIndexPage
# Paths on the default site (any Host reaches it): with several portals
# Wagtail's page.url is absolute.
home = Site.objects.get(is_default_site=True).root_page
article = NewsArticlePage.objects.live().public().descendant_of(home).order_by('pk').first()
index = NewsIndexPage.objects.live().public().descendant_of(home).first()
print(article.get_url_parts()[2], index.get_url_parts()[2])")"

base="http://127.0.0.1:$port"
declare -A urls=(
  [minimal]="/api/bench/minimal/"
  [home-cached]="/" [article-cached]="$article" [index-cached]="$index"
  [home-uncached]="/bench/uncached/" [article-uncached]="/bench/uncached/${article#/}"
  [index-uncached]="/bench/uncached/${index#/}"
)
names=(minimal home-cached article-cached index-cached home-uncached article-uncached index-uncached)

start_gunicorn site "$port" "$workers"
# Warm every worker: renditions, connections, the page cache.
for name in "${names[@]}"; do
  for _ in $(seq $((workers * 4))); do
    curl -fsS -o /dev/null -A "$agent" "$base${urls[$name]}"
  done
done

measure() {  # $1 = name; appends "name req/s p99" to results
  path=${urls[$1]}
  expected=""
  case $1 in *-cached) expected=HIT ;; esac
  seen=$(curl -fsS -o /dev/null -D - -A "$agent" "$base$path" | tr -d '\r' \
    | awk -F': ' 'tolower($1) == "x-cache" {print $2}')
  [ "$seen" = "$expected" ] || { echo "$path: X-Cache '$seen', expected '$expected'" >&2; exit 1; }
  wrk -t2 -c"$connections" -d"${duration}s" --timeout 30s --latency \
    -H "User-Agent: $agent" "$base$path" >"$work/wrk.txt"
  if grep -q "Non-2xx\|Socket errors" "$work/wrk.txt"; then
    echo "errors from $path:" >&2; cat "$work/wrk.txt" >&2; exit 1
  fi
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  echo "$1 $rps $p99" >>"$work/results"
  echo "round $round  $1  $rps req/s  p99 $p99" >&2
}

for round in $(seq "$rounds"); do
  for name in "${names[@]}"; do measure "$name"; done
done

echo
echo "gunicorn: $workers workers, production settings, page cache on; wrk: $connections connections, ${duration}s per URL, best of $rounds rounds"
echo "database: ${DATABASE_URL%%:*}; cache: $([ -n "${REDIS_URL:-}" ] && echo Redis || echo files); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "article: $article  index: $index"
"$py" - "$work/results" <<'PY'
import sys

best = {}
for line in open(sys.argv[1]):
    name, rps, p99 = line.split()
    if float(rps) > best.get(name, (0.0, ""))[0]:
        best[name] = (float(rps), p99)
minimal = best["minimal"][0]
print(f"{'URL':<20}{'req/s':>10}{'p99':>11}{'of minimal':>12}")
for name, (rps, p99) in best.items():
    print(f"{name:<20}{rps:>10.1f}{p99:>11}{rps / minimal:>12.3f}")
cached, uncached = best["article-cached"][0], best["article-uncached"][0]
print(f"cached article {cached / minimal:.3f} of minimal (target 0.80), "
      f"uncached article {uncached / minimal:.3f} (target 0.10)")
PY
