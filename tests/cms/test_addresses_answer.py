"""Every address the site prints answers, on the port it is served on.

The demo is loaded as `make run PORT=…` loads it, on a port other than 8000,
and served by gunicorn on that port. The home page, an article, the RSS feed,
both calendars, the sitemap and the API detail of an article name absolute
URLs (links, images, canonical, og:url, JSON-LD, <loc>, enclosures, URL:,
detail_url, html_url, download_url…); each one on our own host names must
carry that port and answer 200, or redirect to another of our addresses.
"""

import html
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks

from tests.api.test_schema import follows_the_rules
from tests.servers import Gunicorn, dev_env, free_port

ROOT = Path(__file__).resolve().parents[2]
ABSOLUTE_URL = re.compile(r"""https?://[^\s"'<>\\]+""")

# What a visitor opens first, found the way a reader would: the default
# portal's first article and event, their sections.
PATHS = """
import json
from wagtail.models import Site
from news.models import EventPage, NewsArticlePage

home = Site.objects.get(is_default_site=True).root_page

def first(model):
    page = model.objects.live().public().descendant_of(home).order_by("path").first()
    return page, page.get_url_parts()[2]

article, article_path = first(NewsArticlePage)
event, event_path = first(EventPage)
print(json.dumps({
    "home": "/",
    "article": article_path,
    "feed": article_path.rsplit("/", 2)[0] + "/feed/",
    "calendar": event_path.rsplit("/", 2)[0] + "/ical/",
    "event calendar": event_path + "ical/",
    "sitemap": "/sitemap.xml",
    "api article": f"/api/v2/pages/{article.pk}/",
}))
"""


def ours(hostname):
    """The demo's portals (*.localhost) and the loopback names."""
    return hostname in ("localhost", "127.0.0.1") or hostname.endswith(".localhost")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(port, url):
    """GET an URL of ours: to the server on 127.0.0.1, with the URL's host
    name as Host (*.localhost need no resolver)."""
    parts = urlsplit(url)
    target = f"http://127.0.0.1:{port}{parts.path}" + (
        f"?{parts.query}" if parts.query else ""
    )
    request = urllib.request.Request(target, headers={"Host": parts.netloc})
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def absolute_urls(text):
    # Calendars fold long lines (RFC 5545); HTML and XML escape "&".
    text = html.unescape(text.replace("\r\n ", ""))
    return {url.rstrip(".,;") for url in ABSOLUTE_URL.findall(text)}


def fuzz_operation(base_url, operation, mode, examples):
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def check(data):
        case = data.draw(operation.as_strategy(generation_mode=mode))
        assume(mode.is_negative or follows_the_rules(case))
        case.call_and_validate(base_url=base_url, checks=CHECKS.get_all())

    check()


def fuzz_api(port, examples=10):
    """Every operation of the schema the demo serves, with valid requests,
    checked by every schemathesis check against the server itself. Invalid
    requests are tried in-process (tests/api/test_schema.py): here gunicorn
    itself answers an over-long request line with its own 414, before the
    site sees it. Returns how many operations were checked."""
    load_all_checks()
    base_url = f"http://127.0.0.1:{port}"
    served = schemathesis.openapi.from_url(f"{base_url}/api/v2/schema/")
    operations = [result.ok() for result in served.get_all_operations()]
    for operation in operations:
        fuzz_operation(base_url, operation, GenerationMode.POSITIVE, examples)
    return len(operations)


@pytest.mark.live
def test_every_address_the_site_prints_answers_on_its_port(database_url):
    port = free_port()
    while port == 8000:
        port = free_port()
    # Development settings (DEBUG: static and media files served), as `make
    # run` has them.
    env = dev_env(database_url, "addresses-", PORT=str(port))
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run(
            [*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    found = subprocess.run(
        [*manage, "shell", "--no-imports", "-c", PATHS],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    paths = json.loads(found.stdout.strip().splitlines()[-1])
    home = f"http://hoa-binh.localhost:{port}"

    server = Gunicorn(env, port=port)
    try:
        printed = {}
        for name, path in paths.items():
            status, _headers, body = fetch(port, home + path)
            assert status == 200, (name, path)
            for url in absolute_urls(body.decode()):
                if ours(urlsplit(url).hostname or ""):
                    printed.setdefault(url, name)
        assert len(printed) > 20, printed

        wrong_port = {u: n for u, n in printed.items() if urlsplit(u).port != port}
        failed = {}
        for url, name in sorted(printed.items()):
            if url in wrong_port:
                continue
            status, headers, _body = fetch(port, url)
            location = headers.get("Location", "")
            redirect_ok = status in (301, 302) and (
                location.startswith("/")
                or (
                    ours(urlsplit(location).hostname or "")
                    and urlsplit(location).port == port
                )
            )
            if status != 200 and not redirect_ok:
                failed[url] = (name, status, location)
        # And the demo's API keeps the schema it serves, under every check.
        fuzzed = fuzz_api(port)
    finally:
        log = server.stop()

    assert fuzzed >= 10  # pages, images, documents, site, stats, register...
    assert wrong_port == {}, "addresses on another port than the server's"
    assert failed == {}, log
