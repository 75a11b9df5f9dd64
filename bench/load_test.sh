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
# FAULTS=1 (DATABASE_URL on PostgreSQL and REDIS_URL required): both are
# reached through tests/faults/proxy.py; a third of the way in the database
# stops answering for 10 s, then Redis for 10 s. Only the database's 503s
# are allowed then, and afterwards the page views recorded must equal the
# pages answered 200 (gunicorn's access log), the visits one (every request
# comes from one address and browser).
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
mix_paths

if [ "${FAULTS:-0}" = 1 ]; then
  case "$DATABASE_URL" in postgres*) ;; *) echo "FAULTS=1 needs DATABASE_URL=postgres://..." >&2; exit 1;; esac
  [ -n "${REDIS_URL:-}" ] || { echo "FAULTS=1 needs REDIS_URL" >&2; exit 1; }
  # DATABASE_URL and REDIS_URL now name a proxy each, started here.
  proxied() {  # $1 = URL, $2 = proxy port, $3 = control file
    "$py" - "$1" "$2" <<'PY'
import sys
from urllib.parse import urlsplit
url = urlsplit(sys.argv[1])
print(url.hostname + ":" + str(url.port or {"redis": 6379}.get(url.scheme, 5432)))
print(url._replace(netloc=url.netloc.rsplit("@", 1)[0] + "@127.0.0.1:" + sys.argv[2]
      if "@" in url.netloc else "127.0.0.1:" + sys.argv[2]).geturl())
PY
  }
  for name in db redis; do echo pass >"$work/fault-$name"; done
  mapfile -t db < <(proxied "$DATABASE_URL" $((port + 1)))
  mapfile -t rd < <(proxied "$REDIS_URL" $((port + 2)))
  (cd "$repo" && exec "$py" -m tests.faults.proxy $((port + 1)) "${db[0]}" "$work/fault-db") &
  echo $! >"$work/pid-proxy-db"
  (cd "$repo" && exec "$py" -m tests.faults.proxy $((port + 2)) "${rd[0]}" "$work/fault-redis") &
  echo $! >"$work/pid-proxy-redis"
  export DATABASE_URL="${db[1]}" REDIS_URL="${rd[1]}" ACCESS_LOG=1
  sleep 1
  (
    sleep $((duration / 3))
    echo hang >"$work/fault-db"; echo "fault: database silent at $(date +%T)"; sleep 10
    echo pass >"$work/fault-db"; echo hang >"$work/fault-redis"
    echo "fault: database back, Redis silent at $(date +%T)"; sleep 10
    echo pass >"$work/fault-redis"; echo "fault: Redis back at $(date +%T)"
  ) &
fi

start_gunicorn site "$port" "$workers"

echo "${#paths[@]} paths: ${paths[*]}"
echo "gunicorn: $workers workers, production settings, page cache on;" \
  "wrk: $clients clients, ${duration}s; database: ${DATABASE_URL%%:*};" \
  "cache: $([ -n "${REDIS_URL:-}" ] && echo Redis || echo files); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c"$clients" -d"${duration}s" --timeout 30s -s "$repo/bench/load_mix.lua" \
  "http://127.0.0.1:$port" -- "${paths[@]}" | tee "$work/wrk.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${FAULTS:-0}" = 1 ]; then
  stop_server site  # the exit flush writes every worker's counts
  read -r views visits < <("$py" manage.py shell --no-imports -c "
from django.db.models import Sum
from stats.models import DailySiteStat
totals = DailySiteStat.objects.aggregate(v=Sum('views'), n=Sum('visits'))
print(totals['v'] or 0, totals['n'] or 0)")
  # Each page answered 200 is one view: count them in the access log.
  served=$(printf '%s\n' "${pages[@]}" | awk 'NR == FNR { page[$0] = 1; next }
    $1 == 200 && ($3 in page) { n++ } END { print n + 0 }' - "$work/access-site.log")
  echo "pages answered 200: $served; page views recorded: $views; visits: $visits"
  grep -c "WORKER TIMEOUT" "$work/gunicorn-site.log" | sed 's/^/workers killed: /' || true
  # The database's 503s are the intended answer; any other 5xx fails.
  if ! grep -q "5xx \([0-9]*\) (of which 503 \1)" "$work/wrk.txt" \
    || grep -q "WORKER TIMEOUT" "$work/gunicorn-site.log" \
    || grep -q "connect [1-9]\|read [1-9]\|write [1-9]\|timeout [1-9]" "$work/wrk.txt"; then
    echo "FAILED: a 5xx other than 503, a socket error or a killed worker" >&2
    exit 1
  fi
  if [ "$views" != "$served" ] || [ "$visits" != 1 ]; then
    echo "FAILED: page views or visits not exact across the outages" >&2
    exit 1
  fi
  echo "OK: no 5xx other than the outage's 503s, no socket error, no worker" \
    "killed; page views and visits exact"
  exit 0
fi
if grep -q "5xx [1-9]\|connect [1-9]\|read [1-9]\|write [1-9]\|timeout [1-9]" "$work/wrk.txt"; then
  echo "FAILED: server errors or socket errors under load" >&2
  grep -i "error\|exception" "$work/gunicorn-site.log" | head -20 >&2 || true
  exit 1
fi
echo "OK: no 5xx and no socket error"
