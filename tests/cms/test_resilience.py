"""Headers and failure modes every route shares."""

import os
import subprocess
import sys
from pathlib import Path

from tests import factories

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from django.test import Client
c = Client(HTTP_HOST="localhost")
for url in ["/", "/search/?q=x", "/healthz/", "/api/v2/pages/"]:
    r = c.get(url)
    print(url, r.status_code, r.get("Retry-After"), r.get("Content-Type"))
print("message", c.get("/api/v2/pages/").json()["message"])
"""


def test_database_outage_answers_503_with_retry_after():
    # A real connection attempt to a port where nothing listens.
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:9/none"}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert lines["/"].startswith("503 30 text/html"), result.stdout + result.stderr
    assert lines["/search/?q=x"].startswith("503 30")
    assert lines["/healthz/"].startswith("503 30")
    assert lines["/api/v2/pages/"].split()[:2] == ["503", "30"]
    assert "application/json" in lines["/api/v2/pages/"]
    assert (
        lines["message"] == "Dịch vụ tạm thời gián đoạn; vui lòng thử lại sau ít phút."
    )


def test_health_endpoint_is_ok_when_the_database_answers(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_pages_api_and_documents_may_not_be_embedded_by_other_sites(client, home_page):
    image = factories.ImageFactory()
    for url in ("/", "/api/v2/pages/", f"/api/v2/images/{image.pk}/"):
        assert client.get(url)["Cross-Origin-Resource-Policy"] == "same-site", url


def test_media_may_be_shown_by_apps_and_other_sites(client, home_page):
    # Django serves media only with DEBUG (nginx in production, with the same
    # header): the header is on whatever answers under /media/.
    image = factories.ImageFactory()
    response = client.get(image.file.url)
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_public_pages_carry_security_headers(client, home_page):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_public_site_speaks_vietnamese_whatever_the_browser_asks(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Bỏ qua đến nội dung chính" in response.content.decode()


def test_unknown_page_gets_the_portal_404(client, home_page):
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    assert "Ủy ban nhân dân xã Thử Nghiệm" in response.content.decode()


def test_a_new_site_has_its_settings_before_any_request(db):
    from wagtail.models import Page, Site

    from cms.models import SiteSettings

    site = Site.objects.create(
        hostname="other.example", root_page=Page.get_first_root_node()
    )
    assert SiteSettings.objects.filter(site=site).count() == 1


def test_pages_are_served_from_the_database_while_redis_is_down(
    client, home_page, news_index, settings
):
    article = factories.NewsArticlePageFactory(
        parent=news_index, title="Thông báo mất điện"
    )
    article.save_revision().publish()
    # Nothing listens on port 9: every cache read and write fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 300

    for url in (article.url, article.url, home_page.url, news_index.url):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Thông báo mất điện" in client.get(article.url).content.decode()
