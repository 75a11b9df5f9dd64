"""The IT officer's `create_portal` command (docs/portals.md)."""

from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
)

import pytest

from cms.models import SiteSettings
from home.models import HomePage
from news.models import (
    Category,
    EventIndexPage,
    NewsIndexPage,
    OfficialIndexPage,
)
from publications.models import PublicationIndexPage

pytestmark = pytest.mark.django_db

HOST = "xa-an.localhost"
NAME = "Ủy ban nhân dân xã An"


def create_portal(*args):
    out, err = StringIO(), StringIO()
    call_command("create_portal", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts():
    """How many of each thing a portal makes exist."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Site,
            Page,
            SiteSettings,
            Collection,
            Group,
            GroupPagePermission,
            GroupCollectionPermission,
            Workflow,
            WorkflowPage,
            GroupApprovalTask,
            Category,
        )
    }


def write_csv(tmp_path, text):
    path = tmp_path / "portals.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_portal_answers_on_its_host_with_its_sections_and_settings(home_page, client):
    create_portal(
        HOST,
        NAME,
        "--level",
        "commune",
        "--unit-code",
        "25114",
        "--short-name",
        "Xã An",
    )

    site = Site.objects.get(hostname=HOST)
    assert not site.is_default_site
    assert site.port == 80
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.live
    sections = {type(page) for page in home.get_children().live().specific()}
    assert sections == {
        NewsIndexPage,
        OfficialIndexPage,
        EventIndexPage,
        PublicationIndexPage,
    }
    settings = SiteSettings.objects.get(site=site)
    assert (settings.agency_name, settings.agency_short_name) == (NAME, "Xã An")
    assert (settings.level, settings.unit_code) == ("commune", "25114")
    assert Category.objects.exists()
    # The default site (the province) stays where it was.
    assert Site.objects.get(is_default_site=True).root_page_id == home_page.pk

    response = client.get("/tin-tuc/", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert NAME in response.content.decode()


def test_a_portal_has_its_collection_groups_and_workflow(home_page):
    create_portal(HOST, NAME, "--short-name", "Xã An")

    home = Site.objects.get(hostname=HOST).root_page
    collection = Collection.objects.get(name=f"Xã An ({HOST})")
    groups = {
        name: Group.objects.get(name=f"{name} – Xã An")
        for name in ("Biên tập viên", "Người duyệt", "Quản trị")
    }
    # Page permissions lie inside the portal's tree only.
    for group in groups.values():
        paths = GroupPagePermission.objects.filter(group=group).values_list(
            "page__path", flat=True
        )
        assert paths and all(path.startswith(home.path) for path in paths)
        assert set(
            GroupCollectionPermission.objects.filter(group=group).values_list(
                "collection", flat=True
            )
        ) == {collection.pk}
    assert GroupPagePermission.objects.filter(
        group=groups["Quản trị"], page=home
    ).exists()
    # Settings are not per site in Wagtail's permissions: not for a portal.
    assert (
        not groups["Quản trị"]
        .permissions.filter(codename="change_sitesettings")
        .exists()
    )
    workflow = WorkflowPage.objects.get(page=home).workflow
    assert workflow.name == "Duyệt tin – Xã An"
    task = workflow.tasks.get().specific
    assert set(task.groups.all()) == {groups["Người duyệt"], groups["Quản trị"]}
    news = NewsIndexPage.objects.child_of(home).get()
    assert news.get_workflow() == workflow


def test_running_it_twice_doubles_nothing(home_page):
    create_portal(HOST, NAME, "--unit-code", "25114")
    before = counts()

    out, _ = create_portal(HOST, NAME, "--unit-code", "25114")

    assert counts() == before
    assert "nothing new" in out


def test_a_renamed_portal_renames_its_groups_instead_of_adding_some(home_page):
    create_portal(HOST, NAME)
    before = counts()

    create_portal(HOST, NAME, "--short-name", "Xã An")

    assert counts() == before
    assert Group.objects.filter(name="Biên tập viên – Xã An").exists()
    assert Workflow.objects.filter(name="Duyệt tin – Xã An").exists()


def test_two_portals_with_one_short_name_get_distinct_groups(home_page):
    create_portal("xa-an.localhost", NAME, "--short-name", "Xã An")
    create_portal("xa-an-2.localhost", NAME, "--short-name", "Xã An")

    names = set(Group.objects.values_list("name", flat=True))
    assert {"Quản trị – Xã An", "Quản trị – Xã An (xa-an-2.localhost)"} <= names
    tasks = GroupApprovalTask.objects.filter(name__startswith="Người duyệt phê duyệt –")
    assert tasks.count() == 2
    for task in tasks:
        assert task.groups.count() == 2


def test_the_first_portal_of_an_empty_install_is_the_default_site(db):
    Site.objects.all().delete()

    create_portal("tinh.localhost", "Ủy ban nhân dân tỉnh", "--level", "province")

    assert Site.objects.get().is_default_site


def test_a_port_makes_another_portal_on_the_same_host(home_page):
    create_portal(HOST, NAME)
    create_portal(HOST, NAME, "--port", "8000")

    assert set(Site.objects.filter(hostname=HOST).values_list("port", flat=True)) == {
        80,
        8000,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("xa an", NAME), "xa an"),
        (("-bad.localhost", NAME), "-bad.localhost"),
        ((HOST, "  "), None),
        ((HOST, NAME, "--level", "huyen"), "huyen"),
        ((HOST,), "AGENCY NAME"),
    ],
)
def test_bad_arguments_are_a_clear_error_and_make_nothing(home_page, args, message):
    before = counts()
    with pytest.raises(CommandError, match=message):
        create_portal(*args)
    assert counts() == before


def test_csv_makes_every_portal(home_page, tmp_path):
    path = write_csv(
        tmp_path,
        "hostname,agency_name,level,unit_code,short_name\n"
        "xa-an.localhost,Ủy ban nhân dân xã An,commune,25114,Xã An\n"
        "phuong-binh.localhost,Ủy ban nhân dân phường Bình,ward,25115,\n",
    )

    out, err = create_portal("--from-csv", path)

    assert err == ""
    assert "2 portal(s) in place, 0 row(s) failed." in out
    assert SiteSettings.objects.get(site__hostname="phuong-binh.localhost").level == (
        "ward"
    )
    assert Group.objects.filter(name="Biên tập viên – phuong-binh.localhost").exists()

    before = counts()
    create_portal("--from-csv", path)
    assert counts() == before


def test_csv_reports_bad_rows_by_line_and_makes_the_others(home_page, tmp_path):
    path = write_csv(
        tmp_path,
        "hostname,agency_name,level,unit_code\n"
        "xa-an.localhost,Ủy ban nhân dân xã An,commune,25114\n"
        "xa sai,Ủy ban nhân dân xã Sai,commune,1\n"
        "xa-binh.localhost,,commune,2\n"
        "xa-chau.localhost,Ủy ban nhân dân xã Châu,huyen,3\n"
        "xa-an.localhost,Ủy ban nhân dân xã An lần hai,commune,25114\n"
        "xa-dong.localhost,Ủy ban nhân dân xã Đông,commune,4\n",
    )

    with pytest.raises(CommandError, match="4 row"):
        create_portal("--from-csv", path)

    assert set(
        Site.objects.exclude(is_default_site=True).values_list("hostname", flat=True)
    ) == {"xa-an.localhost", "xa-dong.localhost"}


def test_csv_errors_name_the_line_and_the_reason(home_page, tmp_path):
    path = write_csv(
        tmp_path,
        "hostname,agency_name,level,unit_code\n"
        "xa sai,Ủy ban nhân dân xã Sai,commune,1\n"
        "xa-an.localhost,Ủy ban nhân dân xã An,commune,25114\n"
        "xa-an.localhost,Ủy ban nhân dân xã An,commune,25114\n"
        "xa-chau.localhost,Ủy ban nhân dân xã Châu,huyen,3\n",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("create_portal", "--from-csv", path, stdout=StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["line 2", "line 4", "line 5"]
    assert "xa sai" in lines[0]
    assert "xa-an.localhost" in lines[1]
    assert lines[1].endswith(" 3.")
    assert "huyen" in lines[2]


def test_csv_without_the_header_is_refused(home_page, tmp_path):
    path = write_csv(tmp_path, "host,name\nxa-an.localhost,Xã An\n")
    with pytest.raises(CommandError, match="agency_name"):
        create_portal("--from-csv", path)
    assert not Site.objects.filter(hostname="xa-an.localhost").exists()


def test_missing_csv_file_is_a_clear_error(home_page, tmp_path):
    with pytest.raises(CommandError, match="khong-co.csv"):
        create_portal("--from-csv", str(tmp_path / "khong-co.csv"))


def test_portal_groups_may_reach_the_admin(home_page):
    create_portal(HOST, NAME)
    access = Permission.objects.get(codename="access_admin")
    assert (
        Group.objects.filter(name__endswith=f"– {HOST}", permissions=access).count()
        == 3
    )


def test_running_it_again_updates_the_settings_and_keeps_what_is_left_out(home_page):
    create_portal(HOST, NAME, "--unit-code", "25114", "--short-name", "Xã An")

    create_portal(HOST, "Ủy ban nhân dân xã An Mới", "--level", "ward")

    settings = SiteSettings.objects.get(site__hostname=HOST)
    assert settings.agency_name == "Ủy ban nhân dân xã An Mới"
    assert settings.level == "ward"
    assert (settings.unit_code, settings.agency_short_name) == ("25114", "Xã An")
