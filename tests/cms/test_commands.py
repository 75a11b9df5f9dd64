import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

import pytest

from cms.models import AdministrativeUnit, CustomImage, Organization, SiteSettings
from news.models import Category, EventPage, NewsArticlePage, OfficialPage


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": NewsArticlePage.objects.count(),
        "officials": OfficialPage.objects.count(),
        "events": EventPage.objects.count(),
        "images": CustomImage.objects.count(),
        "categories": Category.objects.count(),
        "organizations": Organization.objects.count(),
        "settings": SiteSettings.objects.count(),
        "units": AdministrativeUnit.objects.count(),
        "redirects": Redirect.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_twice_leaves_the_same_counts():
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert first["articles"] >= 12
    assert first["officials"] >= 8
    assert first["events"] >= 6
    assert Category.objects.filter(articles__isnull=False).distinct().count() >= 3
    # The archive of a closed district portal, its old addresses redirecting.
    archive = SiteSettings.objects.get(site__hostname="huyen-an-phu.localhost")
    assert archive.closed_on and archive.successor.hostname == "an-phu.localhost"
    assert first["redirects"] == 5
    host = {"HTTP_HOST": "huyen-an-phu.localhost:8000"}
    response = Client().get("/portal/default.aspx?ItemID=123", **host)
    assert response.status_code == 301
    page = Client().get(response["Location"], **host).content.decode()
    assert "Đây là trang lưu trữ" in page


@pytest.mark.django_db
def test_ensure_admin_prints_a_generated_password_once():
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    line = [x for x in out.getvalue().splitlines() if "password" in x][0]
    password = line.rsplit(" ", 1)[1]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    again = io.StringIO()
    call_command("ensure_admin", stdout=again)
    assert password not in again.getvalue()
    assert "manage.py changepassword admin" in again.getvalue()
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_two_ensure_admin_runs_generate_different_passwords():
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_admin", stdout=first)
    get_user_model().objects.all().delete()
    call_command("ensure_admin", stdout=second)
    assert first.getvalue() != second.getvalue()
