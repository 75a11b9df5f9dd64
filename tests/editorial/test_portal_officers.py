"""Officers see their portal only (docs/portals.md, "Officers").

Two commune portals made by `create_portal`, each with a published article
carrying a newer draft, an article awaiting approval, an image and a document
in its collection. Every admin URL of the permission matrix, every chooser,
listing and report is asked by an officer of commune A for commune B's
objects, which must answer 403/404/a redirect or show nothing of B; for A's
objects the same URL works. The province's administrators see both.
"""

import json
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

import pytest

from editorial import roles
from news.models import NewsIndexPage
from publications.models import PublicationIndexPage
from tests import factories
from tests.editorial.test_permission_matrix import is_denied

HOSTS = {"a": "xa-a.localhost", "b": "xa-b.localhost"}
NAMES = {"a": "Ủy ban nhân dân xã An", "b": "Ủy ban nhân dân xã Bình"}
# Unique words in each portal's objects: finding B's in a response is a leak.
SECRET = {"a": "Anhdao", "b": "Binhminh"}


def create_officer(username, role, *args):
    out = StringIO()
    call_command("create_officer", username, "--role", role, *args, stdout=out)
    user = get_user_model().objects.get(username=username)
    user.set_password("x")
    user.save()
    return user


def build_portal(key):
    call_command("create_portal", HOSTS[key], NAMES[key], stdout=StringIO())
    site = Site.objects.get(hostname=HOSTS[key])
    home = site.root_page
    news = NewsIndexPage.objects.child_of(home).get()
    collection = Collection.objects.get(name__endswith=f"({HOSTS[key]})")
    editor = create_officer(f"bientap-{key}", "editor", "--portal", HOSTS[key])
    page = factories.NewsArticlePageFactory(
        parent=news, title=f"Bài đã đăng {SECRET[key]}"
    )
    page.save_revision(user=editor).publish()
    page.title = f"Bản nháp {SECRET[key]}"
    page.save_revision(user=editor)
    submitted = factories.NewsArticlePageFactory(
        parent=news, live=False, title=f"Chờ duyệt {SECRET[key]}"
    )
    news.get_workflow().start(
        submitted.save_revision(user=editor).content_object, editor
    )
    return {
        "site": site,
        "home": home,
        "news": news,
        "page": Page.objects.get(pk=page.pk),
        "submitted": Page.objects.get(pk=submitted.pk),
        "image": factories.ImageFactory(
            collection=collection, title=f"Ảnh {SECRET[key]}"
        ),
        "document": get_document_model().objects.create(
            title=f"Tệp {SECRET[key]}",
            collection=collection,
            file=factories.image_file(name=f"{key}.txt"),
        ),
        "editor": editor,
        "approver": create_officer(f"duyet-{key}", "approver", "--portal", HOSTS[key]),
        "admin": create_officer(f"quantri-{key}", "admin", "--portal", HOSTS[key]),
    }


@pytest.fixture
def world(home_page):
    roles.apply_sections()
    return {key: build_portal(key) for key in HOSTS}


def revisions(page):
    return list(page.revisions.order_by("pk").values_list("pk", flat=True))


# name: url for the objects of one portal `p`
OBJECT_URLS = {
    "explorer": lambda p: reverse("wagtailadmin_explore", args=[p["news"].pk]),
    "edit": lambda p: reverse("wagtailadmin_pages:edit", args=[p["page"].pk]),
    "preview_on_edit": lambda p: reverse(
        "wagtailadmin_pages:preview_on_edit", args=[p["page"].pk]
    ),
    "view_draft": lambda p: reverse(
        "wagtailadmin_pages:view_draft", args=[p["page"].pk]
    ),
    "history": lambda p: reverse("wagtailadmin_pages:history", args=[p["page"].pk]),
    "revisions_index": lambda p: reverse(
        "wagtailadmin_pages:revisions_index", args=[p["page"].pk]
    ),
    "revisions_view": lambda p: reverse(
        "wagtailadmin_pages:revisions_view",
        args=[p["page"].pk, revisions(p["page"])[-1]],
    ),
    "revisions_compare": lambda p: reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[p["page"].pk, *revisions(p["page"])[:2]],
    ),
    "workflow_history": lambda p: reverse(
        "wagtailadmin_pages:workflow_history", args=[p["submitted"].pk]
    ),
    "workflow_preview": lambda p: reverse(
        "wagtailadmin_pages:workflow_preview",
        args=[p["submitted"].pk, p["submitted"].current_workflow_task.pk],
    ),
    "usage": lambda p: reverse("wagtailadmin_pages:usage", args=[p["page"].pk]),
    "page_chooser_browse": lambda p: reverse(
        "wagtailadmin_choose_page_child", args=[p["news"].pk]
    ),
    # The chooser shows the page it browses: a draft's title.
    "page_chooser_browse_draft": lambda p: reverse(
        "wagtailadmin_choose_page_child", args=[p["submitted"].pk]
    ),
    "image_chosen": lambda p: reverse(
        "wagtailimages_chooser:chosen", args=[p["image"].pk]
    ),
    "document_chosen": lambda p: reverse(
        "wagtaildocs_chooser:chosen", args=[p["document"].pk]
    ),
    "image_edit": lambda p: reverse("wagtailimages:edit", args=[p["image"].pk]),
    "image_usage": lambda p: reverse("wagtailimages:image_usage", args=[p["image"].pk]),
    "document_edit": lambda p: reverse("wagtaildocs:edit", args=[p["document"].pk]),
    "admin_api_page": lambda p: f"/admin/api/main/pages/{p['submitted'].pk}/",
    "admin_api_children": lambda p: (
        f"/admin/api/main/pages/?child_of={p['news'].pk}&for_explorer=1"
    ),
}

