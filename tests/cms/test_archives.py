"""Closed portals live on (docs/archives.md): dated administrative units, a
read-only archive portal with its notice, old addresses redirecting, search
across time and merges.

One world, built as an operator would: units from CSV, portals with
`create_portal`, an old district portal's content with `import_archive`."""

import datetime
import json
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

import pytest

from cms import portals, units
from cms.models import AdministrativeUnit, SiteSettings, UnitSuccession
from news.models import NewsArticlePage, NewsIndexPage, OfficialPage
from publications.models import PublicationPage
from tests import factories
from tests.editorial.test_permission_matrix import is_denied

PROVINCE, DISTRICT, COMMUNE = "tinh.localhost", "minh-long.localhost", "xa.localhost"
OLD = "https://minhlong.quangngai.gov.vn"
OLD_ARTICLE = "/portal/Pages/2022-6-23/Minh-Long-sau-05-nam-day-manh.aspx"
OLD_ITEM = "/portal/default.aspx?ItemID=123"
OLD_DOCUMENT = "/portal/VanBan/default.aspx?ItemID=77"
OLD_LEADER = "/portal/LanhDao/default.aspx?ItemID=5"

UNITS_CSV = """code,name,level,valid_from,valid_to,successors
51,Tỉnh Quảng Ngãi,province,,,
526,Huyện Minh Long,district,,30/06/2025,21500
527,Huyện Sơn Hà,district,,2025-06-30,21501;21502
21500,Xã Minh Long,commune,2025-07-01,,
21501,Xã Sơn Hà,commune,2025-07-01,,
21502,Xã Sơn Linh,commune,2025-07-01,,
21499,Xã Long Hiệp,commune,,,
"""

ARTICLES = [
    {
        "title": "Minh Long sau 05 năm đẩy mạnh phát triển kinh tế",
        "date": "2022-06-23T08:30:00+07:00",
        "summary": "Bài lưu trữ.",
        "source_url": OLD + OLD_ARTICLE,
        "body": ["Sáng 23/6, Huyện ủy Minh Long tổng kết Nghị quyết."],
    },
    {
        "title": "Lịch tiếp công dân tháng 7",
        "date": "2022-07-01",
        "source_url": OLD + OLD_ITEM,
        "body": ["Chủ tịch UBND huyện tiếp công dân."],
    },
]


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def officer(username, role, host):
    run("create_officer", username, "--role", role, "--portal", host)
    user = get_user_model().objects.get(username=username)
    user.set_password("x")
    user.save()
    return user


