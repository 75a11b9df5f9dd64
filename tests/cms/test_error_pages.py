"""Error pages are the portal's own, in Vietnamese, without a stack trace."""

from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import get_resolver
from django.utils import translation
from django.utils.translation import gettext

import pytest


def vietnamese(message):
    with translation.override("vi"):
        return gettext(message)


def assert_portal_error_page(response, status, heading):
    body = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="vi">' in body
    assert vietnamese(heading) in body
    assert "Traceback" not in body
    assert "django" not in body.lower()


def test_an_unknown_host_gets_the_portal_400(db):
    response = Client(HTTP_HOST="evil.example").get("/")
    assert_portal_error_page(response, 400, "The request could not be understood")


def test_a_refused_request_gets_the_portal_403(db):
    handler = get_resolver().resolve_error_handler(403)
    request = RequestFactory().get("/")
    response = handler(request, exception=PermissionDenied("secret detail"))
    assert_portal_error_page(
        response, 403, "You do not have permission to view this page"
    )
    assert "secret detail" not in response.content.decode()


def test_a_form_without_its_csrf_token_gets_the_portal_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert_portal_error_page(response, 403, "The form has expired")
    assert "CSRF" not in response.content.decode()


def test_a_crash_gets_the_portal_500(db):
    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/"))
    assert_portal_error_page(response, 500, "Something went wrong")


@pytest.mark.parametrize("template", ["400.html", "403.html", "403_csrf.html"])
def test_error_pages_load_nothing_from_elsewhere(template):
    from django.template.loader import render_to_string

    html = render_to_string(template)
    assert "<script" not in html
    assert "http://" not in html
    assert "https://" not in html