# Listings and searches: B's secret word must never appear in them.
LISTINGS = {
    "dashboard": lambda: reverse("wagtailadmin_home"),
    "explorer_root": lambda: reverse("wagtailadmin_explore_root"),
    "page_search": lambda: reverse("wagtailadmin_pages:search") + "?q={secret}",
    "page_chooser_root": lambda: reverse("wagtailadmin_choose_page"),
    "page_chooser_search": lambda: (
        reverse("wagtailadmin_choose_page_search") + "?q={secret}"
    ),
    "images": lambda: reverse("wagtailimages:index"),
    "images_search": lambda: reverse("wagtailimages:index") + "?q={secret}",
    "image_chooser": lambda: reverse("wagtailimages_chooser:choose"),
    "image_chooser_search": lambda: (
        reverse("wagtailimages_chooser:choose_results") + "?q={secret}"
    ),
    "documents": lambda: reverse("wagtaildocs:index"),
    "document_chooser": lambda: reverse("wagtaildocs_chooser:choose"),
    "document_chooser_search": lambda: (
        reverse("wagtaildocs_chooser:choose_results") + "?q={secret}"
    ),
    "admin_api_pages": lambda: "/admin/api/main/pages/?search={secret}",
    "admin_api_root": lambda: "/admin/api/main/pages/?child_of=root&for_explorer=1",
    "locked_pages": lambda: reverse("wagtailadmin_reports:locked_pages"),
    "workflow_report": lambda: reverse("wagtailadmin_reports:workflow"),
    "workflow_tasks_report": lambda: reverse("wagtailadmin_reports:workflow_tasks"),
    "site_history": lambda: reverse("wagtailadmin_reports:site_history"),
    "aging_pages": lambda: reverse("wagtailadmin_reports:aging_pages"),
    "news_listing": lambda: "/admin/news/articles/",
}

OFFICERS = ("editor", "approver", "admin")


def titles(key):
    """The titles of one portal's objects (a search box echoes the bare word)."""
    return [
        f"{prefix} {SECRET[key]}"
        for prefix in ("Bài đã đăng", "Bản nháp", "Chờ duyệt", "Ảnh", "Tệp")
    ]


def shows(response, key):
    """Whether the response shows any object of portal `key`."""
    if is_denied(response):
        return False
    assert response.status_code < 500, response.status_code
    content = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        # Choosers answer JSON, which may escape Vietnamese letters.
        content = json.dumps(json.loads(content), ensure_ascii=False)
    return any(title in content for title in titles(key))


def test_an_officer_of_one_commune_never_reaches_the_others_objects(client, world):
    reached = {}
    for name, build in OBJECT_URLS.items():
        url = build(world["b"])
        for role in OFFICERS:
            client.force_login(world["a"][role])
            response = client.get(url)
            assert response.status_code < 500, (name, role)
            if response.status_code == 200 and not (
                # A JSON listing that comes back empty shows nothing.
                response.get("Content-Type", "").startswith("application/json")
                and not shows(response, "b")
            ):
                reached[name, role] = response.status_code
    assert reached == {}


OWN_OBJECTS = [
    "explorer",
    "edit",
    "preview_on_edit",
    "view_draft",
    "history",
    "revisions_view",
    "revisions_compare",
    "workflow_history",
    "page_chooser_browse",
    "image_chosen",
    "document_chosen",
    "image_edit",
    "document_edit",
]