def write_lines(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    return path


@pytest.fixture
def world(db, tmp_path):
    (tmp_path / "units.csv").write_text(UNITS_CSV)
    run("import_units", str(tmp_path / "units.csv"))
    run("create_portal", PROVINCE, "Ủy ban nhân dân tỉnh Quảng Ngãi", "--level",
        "province", "--unit-code", "51")  # fmt: skip
    run("create_portal", DISTRICT, "Ủy ban nhân dân huyện Minh Long", "--level",
        "district", "--unit-code", "526")  # fmt: skip
    run("create_portal", COMMUNE, "Ủy ban nhân dân xã Minh Long", "--unit-code",
        "21500")  # fmt: skip
    sites = {host: Site.objects.get(hostname=host) for host in (DISTRICT, COMMUNE)}
    admin = officer("quantri-ml", "admin", DISTRICT)
    factories.DocumentTypeFactory(name="Quyết định", slug="quyet-dinh")
    factories.OrganizationFactory(name="Ủy ban nhân dân huyện Minh Long")
    write_lines(tmp_path / "articles.jsonl", ARTICLES)
    write_lines(
        tmp_path / "documents.jsonl",
        [
            {
                "type": "quyet-dinh",
                "number": "15/QĐ-UBND",
                "issuer": "Ủy ban nhân dân huyện Minh Long",
                "issue_date": "2022-05-10",
                "abstract": "Về việc ban hành kế hoạch năm 2022.",
                "source_url": OLD + OLD_DOCUMENT,
            }
        ],
    )
    district_root = sites[DISTRICT].root_page
    # Made before the closing, never published: an archive keeps it hidden.
    draft = factories.NewsArticlePageFactory(
        parent=NewsIndexPage.objects.child_of(district_root).get(),
        title="Bản nháp chưa đăng Minh Long",
        live=False,
    )
    write_lines(
        tmp_path / "officials.jsonl",
        [
            {
                "name": "Đinh Văn Lãnh đạo",
                "honorific": "ong",
                "source_url": OLD + OLD_LEADER,
                "positions": [
                    {
                        "title": "Chủ tịch",
                        "organization": "Ủy ban nhân dân huyện Minh Long",
                        "start_date": "2021-06-01",
                        "end_date": "2025-06-30",
                    }
                ],
            }
        ],
    )
    output = run(
        "import_archive", DISTRICT,
        "--articles", str(tmp_path / "articles.jsonl"),
        "--publications", str(tmp_path / "documents.jsonl"),
        "--officials", str(tmp_path / "officials.jsonl"),
        "--closed-on", "2025-07-01", "--successor", COMMUNE,
    )  # fmt: skip
    return {
        "sites": sites,
        "admin": admin,
        "draft": draft,
        "official": OfficialPage.objects.get(source_url=OLD + OLD_LEADER),
        "output": output,
        "tmp": tmp_path,
        "article": NewsArticlePage.objects.get(source_url=OLD + OLD_ARTICLE),
        "item": NewsArticlePage.objects.get(source_url=OLD + OLD_ITEM),
        "document": PublicationPage.objects.get(number="15/QĐ-UBND"),
    }


def upload(client, view, collection, name):
    """Whether an image or document upload into `collection` was saved."""
    content = factories.image_file(name=name).file.getvalue()
    client.post(
        reverse(view),
        {"title": name, "collection": collection.pk,
         "file": SimpleUploadedFile(name, content)},
    )  # fmt: skip
    model = get_image_model() if "images" in view else get_document_model()
    return model.objects.filter(collection=collection, title=name).exists()


def on_portal(page):
    """A page's path on its own portal."""
    return "/" + page.url_path.split("/", 2)[2]


def get(client, path, host=DISTRICT, **extra):
    return client.get(path, HTTP_HOST=host, **extra)


def test_import_units_reports_bad_lines_and_saves_nothing(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name,level,valid_from,valid_to,successors\n"
        "1,Huyện Một,district,,2025-06-30,2\n"
        "2,Xã Hai,commune,2025-07-01,,\n"
        "3,Xã Ba,huyen,,,\n"
        "4,Xã Bốn,commune,31/02/2025,,\n"
        "5,Xã Năm,commune,,,99\n"
    )
    err = StringIO()

    with pytest.raises(CommandError, match="chưa lưu gì"):
        call_command("import_units", str(bad), stderr=err, stdout=StringIO())

    lines = err.getvalue()
    assert "dòng 4:" in lines and "huyen" in lines
    assert "dòng 5:" in lines and "dòng 6:" in lines and "99" in lines
    assert "dòng 2" not in lines
    assert not AdministrativeUnit.objects.exists()


def test_units_store_merges_and_splits(db, tmp_path):
    (tmp_path / "units.csv").write_text(UNITS_CSV)
    run("import_units", str(tmp_path / "units.csv"))
    # Again: the same file changes nothing.
    run("import_units", str(tmp_path / "units.csv"))

    son_ha = AdministrativeUnit.objects.get(code="527")
    [(direction, kind, date, became)] = units.history(son_ha)
    assert (direction, kind, date.isoformat()) == ("into", "split", "2025-07-01")
    assert sorted(unit.name for unit in became) == ["Xã Sơn Hà", "Xã Sơn Linh"]
    assert UnitSuccession.objects.count() == 3

    units.record_merge(
        [AdministrativeUnit.objects.get(code="21499")],
        AdministrativeUnit.objects.get(code="21500"),
        date,
    )
    minh_long = AdministrativeUnit.objects.get(code="21500")
    [(direction, kind, _date, came)] = units.history(minh_long)
    assert (direction, kind) == ("from", "merge")
    assert sorted(unit.name for unit in came) == ["Huyện Minh Long", "Xã Long Hiệp"]


def test_old_addresses_answer_301_to_the_imported_pages(client, world):
    article, item, document = world["article"], world["item"], world["document"]

    for old, page in (
        (OLD_ARTICLE, article),
        (OLD_ARTICLE + "?utm_source=zalo", article),
        (OLD_ITEM, item),
        (OLD_DOCUMENT, document),
        (OLD_LEADER, world["official"]),
    ):
        response = get(client, old)
        assert response.status_code == 301, old
        assert response["Location"].endswith(page.url_path.split("/", 2)[2]), old
    # Another ItemID is another page: not redirected to this one.
    assert get(client, "/portal/default.aspx?ItemID=124").status_code == 404
    # The redirect names the page: a new host name keeps it working.
    site = world["sites"][DISTRICT]
    site.hostname = "luutru-minhlong.localhost"
    site.save()
    assert get(client, OLD_ITEM, host="luutru-minhlong.localhost").status_code == 301

    # Importing the same files again adds no redirect.
    count = Redirect.objects.count()
    output = run(
        "import_archive", "luutru-minhlong.localhost",
        "--articles", str(world["tmp"] / "articles.jsonl"),
    )  # fmt: skip
    assert Redirect.objects.count() == count == 4
    assert "0 chuyển hướng mới" in output or "0 redirect" in output


def test_archive_refuses_every_editing_path_to_its_officers(client, world):
    admin, article = world["admin"], world["article"]
    news = article.get_parent()
    client.force_login(admin)

    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert is_denied(client.get(edit))
    assert is_denied(client.post(edit, {"title": "Sửa", "action-publish": "1"}))
    add = reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", news.pk])
    assert is_denied(client.get(add))
    for action in ("publish", "unpublish", "move", "copy", "delete"):
        response = client.post(
            f"/admin/api/main/pages/{article.pk}/action/{action}/",
            {"destination_page_id": news.pk},
            content_type="application/json",
        )
        assert response.status_code in (403, 400), action
    assert is_denied(
        client.get(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))
    )
    # Scheduling is publishing with a date: the same permission, refused.
    assert not article.permissions_for_user(admin).can_publish()
    assert not article.permissions_for_user(admin).can_unschedule()
    # Files: the archive's collection takes no upload.
    collection = Collection.objects.get(name__endswith=f"({DISTRICT})")
    assert not upload(client, "wagtailimages:add", collection, "a.jpg")
    assert not upload(client, "wagtaildocs:add", collection, "a.pdf")
    # The import commands refuse it too.
    with pytest.raises(CommandError, match="import_archive"):
        run("import_articles", str(world["tmp"] / "articles.jsonl"),
            "--index", str(news.pk))  # fmt: skip
    article.refresh_from_db()
    assert article.title == ARTICLES[0]["title"] and article.live

    # A province administrator reopens it: its officers may edit again.
    run("archive_portal", DISTRICT, "--reopen")
    assert Page.objects.get(pk=article.pk).permissions_for_user(admin).can_edit()
    assert upload(client, "wagtailimages:add", collection, "a.jpg")


