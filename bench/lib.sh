# What the benchmark scripts share; `source` it after `set -euo pipefail`.
# Sets repo, py and work (a throwaway folder, removed on exit once every
# server started with start_gunicorn has stopped).

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py="$repo/.venv/bin/python"

require_wrk() {
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
}

# A throwaway SECRET_KEY with a prefix naming the script ($1).
random_secret() {
  echo "$1-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
}

work=$(mktemp -d)

# SIGTERM, then wait: a stopping worker still flushes its visit counts.
stop_server() {  # $1 = name given to start_gunicorn
  local file="$work/pid-$1" pid
  [ -e "$file" ] || return 0
  pid=$(cat "$file")
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  rm -f "$file"
}

cleanup() {
  local file
  for file in "$work"/pid-*; do
    [ -e "$file" ] && stop_server "${file##*/pid-}"
  done
  rm -rf "$work"
}
trap cleanup EXIT

# Start gunicorn (cms.wsgi) on 127.0.0.1:$2 with $3 workers, in the caller's
# environment, and wait until /healthz/ answers. Its pid goes to
# $work/pid-$1, its log to $work/gunicorn-$1.log. ACCESS_LOG=1 also writes
# "<status> <request line>" per answer to $work/access-$1.log.
start_gunicorn() {  # $1 = name, $2 = port, $3 = workers
  local access=()
  [ "${ACCESS_LOG:-0}" = 1 ] && access=(--access-logfile "$work/access-$1.log"
    --access-logformat '%(s)s %(r)s')
  "$repo/.venv/bin/gunicorn" cms.wsgi --workers "$3" --bind "127.0.0.1:$2" \
    --log-level warning "${access[@]}" >"$work/gunicorn-$1.log" 2>&1 &
  echo $! >"$work/pid-$1"
  until curl -fsS -o /dev/null "http://127.0.0.1:$2/healthz/" 2>/dev/null; do
    kill -0 "$(cat "$work/pid-$1")" 2>/dev/null || {
      cat "$work/gunicorn-$1.log" >&2; exit 1; }
    sleep 0.2
  done
}

free_port() {
  "$py" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
}

# The URLs of bench/load_mix.lua's mix on the default site of the database in
# the environment (run from $repo): sets `pages` (each answer 200 is a page
# view) and `paths` (the pages, then searches, the footer figures, the
# sitemap, the API and a missing page).
mix_paths() {
  local mapped path
  mapfile -t mapped < <("$py" manage.py shell --no-imports -c "
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
paths += [urls(NewsIndexPage, 1)[0] + '?page=2']
# Pages above (each answer 200 is a page view), other routes below.
print('\n'.join(paths))
print('--')
paths = ['/search/?q=ubnd', '/search/?q=hoi+nghi', '/stats/figures.json',
         '/sitemap.xml', '/api/v2/pages/?type=news.NewsArticlePage&limit=10',
         '/khong-co-trang-nay/']
print('\n'.join(paths))")
  pages=()
  for path in "${mapped[@]}"; do
    [ "$path" = -- ] && break
    pages+=("$path")
  done
  paths=("${pages[@]}" "${mapped[@]:$((${#pages[@]} + 1))}")
}

# SeaweedFS, as the tests start it (bench/object_store.py), with any extra
# buckets named; its S3 settings (export lines) are read once it answers. The
# cleanup trap stops it with every other pid-* of $work.
start_object_store() {
  "$py" "$repo/bench/object_store.py" "$work/store.env" "$@" >"$work/store.log" 2>&1 &
  echo $! >"$work/pid-store"
  until [ -s "$work/store.env" ]; do
    kill -0 "$(cat "$work/pid-store")" 2>/dev/null || { cat "$work/store.log" >&2; exit 1; }
    sleep 0.5
  done
  source "$work/store.env"
}
