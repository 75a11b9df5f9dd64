#!/usr/bin/env bash
# Requests/s and p99 latency of public pages (home, an article, the news
# index), served from the page cache and rendered afresh, next to a minimal
# Django view served by the same gunicorn (production settings, 2 workers).
#
# Two runs of one gunicorn on 127.0.0.1: first with the page cache on
# (PAGE_CACHE_SECONDS=300, warmed by one request per URL), then restarted with
# it off (PAGE_CACHE_SECONDS=0: every request routes and renders the page and
# the cache is not even looked up). The minimal view (bench/api_views.py,
# reachable only under bench.api_settings) is measured in each run; ratios
# are taken against the faster of the two. Requests carry a browser
# User-Agent, so the visit statistics count them as they would a citizen's.
#
# Targets (issue 10): cached article >= 0.80 of the minimal view, uncached
# article >= 0.10.
#
# Usage: bench/site_wrk.sh [seconds per URL]
# Environment: PORT (default 8103), WORKERS (2), CONNECTIONS (16),
# DATABASE_URL (default: a throwaway SQLite file; any database is migrated and
# given the demo content, which load_demo skips where it exists), MEDIA_ROOT
# (default: a throwaway folder; set it to the media of a kept database),
# REDIS_URL (optional: page cache and statistics in Redis, under a throwaway
# key prefix).
set -euo pipefail
duration=${1:-10}
port=${PORT:-8103}
workers=${WORKERS:-2}
connections=${CONNECTIONS:-16}
repo=$(cd "$(dirname "$0")/.." && pwd)
py="$repo/.venv/bin/python"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

work=$(mktemp -d)
stop_server() {
  if [ -e "$work/pid" ]; then
    kill -TERM "$(cat "$work/pid")" 2>/dev/null || true
    while kill -0 "$(cat "$work/pid")" 2>/dev/null; do sleep 0.2; done
    rm -f "$work/pid"
  fi
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

run_id=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
export DJANGO_SETTINGS_MODULE=bench.api_settings
export SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
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
from news.models import NewsArticlePage, NewsIndexPage
article = NewsArticlePage.objects.live().public().order_by('pk').first()
print(article.url, NewsIndexPage.objects.live().public().first().url)")"

base="http://127.0.0.1:$port"
declare -A urls=([minimal]="/bench/minimal.json" [home]="/" [article]="$article" [index]="$index")
names=(minimal home article index)

start_server() {  # $1 = PAGE_CACHE_SECONDS
  PAGE_CACHE_SECONDS=$1 "$repo/.venv/bin/gunicorn" cms.wsgi --workers "$workers" \
    --bind "127.0.0.1:$port" --log-level warning >>"$work/gunicorn.log" 2>&1 &
  echo $! >"$work/pid"
  until curl -fsS -o /dev/null "$base/healthz/" 2>/dev/null; do sleep 0.2; done
  # Warm every worker: renditions, connections, and the page cache if on.
  for name in "${names[@]}"; do
    for _ in $(seq $((workers * 4))); do
      curl -fsS -o /dev/null -A "$agent" "$base${urls[$name]}"
    done
  done
}

measure() {  # $1 = label, $2 = path, $3 = expected X-Cache (or "-")
  if [ "$3" != "-" ]; then
    seen=$(curl -fsS -o /dev/null -D - -A "$agent" "$base$2" | tr -d '\r' \
      | awk -F': ' 'tolower($1) == "x-cache" {print $2}')
    [ "$seen" = "$3" ] || { echo "$2: X-Cache '$seen', expected '$3'" >&2; exit 1; }
  fi
  wrk -t2 -c"$connections" -d"${duration}s" --timeout 30s --latency -H "User-Agent: $agent" \
    "$base$2" >"$work/wrk.txt"
  if grep -q "Non-2xx\|Socket errors" "$work/wrk.txt"; then
    echo "errors from $2:" >&2; cat "$work/wrk.txt" >&2; exit 1
  fi
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  echo "$1 $rps $p99" >>"$work/results"
  echo "$1  $rps req/s  p99 $p99" >&2
}

start_server 300
measure minimal-cached-run "${urls[minimal]}" -
for name in home article index; do measure "$name-cached" "${urls[$name]}" HIT; done
stop_server

start_server 0
measure minimal-uncached-run "${urls[minimal]}" -
for name in home article index; do measure "$name-uncached" "${urls[$name]}" ""; done
stop_server

echo
echo "gunicorn: $workers workers, production settings; wrk: $connections connections, ${duration}s per URL"
echo "database: ${DATABASE_URL%%:*}; cache: $([ -n "${REDIS_URL:-}" ] && echo Redis || echo files); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "article: $article  index: $index"
"$py" - "$work/results" <<'PY'
import sys

rows = {}
for line in open(sys.argv[1]):
    label, rps, p99 = line.split()
    rows[label] = (float(rps), p99)
minimal = max(rows["minimal-cached-run"][0], rows["minimal-uncached-run"][0])
print(f"{'URL':<28}{'req/s':>10}{'p99':>11}{'of minimal':>12}")
for label, (rps, p99) in rows.items():
    print(f"{label:<28}{rps:>10.0f}{p99:>11}{rps / minimal:>12.2f}")
cached, uncached = rows["article-cached"][0], rows["article-uncached"][0]
print(f"cached article {cached / minimal:.2f} (target 0.80), "
      f"uncached article {uncached / minimal:.2f} (target 0.10)")
PY