def test_every_page_of_an_archive_carries_the_notice(client, world):
    article, document = world["article"], world["document"]
    paths = [
        "/",
        "/tin-tuc/",
        article.url_path.split("/", 2)[2],
        "/lanh-dao/",
        world["official"].url_path.split("/", 2)[2],
        "/van-ban/",
        document.url_path.split("/", 2)[2],
        "/lich-cong-tac/",
        "/search/?q=minh+long",
    ]
    for path in paths:
        path = "/" + path.lstrip("/")
        response = get(client, path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "Đây là trang lưu trữ" in body, path
        assert "Ủy ban nhân dân huyện Minh Long" in body, path
        assert "01/07/2025" in body, path
        assert 'href="http://xa.localhost/"' in body, path
    # Still public and indexable: in the sitemap, no noindex.
    sitemap = get(client, "/sitemap.xml").content.decode()
    assert "minh-long-sau-05-nam" in sitemap
    assert "noindex" not in get(client, paths[2]).content.decode()
    # Its counters go on from the old portal's totals.
    run("starting_totals", DISTRICT, "--visits", "1098299", "--views", "10982994")
    figures = get(client, "/api/v2/stats/").json()
    assert figures["visits"] >= 1098299 and figures["page_views"] >= 10982994
    # The commune's own pages carry no notice.
    assert "Đây là trang lưu trữ" not in get(client, "/", host=COMMUNE).content.decode()
    # The draft made before the closing stays hidden everywhere.
    draft = world["draft"]
    assert get(client, on_portal(draft)).status_code == 404
    assert draft.slug not in sitemap


def test_pages_name_the_agency_as_it_was_on_their_date(client, world):
    commune_news = NewsIndexPage.objects.child_of(
        world["sites"][COMMUNE].root_page
    ).get()
    new = factories.NewsArticlePageFactory(
        parent=commune_news,
        title="Tin mới năm 2026",
        date=datetime.datetime(2026, 3, 2, 8, tzinfo=datetime.UTC),
    )
    new.save_revision().publish()

    old = get(client, on_portal(world["article"]))
    assert '<span class="agency">Ủy ban nhân dân huyện Minh Long</span>' in (
        old.content.decode()
    )
    fresh = get(client, on_portal(new), host=COMMUNE)
    assert '<span class="agency">Ủy ban nhân dân xã Minh Long</span>' in (
        fresh.content.decode()
    )
    for page in (world["document"], world["official"]):
        api = get(client, f"/api/v2/pages/{page.pk}/").json()
        assert api["agency"] == "Ủy ban nhân dân huyện Minh Long"


def test_a_page_dated_just_after_midnight_names_the_new_agency():
    # The commune began on 1 July 2025 in Vietnam (an official's page falls
    # back to the day it was first published, a datetime).
    portal = portals.Portal(
        **dict.fromkeys(
            ("hostname", "root_path", "root_url_path", "base_url", "name"), ""
        ),
        **dict.fromkeys(("short_name", "level", "unit_code"), ""),
        **dict.fromkeys(("site_id", "port", "root_page_id"), 1),
        is_default=False,
        unit_periods=(
            units.Period(
                datetime.date(2025, 7, 1), None, "Ủy ban nhân dân xã Minh Long"
            ),
            units.Period(
                None, datetime.date(2025, 6, 30), "Ủy ban nhân dân huyện Minh Long"
            ),
        ),
    )
    # As the database hands it back, in UTC: 00:30 on 1 July in Vietnam.
    just_after = datetime.datetime(2025, 6, 30, 17, 30, tzinfo=datetime.UTC)
    assert units.agency_name_on(portal, just_after) == "Ủy ban nhân dân xã Minh Long"
    just_before = just_after - datetime.timedelta(hours=1)
    assert (
        units.agency_name_on(portal, just_before) == "Ủy ban nhân dân huyện Minh Long"
    )


def test_successor_search_includes_archives_when_asked(client, world):
    plain = get(client, "/search/?q=minh+long+sau", host=COMMUNE).content.decode()
    assert "bao gồm trang lưu trữ" in plain
    assert "minh-long-sau-05-nam" not in plain

    body = get(client, "/search/?q=minh+long&archives=1", host=COMMUNE).content.decode()
    assert "minh-long-sau-05-nam" in body
    assert "Lưu trữ: Ủy ban nhân dân huyện Minh Long" in body
    assert "http://minh-long.localhost/tin-tuc/" in body
    assert "Bản nháp chưa đăng" not in body

    province = get(client, "/search/?q=minh+long+sau&scope=province", host=PROVINCE)
    assert "minh-long-sau-05-nam" in province.content.decode()


def test_merging_portals_archives_them_and_shows_earlier_leaders(client, world):
    run("create_portal", "long-hiep.localhost", "Ủy ban nhân dân xã Long Hiệp",
        "--unit-code", "21499")  # fmt: skip
    run("merge_portals", "long-hiep.localhost", "--into", COMMUNE,
        "--on", "2025-07-01")  # fmt: skip

    merged = SiteSettings.objects.get(site__hostname="long-hiep.localhost")
    assert merged.closed_on.isoformat() == "2025-07-01"
    assert merged.successor.hostname == COMMUNE
    notice = get(client, "/", host="long-hiep.localhost").content.decode()
    assert "sáp nhập vào Xã Minh Long" in notice

    leaders = get(client, "/lanh-dao/", host=COMMUNE).content.decode()
    assert "Lãnh đạo qua các thời kỳ" in leaders
    assert "Đinh Văn Lãnh đạo" in leaders
