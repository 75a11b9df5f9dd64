"""The demo's canonical and OpenGraph links name the address it is served on:
BASE_URL when the environment gives one, else hoa-binh.localhost on PORT."""

import io

from django.core.management.base import CommandError

import pytest
from bs4 import BeautifulSoup

from home import demo as home_demo


def links(client, host):
    soup = BeautifulSoup(client.get("/", HTTP_HOST=host).content, "html.parser")
    canonical = soup.find("link", rel="canonical")["href"]
    og_url = soup.find("meta", property="og:url")["content"]
    return canonical, og_url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("base_url", "host", "expected"),
    [
        # BASE_URL wins over make run's PORT.
        ("http://127.0.0.1:8102", "127.0.0.1:8102", "http://127.0.0.1:8102/"),
        # Behind HTTPS: no port.
        (
            "https://portal.example.gov.vn/",
            "portal.example.gov.vn",
            "https://portal.example.gov.vn/",
        ),
        # Without BASE_URL: never Wagtail's first site, http://localhost/,
        # whatever host was asked.
        (None, "127.0.0.1:8080", "http://hoa-binh.localhost:8080/"),
    ],
    ids=["base-url", "https", "hoa-binh-on-port"],
)
def test_the_demo_names_the_address_it_is_served_on(
    client, monkeypatch, settings, base_url, host, expected
):
    settings.ALLOWED_HOSTS = [host.split(":")[0]]
    monkeypatch.setenv("PORT", "8080")
    if base_url:
        monkeypatch.setenv("BASE_URL", base_url)
    else:
        monkeypatch.delenv("BASE_URL", raising=False)

    home_demo.load(io.StringIO())

    assert links(client, host) == (expected, expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("127.0.0.1:8000", "is not an address like http://127.0.0.1:8000"),
        ("ftp://example.gov.vn", "is not an address like"),
        ("http://127.0.0.1:99999", "the port is not a number"),
    ],
)
def test_a_bad_base_url_stops_the_demo_with_a_clear_error(monkeypatch, value, message):
    monkeypatch.setenv("BASE_URL", value)

    with pytest.raises(CommandError, match=message):
        home_demo.load(io.StringIO())
