#!/usr/bin/env bash
# Requests/s of the API (article listing, article detail) and of the site's
# search page next to a minimal Django JSON view, all served by one gunicorn
# on 127.0.0.1 in the same run.
#
# The API's response cache is warmed first (one request per URL), as it is on
# a live portal; the ratio API / minimal is what to watch (target for the
# listing: at least 0.5).
#
# Usage: bench/api_wrk.sh [seconds per URL] [rounds]
# Environment: WORKERS (gunicorn workers, default 2), CONNECTIONS (default 16),
# DATABASE_URL (default: a throwaway SQLite file with the demo content),
# REDIS_URL (optional shared cache).
set -euo pipefail
duration=${1:-10}
rounds=${2:-3}
workers=${WORKERS:-2}
connections=${CONNECTIONS:-16}
source "$(dirname "$0")/lib.sh"
require_wrk

export DJANGO_SETTINGS_MODULE=bench.api_settings
SECRET_KEY=$(random_secret bench)
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=0
export BASE_URL=http://127.0.0.1
export STATIC_ROOT="$work/static"
export MEDIA_ROOT="$work/media"
export SHARED_CACHE_DIR="$work/cache"
export DATABASE_URL=${DATABASE_URL:-"sqlite:///$work/bench.sqlite3"}
export LOG_LEVEL=ERROR

cd "$repo"
"$py" manage.py migrate --noinput -v0
"$py" manage.py load_demo >/dev/null
"$py" manage.py collectstatic --noinput -v0
article=$("$py" manage.py shell --no-imports -c "
from news.models import NewsArticlePage
print(NewsArticlePage.objects.live().public().order_by('pk').first().pk)")
articles=$("$py" manage.py shell --no-imports -c "
from news.models import NewsArticlePage
print(NewsArticlePage.objects.live().public().count())")

port=$(free_port)
start_gunicorn site "$port" "$workers"

base="http://127.0.0.1:$port"
declare -A urls=(
  [minimal]="$base/bench/minimal.json"
  [listing]="$base/api/v2/pages/?type=news.NewsArticlePage&fields=*&limit=50"
  [detail]="$base/api/v2/pages/$article/"
  [search]="$base/search/?q=hoi+nghi"
)
# Warm up every worker: renditions, then the response cache of each process.
for name in minimal listing detail search; do
  for _ in $(seq $((workers * 4))); do curl -fsS -o /dev/null "${urls[$name]}"; done
done

rate() {  # $1 = URL; prints requests/s
  wrk -t2 -c"$connections" -d"${duration}s" "$1" >"$work/wrk.txt"
  if grep -q "Non-2xx" "$work/wrk.txt"; then
    echo "error responses from $1:" >&2; cat "$work/wrk.txt" >&2; exit 1
  fi
  awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt"
}

declare -A best=([minimal]=0 [listing]=0 [detail]=0 [search]=0)
for round in $(seq "$rounds"); do
  for name in minimal listing detail search; do
    value=$(rate "${urls[$name]}")
    echo "round $round  $name  $value req/s"
    best[$name]=$("$py" -c "print(max($value, ${best[$name]}))")
  done
done

bytes=$(curl -fsS "${urls[listing]}" | wc -c)
echo
echo "gunicorn workers: $workers, wrk connections: $connections, ${duration}s per URL, best of $rounds"
echo "listing: $articles demo articles, fields=*&limit=50, $bytes bytes per response"
"$py" - "${best[minimal]}" "${best[listing]}" "${best[detail]}" "${best[search]}" <<'PY'
import sys

minimal, listing, detail, search = map(float, sys.argv[1:])
print(f"minimal JSON view  {minimal:9.0f} req/s")
print(f"API listing        {listing:9.0f} req/s  ratio {listing / minimal:.2f}")
print(f"API detail         {detail:9.0f} req/s  ratio {detail / minimal:.2f}")
print(f"search page        {search:9.0f} req/s  ratio {search / minimal:.3f}")
PY
