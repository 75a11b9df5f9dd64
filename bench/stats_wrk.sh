#!/usr/bin/env bash
# Requests/s of an article page with visit counting on and off, in one run.
#
# Two gunicorn servers on 127.0.0.1 share one database and one configuration,
# except STATS_ENABLED; wrk hits them in turn (off, on, off, on, ...) so both
# see the same machine load, and the best round of each is compared.
#
# Usage: bench/stats_wrk.sh [seconds per round] [rounds]
# Environment: WORKERS (gunicorn workers, default 2), CONNECTIONS (default 16),
# REDIS_URL (count through Redis; default: the in-process buffer),
# DATABASE_URL (default: a throwaway SQLite file with the demo content).
set -euo pipefail
duration=${1:-15}
rounds=${2:-3}
workers=${WORKERS:-2}
connections=${CONNECTIONS:-16}
repo=$(cd "$(dirname "$0")/.." && pwd)
py="$repo/.venv/bin/python"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
  for file in "$work"/pid-*; do
    [ -e "$file" ] && kill -TERM "$(cat "$file")" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=cms.settings.production
export SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=0
export STATIC_ROOT="$work/static"
export MEDIA_ROOT="$work/media"
export DATABASE_URL=${DATABASE_URL:-"sqlite:///$work/bench.sqlite3"}
export STATS_REDIS_URL=${REDIS_URL:-}
export STATS_REDIS_PREFIX="bench-stats:$$:"
export LOG_LEVEL=ERROR

cd "$repo"
"$py" manage.py migrate --noinput -v0
"$py" manage.py load_demo >/dev/null
"$py" manage.py collectstatic --noinput -v0
article=$("$py" manage.py shell --no-imports -c "
from news.models import NewsArticlePage
print(NewsArticlePage.objects.live().public().order_by('pk').first().url)")

free_port() {
  "$py" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
}

start_server() {  # $1 = STATS_ENABLED; prints the port
  local port
  port=$(free_port)
  STATS_ENABLED=$1 "$repo/.venv/bin/gunicorn" cms.wsgi --workers "$workers" \
    --bind "127.0.0.1:$port" --log-level warning >"$work/gunicorn-$1.log" 2>&1 &
  echo $! >"$work/pid-$1"
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz/" 2>/dev/null; do sleep 0.2; done
  echo "$port"
}

off_port=$(start_server 0)
on_port=$(start_server 1)
# Warm up: image renditions are made on the first request of each server.
for port in "$off_port" "$on_port"; do
  for _ in 1 2 3; do curl -fsS -o /dev/null "http://127.0.0.1:$port$article"; done
done
agent="Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"

rate() {  # $1 = port; prints requests/s, adds the requests to $work/requests-$1
  wrk -t2 -c"$connections" -d"${duration}s" -H "User-Agent: $agent" \
    "http://127.0.0.1:$1$article" >"$work/wrk.txt"
  awk '/requests in/ {print $1}' "$work/wrk.txt" >>"$work/requests-$1"
  awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt"
}

best_off=0
best_on=0
for round in $(seq 1 "$rounds"); do
  off=$(rate "$off_port")
  on=$(rate "$on_port")
  echo "round $round: counting off $off req/s, counting on $on req/s"
  best_off=$(echo "if ($off > $best_off) $off else $best_off" | bc)
  best_on=$(echo "if ($on > $best_on) $on else $best_on" | bc)
done

# Let the counting server flush (timer, then SIGTERM) and show what it counted.
on_pid=$(cat "$work/pid-1")
kill -TERM "$on_pid"
while kill -0 "$on_pid" 2>/dev/null; do sleep 0.2; done
rm "$work/pid-1"
counted=$("$py" manage.py shell --no-imports -c "
from django.db.models import Sum
from stats.models import DailySiteStat
print(DailySiteStat.objects.aggregate(v=Sum('views'))['v'] or 0)")

echo "article: $article; $workers gunicorn workers; wrk -t2 -c$connections -d${duration}s"
echo "backend: ${REDIS_URL:+Redis }${REDIS_URL:-in-process buffer}; database: ${DATABASE_URL%%:*}"
echo "best counting off: $best_off req/s"
echo "best counting on:  $best_on req/s"
echo "ratio on/off: $(echo "scale=3; $best_on / $best_off" | bc)"
echo "requests wrk completed on the counting server: $(paste -sd+ "$work/requests-$on_port" | bc)"
echo "views counted by the counting server: $counted"
