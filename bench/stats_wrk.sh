#!/usr/bin/env bash
# Requests/s of an article page with visit counting on and off, in one run.
#
# Two gunicorn servers on 127.0.0.1 share one database and one configuration,
# except STATS_ENABLED. After a warm-up, wrk hits them in short alternating
# rounds (off/on, then on/off, ...) so both see the same drifting machine load,
# and medians are compared: one round disturbed by another process moves a
# median much less than it moves a best or a mean. On a shared, saturated
# machine requests/s mostly measures the neighbours, so the script also reports
# the CPU time the servers' processes spent per request (user + system, from
# /proc, flush thread included), which the load barely moves.
#
# Usage: bench/stats_wrk.sh [seconds per round] [rounds]
# Environment: WORKERS (gunicorn workers, default 2), CONNECTIONS (default 16),
# WARMUP (seconds of wrk per server before measuring, default 5),
# VISITORS (distinct visitors the requests come from, told apart by their
# User-Agent, default 1000; with Redis the work per send grows with them),
# REDIS_URL (count through Redis; default: the in-process buffer),
# DATABASE_URL (default: a throwaway SQLite file with the demo content),
# PAGE_CACHE_SECONDS (default 300 as in production: the article comes from the
# page cache after its first view; 0 renders it on every request),
# PORTALS (1 or 2, default 1: with 2 a second portal, a copy of the demo on
# xa-b.localhost, is created, each round hits both at once (one wrk per Host
# header, half the connections each) and at the end the views and visits
# each portal recorded are checked against the requests wrk completed on it,
# which leaves out those still in flight when a run ends: at most one per
# connection and run; tests/stats/test_exactness.py checks exact figures).
# Last it runs bench/stats_overhead.py: counting's own CPU time per view.
set -euo pipefail
duration=${1:-5}
rounds=${2:-12}
warmup=${WARMUP:-5}
workers=${WORKERS:-2}
connections=${CONNECTIONS:-16}
visitors=${VISITORS:-1000}
portals=${PORTALS:-1}
second_host=xa-b.localhost
source "$(dirname "$0")/lib.sh"
require_wrk

export DJANGO_SETTINGS_MODULE=cms.settings.production
SECRET_KEY=$(random_secret bench)
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost,$second_host
export SECURE_SSL_REDIRECT=0
export STATIC_ROOT="$work/static"
export MEDIA_ROOT="$work/media"
export SHARED_CACHE_DIR="$work/cache"
export DATABASE_URL=${DATABASE_URL:-"sqlite:///$work/bench.sqlite3"}
export STATS_REDIS_URL=${REDIS_URL:-}
export STATS_REDIS_PREFIX="bench-stats:$$:"
export LOG_LEVEL=ERROR

