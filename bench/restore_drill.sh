#!/usr/bin/env bash
# A backup and a restore, timed, as docs/deploy.md ("Backups") has them, on
# scratch databases and buckets: a source database given the demo content
# with its media in a SeaweedFS bucket; pg_dump and backup_media; then
# pg_restore into a new database, restore_media into a new bucket and
# migrate; then a gunicorn on the restored copy must serve an article (200,
# its title) whose image comes from the new bucket (an anonymous GET of the
# address the page names: 200, the same bytes as the source's object).
#
# Usage: bench/restore_drill.sh
# Everything started is stopped, and both databases dropped, on exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

run_id=$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
source_db=drill_source_$run_id
restored_db=drill_restored_$run_id
restored_bucket=portal-media-restored
finish() {
  cleanup
  for db in "$source_db" "$restored_db"; do
    dropdb -h 127.0.0.1 -U postgres --if-exists "$db" || true
  done
}
trap finish EXIT

export DJANGO_SETTINGS_MODULE=cms.settings.production
SECRET_KEY=$(random_secret drill)
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=0
export BASE_URL=http://localhost
export STATIC_ROOT="$work/static"
export SHARED_CACHE_DIR="$work/cache"
export STATS_REDIS_URL=""
export LOG_LEVEL=ERROR
cd "$repo"

start_object_store "$restored_bucket"
source_bucket=$AWS_STORAGE_BUCKET_NAME

# The source: the demo, its media (and renditions, made in-process by the
# immediate task backend) in the source bucket.
createdb -h 127.0.0.1 -U postgres "$source_db"
createdb -h 127.0.0.1 -U postgres "$restored_db"
SRC="postgres://postgres@127.0.0.1:5432/$source_db"
DST="postgres://postgres@127.0.0.1:5432/$restored_db"
DATABASE_URL=$SRC "$py" manage.py migrate --noinput -v0
DATABASE_URL=$SRC "$py" manage.py load_demo >/dev/null
DATABASE_URL=$SRC "$py" manage.py collectstatic --noinput -v0

timed() {  # $1 = step's name, then its command; prints "name seconds"
  local name=$1 start
  shift
  start=$(date +%s.%N)
  "$@"
  printf '%-16s %6.1f s\n' "$name" "$(echo "$(date +%s.%N) - $start" | bc)" >>"$work/times"
}
: >"$work/times"
stamp=$(date +%F)
dump="$work/portal-$stamp.dump"
archive="$work/media-$stamp.tar.gz"

echo "backup, load average $(cut -d' ' -f1-3 /proc/loadavg)"
timed pg_dump pg_dump --format=custom --no-owner --file="$dump" "$SRC"
DATABASE_URL=$SRC timed backup_media "$py" manage.py backup_media "$archive"
echo "restore into $restored_db and bucket $restored_bucket"
timed pg_restore pg_restore --no-owner --dbname="$DST" "$dump"
DATABASE_URL=$DST AWS_STORAGE_BUCKET_NAME=$restored_bucket \
  timed restore_media "$py" manage.py restore_media "$archive"
DATABASE_URL=$DST AWS_STORAGE_BUCKET_NAME=$restored_bucket \
  timed migrate "$py" manage.py migrate --noinput
echo "dump $(du -k "$dump" | cut -f1) KB, media archive $(du -k "$archive" | cut -f1) KB"

# The restored copy serves a page and its image from the new bucket.
export DATABASE_URL=$DST AWS_STORAGE_BUCKET_NAME=$restored_bucket
read -r article_id article <<<"$("$py" manage.py shell --no-imports -c "
from wagtail.models import Site
from news.models import NewsArticlePage
home = Site.objects.get(is_default_site=True).root_page
article = (NewsArticlePage.objects.live().public().descendant_of(home)
           .exclude(hero_image=None).order_by('pk').first())
print(article.pk, article.get_url_parts()[2])")"
port=$(free_port)
start_gunicorn restored "$port" 2
curl -fsS -H "Host: localhost" "http://127.0.0.1:$port$article" >"$work/page.html"
grep -q "$("$py" manage.py shell --no-imports -c "
from wagtail.models import Page
print(Page.objects.get(pk=$article_id).title)")" "$work/page.html" \
  || { echo "FAILED: $article does not show its title" >&2; exit 1; }
image=$(grep -o "$AWS_S3_ENDPOINT_URL/$restored_bucket/images/[^\"' ]*" "$work/page.html" | head -1)
[ -n "$image" ] || { echo "FAILED: $article names no image in $restored_bucket" >&2; exit 1; }
curl -fsS -o "$work/restored-image" "$image"
curl -fsS -o "$work/source-image" "${image/\/$restored_bucket\//\/$source_bucket\/}"
cmp -s "$work/restored-image" "$work/source-image" \
  || { echo "FAILED: $image differs from the source's" >&2; exit 1; }
echo "restored copy: $article answered 200 with its title; its image" \
  "${image#"$AWS_S3_ENDPOINT_URL"/} ($(stat -c %s "$work/restored-image") bytes)" \
  "answered 200 from the new bucket, the same bytes as the source's"
echo
cat "$work/times"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