def test_the_portals_own_administrator_reaches_its_objects(client, world):
    client.force_login(world["a"]["admin"])
    refused = {
        name: client.get(OBJECT_URLS[name](world["a"])).status_code
        for name in OWN_OBJECTS
    }
    assert {name: status for name, status in refused.items() if status != 200} == {}


def test_listings_and_searches_show_an_officer_nothing_of_the_other_commune(
    client, world
):
    leaked = []
    for name, build in LISTINGS.items():
        for role in OFFICERS:
            client.force_login(world["a"][role])
            if shows(client.get(build().format(secret=SECRET["b"])), "b"):
                leaked.append((name, role))
    assert leaked == []


OWN_LISTINGS = [
    "page_search",
    "page_chooser_search",
    "images",
    "image_chooser_search",
    "documents",
    "document_chooser_search",
    "site_history",
]


def test_listings_and_searches_show_an_officer_their_own_commune(client, world):
    client.force_login(world["a"]["admin"])
    missing = [
        name
        for name in OWN_LISTINGS
        if not shows(client.get(LISTINGS[name]().format(secret=SECRET["a"])), "a")
    ]
    assert missing == []


def test_approvers_see_only_their_communes_pages_awaiting_review(client, world):
    client.force_login(world["a"]["approver"])
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"Chờ duyệt {SECRET['a']}" in page
    assert SECRET["b"] not in page


def test_an_approver_cannot_approve_the_other_communes_page(client, world):
    submitted = world["b"]["submitted"]
    client.force_login(world["a"]["approver"])
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[submitted.pk, "approve", submitted.current_workflow_task_state.pk],
        )
    )
    assert is_denied(response)
    assert not Page.objects.get(pk=submitted.pk).live


def test_province_administrators_see_every_commune(client, world):
    admin = create_officer("tinh", "admin")
    missing = []
    for user in (admin, factories_superuser()):
        client.force_login(user)
        for name in ("site_history", "images", "documents", "page_search"):
            for key in HOSTS:
                response = client.get(LISTINGS[name]().format(secret=SECRET[key]))
                if not shows(response, key):
                    missing.append((user.username, name, key))
    assert missing == []


def factories_superuser():
    return get_user_model().objects.create_superuser(
        username="sa", email="sa@example.gov.vn", password="x"
    )


def test_create_officer_puts_the_officer_in_the_portals_group(world):
    user = create_officer("lan", "editor", "--portal", HOSTS["b"])
    assert [group.name for group in user.groups.all()] == [
        f"Biên tập viên – {HOSTS['b']}"
    ]
    assert world["b"]["news"].permissions_for_user(user).can_add_subpage()
    assert not world["a"]["news"].permissions_for_user(user).can_add_subpage()


def test_create_officer_finds_a_section_inside_the_portal(world):
    user = create_officer(
        "hoa", "approver", "--portal", HOSTS["b"], "--section", "/tin-tuc/"
    )
    assert world["b"]["news"].permissions_for_user(user).can_publish_subpage()
    assert not world["a"]["news"].permissions_for_user(user).can_add_subpage()


def test_create_officer_for_an_unknown_portal_is_a_clear_error(world):
    with pytest.raises(CommandError, match="xa-khong-co.localhost"):
        create_officer("lan", "editor", "--portal", "xa-khong-co.localhost")
    assert not get_user_model().objects.filter(username="lan").exists()


def test_a_communes_editors_draft_in_its_register_and_its_approvers_publish(
    client, world
):
    a, b = world["a"], world["b"]
    register = {
        key: PublicationIndexPage.objects.child_of(world[key]["home"]).get()
        for key in HOSTS
    }
    entry = factories.PublicationPageFactory(parent=register["a"], live=False)

    def add_url(key):
        return reverse(
            "wagtailadmin_pages:add",
            args=["publications", "publicationpage", register[key].pk],
        )

    client.force_login(a["editor"])
    assert client.get(add_url("a")).status_code == 200
    assert is_denied(client.get(add_url("b")))
    assert entry.permissions_for_user(a["editor"]).can_edit()
    assert not entry.permissions_for_user(a["editor"]).can_publish()
    assert entry.permissions_for_user(a["approver"]).can_publish()
    assert not entry.permissions_for_user(b["approver"]).can_edit()
    # Editors submit to the portal's own workflow, its approvers approve.
    assert register["a"].get_workflow().name.startswith(roles.WORKFLOW_NAME + " – ")