cd "$repo"
"$py" manage.py migrate --noinput -v0
"$py" manage.py load_demo >/dev/null
"$py" manage.py collectstatic --noinput -v0
article=$("$py" manage.py shell --no-imports -c "
from wagtail.models import Site
from news.models import NewsArticlePage
home = Site.objects.get(is_default_site=True).root_page
article = NewsArticlePage.objects.live().public().descendant_of(home)
print(article.order_by('pk').first().get_url_parts()[2])")
if [ "$portals" = 2 ]; then
  # A second portal: the demo's home and everything below it, copied under
  # the tree root, answering on its own host name (same paths as the first).
  "$py" manage.py shell --no-imports -c "
from wagtail.models import Page, Site
if not Site.objects.filter(hostname='$second_host').exists():
    home = Site.objects.get(is_default_site=True).root_page
    copy = home.copy(recursive=True, to=Page.get_first_root_node(), keep_live=True,
                     update_attrs={'slug': 'xa-b', 'title': 'Xã B'}, copy_revisions=False)
    Site.objects.create(hostname='$second_host', port=80, root_page=copy, site_name='Xã B')
" >/dev/null
fi

start_server() {  # $1 = STATS_ENABLED; prints the port
  local port
  port=$(free_port)
  # Each server its own page cache: a copy one stored must not answer the other.
  STATS_ENABLED=$1 PAGE_CACHE_DIR="$work/page-cache-$1" start_gunicorn "$1" "$port" "$workers" >&2
  echo "$port"
}

off_port=$(start_server 0)
on_port=$(start_server 1)
agent="Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"

ticks=$(getconf CLK_TCK)
cpu_ticks() {  # $1 = STATS_ENABLED; user + system ticks of the server's processes
  local master pids
  master=$(cat "$work/pid-$1")
  pids="$master $(pgrep -P "$master" | tr '\n' ' ')"
  for pid in $pids; do cat "/proc/$pid/stat"; done 2>/dev/null |
    awk '{sub(/.*\) /, ""); total += $12 + $13} END {print total}'
}

rate() {  # $1 = STATS_ENABLED, $2 = seconds; logs requests/s and CPU ms/request
  local port before requests first second
  port=$([ "$1" = 1 ] && echo "$on_port" || echo "$off_port")
  before=$(cpu_ticks "$1")
  if [ "$portals" = 2 ]; then
    # Both portals at once: the default one (Host 127.0.0.1:port) and the
    # second. Both Host headers name the server's port: the two servers share
    # the page cache, keyed by host, and the counting-off server's copies
    # carry no page mark, so a copy it stored would go uncounted here.
    wrk -t1 -c$((connections / 2)) -d"$2s" -s "$repo/bench/visitors.lua" \
      "http://127.0.0.1:$port$article" -- "$visitors" >"$work/wrk.txt" &
    wrk -t1 -c$((connections / 2)) -d"$2s" -s "$repo/bench/visitors.lua" \
      "http://127.0.0.1:$port$article" -- "$visitors" "$second_host:$port" >"$work/wrk-b.txt"
    wait
    first=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    second=$(awk '/requests in/ {print $1}' "$work/wrk-b.txt")
    echo "$first" >>"$work/requests-a-$1"
    echo "$second" >>"$work/requests-b-$1"
    requests=$((first + second))
    echo "scale=2; $requests / $2" | bc >"$work/last-rate"
  else
    wrk -t2 -c"$connections" -d"$2s" -s "$repo/bench/visitors.lua" \
      "http://127.0.0.1:$port$article" -- "$visitors" >"$work/wrk.txt"
    requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    echo "$requests" >>"$work/requests-a-$1"
    awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt" >"$work/last-rate"
  fi
  echo "$requests" >>"$work/requests-$1"
  echo "scale=2; ($(cpu_ticks "$1") - $before) * 1000 / $ticks / $requests" | bc \
    >"$work/last-cpu"
}

measure() {  # $1 = STATS_ENABLED
  rate "$1" "$duration"
  cat "$work/last-rate" >>"$work/rate-$1"
  cat "$work/last-cpu" >>"$work/cpu-$1"
}

median() {  # numbers on stdin, one a line
  sort -g | awk '{v[NR] = $1} END {
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Warm-up: renditions, template and URL caches, database pages, the counter's
# timer thread; its requests count like the others.
for enabled in 0 1; do
  rate "$enabled" "$warmup"
done

page_cache() {  # $1 = port; the X-Cache header of the article, if any
  curl -fsS -o /dev/null -D - -A "$agent" "http://127.0.0.1:$1$article" |
    awk 'tolower($1) == "x-cache:" {print $2}' | tr -d '\r'
}
echo "page cache after warm-up: counting off $(page_cache "$off_port")," \
  "counting on $(page_cache "$on_port") (empty: not cached)"
if [ "$portals" = 2 ]; then
  # Not with a browser's agent: this check is not counted.
  echo "second portal ($second_host) answers the article with" \
    "$(curl -sS -o /dev/null -w '%{http_code}' -H "Host: $second_host" \
      "http://127.0.0.1:$off_port$article")"
fi
echo "load before: $(uptime)"
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    measure 0
    measure 1
  else
    measure 1
    measure 0
  fi
  off=$(tail -1 "$work/rate-0")
  on=$(tail -1 "$work/rate-1")
  echo "scale=4; $on / $off" | bc >>"$work/ratio"
  echo "round $round: counting off $off req/s ($(tail -1 "$work/cpu-0") CPU ms/request)," \
    "counting on $on req/s ($(tail -1 "$work/cpu-1") CPU ms/request)"
done
echo "load after:  $(uptime)"

# Let the counting server flush (timer, then SIGTERM) and show what it counted.
stop_server 1
counted=$("$py" manage.py shell --no-imports -c "
from django.db.models import Sum
from stats.models import DailySiteStat
totals = DailySiteStat.objects.aggregate(v=Sum('views'), u=Sum('visits'))
print(totals['v'] or 0, 'views,', totals['u'] or 0, 'visits')")
# Per portal: views and visits recorded, against what wrk completed there
# (plus the one view of the page cache check, on the default portal).
sent_a=$(($(paste -sd+ "$work/requests-a-1" | bc) + 1))
sent_b=0
slack=$(((rounds * 2 + 2) * connections))
[ -s "$work/requests-b-1" ] && sent_b=$(paste -sd+ "$work/requests-b-1" | bc)
per_portal=$("$py" manage.py shell --no-imports -c "
from django.db.models import Sum
from stats.models import DailySiteStat
from wagtail.models import Site
rows = DailySiteStat.objects.values('site__hostname', 'site__is_default_site').annotate(
    v=Sum('views'), u=Sum('visits'))
expected = {True: $sent_a, False: $sent_b}
for row in rows:
    want = expected[row['site__is_default_site']]
    # wrk leaves out the requests still in flight when a run ends (at most
    # one per connection and run), which the server did serve and count.
    extra = row['v'] - want
    verdict = (f'{want} completed + {extra} in flight' if 0 <= extra <= $slack
               else f'MISMATCH (wrk completed {want})')
    print(f\"  {row['site__hostname']}: {row['v']} views, {row['u']} visits: {verdict}\")
")

echo "article: $article on $portals portal(s); $workers gunicorn workers; wrk -t2 -c$connections -d${duration}s; $rounds rounds; $visitors visitors"
echo "backend: ${REDIS_URL:+Redis }${REDIS_URL:-in-process buffer}; database: ${DATABASE_URL%%:*}"
off=$(median <"$work/rate-0")
on=$(median <"$work/rate-1")
cpu_off=$(median <"$work/cpu-0")
cpu_on=$(median <"$work/cpu-1")
echo "median counting off: $off req/s, $cpu_off CPU ms/request"
echo "median counting on:  $on req/s, $cpu_on CPU ms/request"
echo "requests/s on/off: ratio of the medians $(echo "scale=3; $on / $off" | bc)," \
  "median of the per-round ratios $(median <"$work/ratio")"
echo "CPU per request off/on (the throughput counting leaves): $(echo "scale=3; $cpu_off / $cpu_on" | bc)"
echo "requests wrk completed on the counting server: $(paste -sd+ "$work/requests-1" | bc)"
echo "counted by the counting server: $counted (visits: at most one per visitor, portal and day)"
echo "per portal ($portals hit at once):"
echo "$per_portal"
PAGE_CACHE_DIR="$work/page-cache-overhead" "$py" bench/stats_overhead.py --url "$article"
