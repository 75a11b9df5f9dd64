"""The report of every portal for the province administrator, and who sees
which portal's figures in the admin."""

import csv
import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wagtail.models import GroupPagePermission

import pytest

from stats.models import DailyPageStat, DailySiteStat, StatsSettings
from tests.factories import NewsArticlePageFactory

REPORT_URL = "/admin/stats/portals/"
SITE_URL = "/admin/stats/dailysitestat/"
PAGES_URL = "/admin/stats/dailypagestat/"


@pytest.fixture
def figures(portals):
    """Commune A arrived with 2,643 visits and 10,982,994 views; it and B were
    read today, 10 days ago and 100 days ago."""
    today = timezone.localdate()
    StatsSettings.objects.create(
        site=portals.sites["a"], initial_visits=2_643, initial_page_views=10_982_994
    )
    for key, base in (("a", 100), ("b", 1_000)):
        article = NewsArticlePageFactory(
            parent=portals.news[key], title=f"Tin của xã {key.upper()}"
        )
        for days_ago, views in ((0, base), (10, base * 2), (100, base * 3)):
            date = today - datetime.timedelta(days=days_ago)
            DailySiteStat.objects.create(
                site=portals.sites[key], date=date, views=views, visits=views // 10
            )
            DailyPageStat.objects.create(date=date, page=article, views=views)
    return portals


def officer(django_user_model, name, page, *codenames):
    """A user whose one group holds `change` on `page` (and its tree) and the
    given model permissions."""
    group = Group.objects.create(name=f"Biên tập viên – {name}")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", *codenames])
    )
    GroupPagePermission.objects.create(
        group=group,
        page=page,
        permission=Permission.objects.get(codename="change_page"),
    )
    user = django_user_model.objects.create_user(name, password="x" * 12)
    user.groups.add(group)
    return user


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 by its BOM
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_province_sees_every_portal_today_last_30_days_and_in_all(
    admin_client, figures
):
    response = admin_client.get(REPORT_URL)
    assert response.status_code == 200
    rows = {
        row["portal"].hostname: [
            row[name]
            for name in (
                "visits_today",
                "views_today",
                "visits_month",
                "views_month",
                "visits_total",
                "views_total",
            )
        ]
        for row in response.context["rows"]
    }
    assert rows == {
        "localhost": [0, 0, 0, 0, 0, 0],
        "xa-a.localhost": [10, 100, 30, 300, 2_643 + 60, 10_982_994 + 600],
        "xa-b.localhost": [100, 1_000, 300, 3_000, 600, 6_000],
    }
    html = response.content.decode()
    assert "Ủy ban nhân dân xã An" in html
    assert "10.983.594" in html or "10,983,594" in html


def test_the_csv_names_each_portal_in_vietnamese_for_excel(admin_client, figures):
    with translation.override("vi"):
        rows = csv_rows(admin_client.get(REPORT_URL + "?export=csv"))
    assert len(rows[0]) == 8
    by_host = {row[1]: row for row in rows[1:]}
    assert by_host["xa-a.localhost"] == [
        "Ủy ban nhân dân xã An",
        "xa-a.localhost",
        "10",
        "100",
        "30",
        "300",
        str(2_643 + 60),
        str(10_982_994 + 600),
    ]
    assert set(by_host) == {"localhost", "xa-a.localhost", "xa-b.localhost"}


def report_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(REPORT_URL + "?export=csv").status_code == 200
    return len(captured)


def test_the_report_costs_the_same_queries_whatever_the_number_of_portals(
    admin_client, figures
):
    from wagtail.models import Page, Site

    from tests.factories import HomePageFactory

    admin_client.get(REPORT_URL)
    three_portals = report_queries(admin_client)
    for number in range(5):
        home = HomePageFactory(parent=Page.get_first_root_node(), slug=f"xa-{number}")
        Site.objects.create(hostname=f"xa-{number}.localhost", root_page=home)
    admin_client.get(REPORT_URL)  # the portal directory is read afresh once

    assert report_queries(admin_client) == three_portals
    rows = csv_rows(admin_client.get(REPORT_URL + "?export=csv"))
    assert len(rows) == 1 + 3 + 5


def test_province_administrators_group_sees_every_portal(
    client, django_user_model, figures
):
    user = django_user_model.objects.create_user("tinh", password="x" * 12)
    user.groups.add(Group.objects.get(name="Quản trị"))
    client.force_login(user)
    hosts = {row["portal"].hostname for row in client.get(REPORT_URL).context["rows"]}
    assert hosts == {"localhost", "xa-a.localhost", "xa-b.localhost"}


def test_a_commune_officer_sees_only_their_portals_figures(
    client, django_user_model, figures
):
    user = officer(
        django_user_model,
        "bientap-a",
        figures.news["a"],
        "view_dailysitestat",
        "view_dailypagestat",
    )
    client.force_login(user)

    report = client.get(REPORT_URL)
    assert [row["portal"].hostname for row in report.context["rows"]] == [
        "xa-a.localhost"
    ]
    assert "xã Bình" not in report.content.decode()
    rows = csv_rows(client.get(REPORT_URL + "?export=csv"))
    assert [row[1] for row in rows[1:]] == ["xa-a.localhost"]

    daily = client.get(SITE_URL)
    assert {stat.site_id for stat in daily.context["object_list"]} == {
        figures.sites["a"].pk
    }
    pages = client.get(PAGES_URL)
    assert {stat.page.title for stat in pages.context["object_list"]} == {
        "Tin của xã A"
    }


def test_an_officer_of_the_province_tree_does_not_see_the_communes(
    client, django_user_model, figures
):
    user = officer(
        django_user_model, "bientap-tinh", figures.province_news, "view_dailysitestat"
    )
    client.force_login(user)
    rows = client.get(REPORT_URL).context["rows"]
    assert [row["portal"].hostname for row in rows] == ["localhost"]


def test_users_without_the_statistics_permission_cannot_open_the_report(
    client, django_user_model, figures
):
    client.force_login(officer(django_user_model, "bientap", figures.news["a"]))
    assert client.get(REPORT_URL).status_code in (302, 403)
