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
def test_demo_served_on_base_url_names_that_address(client, monkeypatch):
    monkeypatch.setenv("BASE_URL", "http://127.0.0.1:8102")
    monkeypatch.setenv("PORT", "8000")

    home_demo.load(io.StringIO())

    assert links(client, "127.0.0.1:8102") == (
        "http://127.0.0.1:8102/",
        "http://127.0.0.1:8102/",
    )


@pytest.mark.django_db
def test_demo_behind_https_names_https_without_a_port(client, monkeypatch, settings):
    settings.ALLOWED_HOSTS = ["portal.example.gov.vn"]
    monkeypatch.setenv("BASE_URL", "https://portal.example.gov.vn/")

    home_demo.load(io.StringIO())

    assert links(client, "portal.example.gov.vn") == (
        "https://portal.example.gov.vn/",
        "https://portal.example.gov.vn/",
    )


@pytest.mark.django_db
def test_demo_without_base_url_is_hoa_binh_on_make_runs_port(client, monkeypatch):
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "8080")

    home_demo.load(io.StringIO())

    # Never Wagtail's first site, http://localhost/, whatever host was asked.
    assert links(client, "127.0.0.1:8080") == (
        "http://hoa-binh.localhost:8080/",
        "http://hoa-binh.localhost:8080/",
    )


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
