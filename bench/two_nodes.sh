#!/usr/bin/env bash
# Two application nodes behind nginx, on one machine: a scratch PostgreSQL
# database, Redis (under a throwaway key prefix), SeaweedFS (media), two
# gunicorn servers on their own ports, the task worker as its own process,
# and nginx on 127.0.0.1 with deploy/nginx/portal.conf (rendered here, the
# file docs/deploy.md shows) and deploy/nginx/purge_receiver.py. Loads the
# demo, then:
#
# 1. checks the chain publish -> task worker -> PURGE -> nginx: an article
#    nginx serves from its cache shows a new title once it is published;
# 2. 64 clients for 60 s (bench/load_mix.lua: pages, the API, searches,
#    the sitemap, a missing page) through nginx: requests/s, latency
#    percentiles, answers by status and by X-Cache-Status; fails on any 5xx
#    or socket error; then counts nginx's cache-served pages from its log
#    (manage.py count_proxy_log) and fails unless the page views recorded
#    equal the pages answered 200 to the load's browser (nginx's log of
#    every answer), and its visits are one (one address, one browser);
# 3. a cached article through nginx against a static file of the same bytes
#    served by the same nginx, in interleaved rounds (best of each kept):
#    the ratio, whose target is 0.8 (issue 21), and the share of HITs.
#
# Usage: bench/two_nodes.sh [seconds] [clients] [seconds per comparison run] [rounds]
# Environment: WORKERS (gunicorn workers per node, default 2), CONNECTIONS
# (for the comparison, default 16), REDIS_URL (default redis://127.0.0.1:6379/0).
# Needs nginx, libnginx-mod-http-cache-purge and wrk (apt-get install -y
# nginx-light libnginx-mod-http-cache-purge wrk). Everything started is
# stopped and the scratch database and Redis keys removed on exit.
set -euo pipefail
duration=${1:-60}
clients=${2:-64}
compare_seconds=${3:-10}
rounds=${4:-3}
workers=${WORKERS:-2}
connections=${CONNECTIONS:-16}
source "$(dirname "$0")/lib.sh"
require_wrk
purge_module=/usr/lib/nginx/modules/ngx_http_cache_purge_module.so
command -v nginx >/dev/null && [ -e "$purge_module" ] || {
  echo "nginx or its purge module is missing:" \
    "apt-get install -y nginx-light libnginx-mod-http-cache-purge" >&2; exit 1; }

run_id=$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
database=two_nodes_$run_id
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
redis_prefix="two-nodes-$run_id"
finish() {
  cleanup  # lib.sh: every server, then the work folder
  dropdb -h 127.0.0.1 -U postgres --if-exists "$database" || true
  redis-cli -u "$REDIS_URL" --scan --pattern "$redis_prefix:*" \
    | xargs -r redis-cli -u "$REDIS_URL" del >/dev/null || true
}
trap finish EXIT
createdb -h 127.0.0.1 -U postgres "$database"

export DJANGO_SETTINGS_MODULE=cms.settings.production
SECRET_KEY=$(random_secret two-nodes)
export SECRET_KEY
# The demo's portals are *.localhost.
export ALLOWED_HOSTS=127.0.0.1,localhost,.localhost
export SECURE_SSL_REDIRECT=0
export STATIC_ROOT="$work/static"
export CACHE_KEY_PREFIX="$redis_prefix:cache"
export STATS_REDIS_PREFIX="$redis_prefix:stats:"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$database"
export TASKS_BACKEND=django_tasks_db.DatabaseBackend
export CLIENT_IP_HEADER=HTTP_X_REAL_IP
export LOG_LEVEL=ERROR
nginx_port=$(free_port)
purge_port=$(free_port)
receiver_port=$(free_port)
node_a=$(free_port)
node_b=$(free_port)
export BASE_URL="http://localhost:$nginx_port"
export FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:$receiver_port"

cd "$repo"
# SeaweedFS, as the tests start it; its S3 settings come back in a file.
start_object_store

