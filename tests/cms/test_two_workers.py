"""Two gunicorn workers, no Redis: a change made through one worker shows
through either worker on the very next request (the page, cached or rendered
afresh, its index with its "most read" list, the API), because every cache keys on one content version
kept in the cache all workers share (cms/caching.py; the file cache under
SHARED_CACHE_DIR without Redis)."""

import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django_otp.oath import TOTP

from tests.servers import Gunicorn, dev_env

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-workers-test-password"
# The superuser's authenticator (two-factor sign-in, cms/two_factor.py).
TOTP_KEY = "3132333435363738393031323334353637383930"
REQUESTS = 16

SETUP = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, Site
from stats.models import DailyPageStat
from tests import factories

home = factories.HomePageFactory(parent=Page.get_first_root_node(), title="Trang chủ")
Site.objects.update_or_create(
    is_default_site=True,
    defaults={"hostname": "127.0.0.1", "port": 80, "root_page": home},
)
index = factories.NewsIndexPageFactory(parent=home, slug="tin-tuc")
article = factories.NewsArticlePageFactory(
    parent=index, title="Tin Quynhtrang", slug="tin-quynh-trang"
)
DailyPageStat.objects.create(page=article, date=timezone.localdate(), views=5)
chief = get_user_model().objects.create_superuser(
    "chief", "chief@example.invalid", "{password}"
)
TOTPDevice.objects.create(user=chief, name="authenticator", key="{key}")
print(article.pk)
"""


class Browser:
    """A signed-in officer's browser: cookies kept, redirects not followed."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect
        )

    def request(self, path, data=None, files=None):
        """(status, page) of a GET, or of a POST of `data` (and `files`,
        {field: (file name, bytes)}, sent as a multipart form)."""
        headers = {"Referer": self.base + path}
        body = None
        if files:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                f"\r\n\r\n{value}\r\n".encode()
                for name, value in (data or {}).items()
            ]
            parts += [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream'
                "\r\n\r\n".encode()
                + content
                + b"\r\n"
                for name, (filename, content) in files.items()
            ]
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, body, headers)  # noqa: S310
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, response.read().decode()

    def csrf(self, path):
        _status, html = self.request(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    def sign_in(self, username, password, key=None):
        """The status of the password form, then (with the authenticator's
        `key`) of the two-factor form: 302 when signed in."""
        token = self.csrf("/admin/login/")
        status, _ = self.request(
            "/admin/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        if status != 302 or key is None:
            return status
        token = self.csrf("/admin/two-factor/")
        code = TOTP(bytes.fromhex(key)).token()
        status, _ = self.request(
            "/admin/two-factor/", {"csrfmiddlewaretoken": token, "code": code}
        )
        return status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def anonymous(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.mark.live
def test_a_change_through_one_worker_shows_through_both_at_once(database_url):
    # Every cache on, as production has them.
    env = dev_env(
        database_url,
        "two-workers-",
        PAGE_CACHE_SECONDS="300",
        FRAGMENT_CACHE_SECONDS="300",
        API_CACHE_SECONDS="300",
        STATS_FLUSH_INTERVAL="0",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    made = subprocess.run(
        [
            *manage,
            "shell",
            "--no-imports",
            "-c",
            SETUP.replace("{password}", PASSWORD).replace("{key}", TOTP_KEY),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    article_id = int(made.stdout.split()[-1])

    server = Gunicorn(env)
    try:
        # The pages with a query string the page cache never keeps, so each
        # request is rendered by a worker from what that worker's caches hold
        # (routes, fragments, most read); the page's own URL comes from the
        # page cache.
        urls = {
            "article": server.url + "/tin-tuc/tin-quynh-trang/",
            "article rendered": server.url + "/tin-tuc/tin-quynh-trang/?fresh={n}",
            "index rendered": server.url + "/tin-tuc/?fresh={n}",
            "api": server.url + "/api/v2/pages/?type=news.NewsArticlePage",
        }
        # Warm every worker's view of every cache. The index lists the
        # article twice: in its cards and in "most read".
        for n in range(REQUESTS):
            for name, url in urls.items():
                status, html = anonymous(url.format(n=n))
                assert status == 200, name
                assert html.count("Quynhtrang") >= (2 if "index" in name else 1)

        officer = Browser(server.url)
        assert officer.sign_in("chief", PASSWORD, TOTP_KEY) == 302, "signed in"
        unpublish = f"/admin/pages/{article_id}/unpublish/"
        token = officer.csrf(unpublish)
        status, _ = officer.request(unpublish, {"csrfmiddlewaretoken": token})
        assert status == 302, "unpublished"

        seen = {name: [] for name in urls}
        for n in range(REQUESTS):
            for name, url in urls.items():
                status, html = anonymous(url.format(n=n))
                seen[name].append("Quynhtrang" in html)
    finally:
        log = server.stop()

    assert seen == {name: [False] * REQUESTS for name in urls}, log
