#!/usr/bin/env bash
# Time from a fresh clone to the first 200 of `make run`, then `make test`.
# Usage: bench/first_run.sh [port]
set -euo pipefail
port=${1:-8765}
repo=$(git rev-parse --show-toplevel)
dir=$(mktemp -d)
git clone -q "$repo" "$dir"
cd "$dir"
start=$(date +%s.%N)
make run PORT="$port" >run.log 2>&1 &
pid=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; do
  kill -0 $pid 2>/dev/null || { cat run.log; exit 1; }
  sleep 0.5
done
ready=$(date +%s.%N)
echo "make run: first 200 after $(echo "$ready - $start" | bc) s"
curl -fsS -o /dev/null -w "admin login: %{http_code}\n" "http://127.0.0.1:$port/admin/login/"
pkill -f "runserver 127.0.0.1:$port" || true
wait $pid 2>/dev/null || true
start=$(date +%s.%N)
make test >test.log 2>&1
echo "make test: $(echo "$(date +%s.%N) - $start" | bc) s ($(tail -1 test.log))"
rm -rf "$dir"