started=$SECONDS
"$py" manage.py migrate --noinput -v0
"$py" manage.py load_demo >/dev/null
"$py" manage.py collectstatic --noinput -v0
echo "database, demo (media into the bucket) and static files: $((SECONDS - started)) s"

"$py" manage.py db_worker --interval 0.2 >"$work/worker.log" 2>&1 &
echo $! >"$work/pid-worker"
# The demo's renditions are the worker's: wait until it has made them.
until [ "$("$py" manage.py shell --no-imports -c "
from django_tasks_db.models import DBTaskResult
print(DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).count())")" = 0 ]; do
  sleep 1
done
echo "task worker done with the demo's renditions: $((SECONDS - started)) s"

export ACCESS_LOG=1  # lib.sh: "<status> <request line>" per answer, per node
start_gunicorn node-a "$node_a" "$workers"
start_gunicorn node-b "$node_b" "$workers"

# nginx: the repository's file, rendered with this run's ports and folders,
# inside a minimal nginx.conf of our own (Debian's main file is not used).
mkdir -p "$work/nginx/cache"
: >"$work/nginx/tls.conf"  # plain HTTP on 127.0.0.1: no certificate
export PORTAL_NODES="server 127.0.0.1:$node_a max_fails=2 fail_timeout=5s;
    server 127.0.0.1:$node_b max_fails=2 fail_timeout=5s;"
export PORTAL_LISTEN="127.0.0.1:$nginx_port" PORTAL_SERVER_NAME=localhost
export PORTAL_TLS="$work/nginx/tls.conf" PORTAL_STATIC_ROOT="$STATIC_ROOT"
export PORTAL_CACHE_DIR="$work/nginx/cache" PORTAL_PURGE_LISTEN="127.0.0.1:$purge_port"
export PORTAL_VIEWS_LOG="$work/nginx/views.log"
envsubst '$PORTAL_NODES $PORTAL_LISTEN $PORTAL_SERVER_NAME $PORTAL_TLS
  $PORTAL_STATIC_ROOT $PORTAL_CACHE_DIR $PORTAL_PURGE_LISTEN $PORTAL_VIEWS_LOG' \
  <deploy/nginx/portal.conf >"$work/nginx/portal.conf"
# The bench's own record of every answer nginx gives (the truth the counts
# are checked against), beside the views log in the same location.
sed -i "s|^\( *\)access_log $PORTAL_VIEWS_LOG .*|\1access_log $work/nginx/answers.log bench_answers buffer=64k flush=1s;\n&|" \
  "$work/nginx/portal.conf"
grep -q "answers.log" "$work/nginx/portal.conf" || { echo "FAILED: no views log in portal.conf" >&2; exit 1; }
# Run as root, nginx's workers would otherwise become nobody, who cannot
# write to this run's folders.
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
cat >"$work/nginx/nginx.conf" <<EOF
load_module $purge_module;
$user_line
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log off;
    log_format bench_answers '\$status \$request_method \$upstream_cache_status "\$request_uri" "\$http_user_agent"';
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    include $work/nginx/portal.conf;
}
EOF
nginx -t -q -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/error.log"
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/error.log" \
  -g "daemon off;" &
echo $! >"$work/pid-nginx"
python3 deploy/nginx/purge_receiver.py --listen "127.0.0.1:$receiver_port" \
  --cache-dir "$work/nginx/cache" --nginx-purge "http://127.0.0.1:$purge_port" \
  >"$work/receiver.log" 2>&1 &
echo $! >"$work/pid-receiver"
base="http://127.0.0.1:$nginx_port"
until curl -fsS -o /dev/null -H "Host: localhost" "$base/healthz/" 2>/dev/null; do
  kill -0 "$(cat "$work/pid-nginx")" 2>/dev/null || { cat "$work/nginx/error.log" >&2; exit 1; }
  sleep 0.2
done

cache_status() {  # $1 = path; prints nginx's X-Cache-Status for a GET
  curl -fsS -o /dev/null -D - -H "Host: $host" "$base$1" | tr -d '\r' \
    | awk -F': ' 'tolower($1) == "x-cache-status" {print $2}'
}

