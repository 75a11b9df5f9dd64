"""Production headers and cookies: what a scanner and a browser see."""

import json
import re

from django.test import Client
from django.urls import reverse

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms import reader
from tests import factories
from tests.cms.test_settings import run_manage

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "k" * 20 + "Zq8#pL2@vN5!xR7$wT1^" + "m" * 20,
    "ALLOWED_HOSTS": "portal.example.gov.vn",
}


def test_production_cookies_are_secure_and_hidden_from_scripts():
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
    ]
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))",
        **PRODUCTION,
    )
    values = json.loads(result.stdout)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_https_pages_carry_every_protective_header(client, home_page, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
    )
    # Our own files, and the one inline script by its hash (cms/reader.py).
    assert policy["script-src"] == f"'self' '{reader.HEAD_SCRIPT_HASH}'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert not response.cookies


def test_the_admin_signs_in_with_a_csrf_cookie_scripts_cannot_read(
    admin_user, settings
):
    settings.CSRF_COOKIE_HTTPONLY = True
    client = Client(enforce_csrf_checks=True)
    form = client.get("/admin/login/")
    assert form.cookies["csrftoken"]["httponly"]
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()
    ).group(1)

    signed_in = client.post(
        "/admin/login/",
        {"username": "admin", "password": "password", "csrfmiddlewaretoken": token},
    )
    assert signed_in.status_code == 302
    # A superuser's second factor (cms/two_factor.py), posted the same way
    # with the token signing in renewed.
    device = TOTPDevice.objects.create(user=admin_user, name="authenticator")
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        client.get("/admin/two-factor/").content.decode(),
    ).group(1)
    verified = client.post(
        "/admin/two-factor/",
        {"code": TOTP(device.bin_key).token(), "csrfmiddlewaretoken": token},
    )
    assert verified.status_code == 302

    # The admin's scripts post with the token the page gives them.
    dashboard = client.get("/admin/").content.decode()
    assert '"CSRF_TOKEN":' in dashboard.replace("&quot;", '"')


def frame_ancestors(response):
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
    )
    return policy["frame-ancestors"]


def test_only_the_admins_preview_of_a_page_may_be_framed_by_the_admin(
    client, news_index, admin_user
):
    article = factories.NewsArticlePageFactory(parent=news_index, title="Tin xem")
    public = client.get(article.url)
    client.force_login(admin_user)
    # A revision's preview: the same made-up request as the side panel's.
    revision = article.save_revision()
    preview = client.get(
        reverse("wagtailadmin_pages:revisions_view", args=[article.pk, revision.pk])
    )

    assert "Tin xem" in preview.content.decode()
    # The side panel's frame has the admin's origin, the preview URL's own.
    assert frame_ancestors(preview) == "'self'"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert frame_ancestors(public) == "'none'"
    assert public["X-Frame-Options"] == "DENY"