mix_paths
# Requests name the default portal's host, as a browser would: the cache
# key, and so the purge of that portal, hold it.
read -r host article_id article <<<"$("$py" manage.py shell --no-imports -c "
from wagtail.models import Site
from news.models import NewsArticlePage
site = Site.objects.get(is_default_site=True)
article = (NewsArticlePage.objects.live().public().descendant_of(site.root_page)
           .order_by('pk').first())
print(site.hostname, article.pk, article.get_url_parts()[2])")"

# 1. A publish reaches nginx's cache.
cache_status "$article" >/dev/null
[ "$(cache_status "$article")" = HIT ] || { echo "FAILED: $article is not a HIT in nginx" >&2; exit 1; }
title="Bench purge $run_id"
"$py" manage.py shell --no-imports -c "
from news.models import NewsArticlePage
page = NewsArticlePage.objects.get(pk=$article_id)
page.title = '$title'
page.save_revision().publish()"
published=$(date +%s.%N)
until curl -fsS -H "Host: $host" "$base$article" | grep -c "$title" >/dev/null; do
  if (( $(date +%s) - ${published%.*} > 30 )); then
    echo "FAILED: nginx still serves the old $article 30 s after the publish" >&2
    cat "$work/receiver.log" "$work/worker.log" >&2; exit 1
  fi
  sleep 0.2
done
printf 'publish -> task worker -> PURGE -> new title served by nginx: %.1f s\n' \
  "$(echo "$(date +%s.%N) - $published" | bc)"
cut -d' ' -f6- "$work/receiver.log"
# Not merely the copy's s-maxage running out: the receiver purged this host.
grep -q "] $host/\*: [1-9]" "$work/receiver.log" \
  || { echo "FAILED: nothing of $host purged" >&2; exit 1; }

# 2. The surge, through nginx.
for path in "${paths[@]}"; do
  for _ in 1 2; do curl -sS -o /dev/null -H "Host: $host" "$base$path"; done
done
echo
echo "${#paths[@]} paths: ${paths[*]}"
echo "host $host; two nodes of $workers gunicorn workers (production settings, page cache in" \
  "Redis), PostgreSQL, SeaweedFS, task worker, nginx; wrk: $clients clients," \
  "${duration}s; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c"$clients" -d"${duration}s" --timeout 30s --latency -H "Host: $host" \
  -s bench/load_mix.lua "$base" -- "${paths[@]}" | tee "$work/wrk.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for node in node-a node-b; do
  grep -c "WORKER TIMEOUT" "$work/gunicorn-$node.log" | sed "s/^/$node workers killed: /" || true
done
if grep -q "5xx [1-9]\|connect [1-9]\|read [1-9]\|write [1-9]\|timeout [1-9]" "$work/wrk.txt"; then
  echo "FAILED: server errors or socket errors under load" >&2
  tail -20 "$work/nginx/error.log" "$work"/gunicorn-node-*.log >&2 || true
  exit 1
fi
echo "OK: no 5xx and no socket error"

# Page views: the nodes count what reaches them, count_proxy_log what nginx
# answered from its cache. Every page answered 200 to the load's browser is
# one view, the load's one address and browser one visit.
sleep 2  # the nodes send their counts to Redis every 0.5 s, nginx its logs every 1 s
# The start of load_mix.lua's User-Agent (the string goes on over a line).
agent=$(sed -n 's/.*\["User-Agent"\] = "\([^"]*\)".*/\1/p' bench/load_mix.lua)
started=$SECONDS
"$py" manage.py count_proxy_log "$work/nginx/views.log" | tee "$work/count.txt"
echo "count_proxy_log: $((SECONDS - started)) s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
read -r views visits < <("$py" manage.py shell --no-imports -c "
from django.db.models import Sum
from stats.models import DailySiteStat
totals = DailySiteStat.objects.aggregate(v=Sum('views'), n=Sum('visits'))
print(totals['v'] or 0, totals['n'] or 0)")
read -r served from_cache < <(printf '%s\n' "${pages[@]}" | awk -v agent="$agent" '
  NR == FNR { page["\"" $0 "\""] = 1; next }
  $1 == 200 && $2 == "GET" && ($4 in page) && index($0, "\"" agent) {
    n++; if ($3 == "HIT" || $3 == "STALE" || $3 == "UPDATING") c++ }
  END { print n + 0, c + 0 }' - "$work/nginx/answers.log")
echo "pages answered 200: $served ($from_cache from nginx's cache, $((served - from_cache))" \
  "from a node); page views recorded: $views; visits: $visits"
# What reached the nodes: the misses, and nginx's renewals of old copies
# (not counted: their readers had the old copy, counted from nginx's log).
printf '%s\n' "${pages[@]}" | awk '
  NR == FNR { page[$0] = 1; next }
  $2 == "GET" && ($3 in page) { n[$1]++ }
  END { printf "the nodes answered these pages (gunicorn logs, all clients, from the start):"
        for (s in n) printf " %s x %d", s, n[s]; print "" }' - "$work"/access-node-*.log
if [ "$views" != "$served" ] || [ "$visits" != 1 ]; then
  echo "FAILED: page views or visits behind nginx's cache not exact" >&2
  exit 1
fi
echo "OK: page views and visits exact behind nginx's cache"
# The rest measures the repository's configuration alone: without the
# bench's own log of every answer (the views log stays).
sed -i '/answers.log/d' "$work/nginx/portal.conf"
nginx -t -q -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/error.log"
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/error.log" -s reload
sleep 1

# 3. A cached article against a static file of the same bytes, same nginx.
mkdir -p "$STATIC_ROOT/bench"
curl -fsS -H "Host: $host" -o "$STATIC_ROOT/bench/article.html" "$base$article"
static=/static/bench/article.html
size=$(stat -c %s "$STATIC_ROOT/bench/article.html")
[ "$(curl -fsS -H "Host: $host" "$base$static" | wc -c)" = "$size" ]
[ "$(curl -fsS -H "Host: $host" "$base$article" | wc -c)" = "$size" ]
# The article is a HIT now, not merely fresh from a node.
[ "$(cache_status "$article")" = HIT ] || { echo "FAILED: $article is not a HIT" >&2; exit 1; }
echo
echo "cached article $article against $static, both $size bytes;" \
  "wrk: $connections connections, ${compare_seconds}s each, $rounds rounds"
: >"$work/compare"
for round in $(seq "$rounds"); do
  for name in article static; do
    path=$article
    [ $name = static ] && path=$static
    wrk -t2 -c"$connections" -d"${compare_seconds}s" --timeout 30s --latency \
      -H "Host: $host" -s bench/load_mix.lua "$base" -- "$path" >"$work/wrk-$name.txt"
    rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk-$name.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk-$name.txt")
    statuses=$(grep "^answers\|^nginx cache" "$work/wrk-$name.txt" | cut -d';' -f1 | paste -sd' ')
    echo "round $round  $name  $rps req/s  p99 $p99  $statuses"
    echo "$name $rps" >>"$work/compare"
    if grep -q "5xx [1-9]\|3xx [1-9]\|4xx [1-9]\|connect [1-9]\|read [1-9]\|timeout [1-9]" \
      "$work/wrk-$name.txt"; then
      echo "FAILED: answers other than 200 for $path" >&2; exit 1
    fi
    if [ $name = article ] && grep "^nginx cache" "$work/wrk-$name.txt" \
      | grep -q "EXPIRED\|MISS\|BYPASS\|STALE\|UPDATING\|REVALIDATED"; then
      echo "  (answers that were not HITs above: a copy's s-maxage ran out mid-run)"
    fi
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '{ if ($2 > best[$1]) best[$1] = $2 }
  END { printf "best: cached article %.0f req/s, static file %.0f req/s: ratio %.2f (target 0.80)\n",
        best["article"], best["static"], best["article"] / best["static"];
        exit (best["article"] / best["static"] < 0.8) }' "$work/compare" \
  || { echo "FAILED: the cached article is below 0.8 of the static file" >&2; exit 1; }
