"""An officer's admin screens read in Vietnamese, not in English.

Wagtail's own Vietnamese catalogue covers about a fifth of the admin; the
rest comes from locale-admin/ (see docs/admin-terminology.md).
"""

import html
import json
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Collection, Site, Workflow

import polib
import pytest
from bs4 import BeautifulSoup

from cms.blocks import BodyBlock
from cms.models import SiteSettings
from editorial import roles
from tests import factories
from tests.editorial.conftest import as_user, draft_article

LOCALE_ADMIN = Path(__file__).resolve().parents[2] / "locale-admin" / "vi"
# Words every admin screen is built from; none may show in English.
ENGLISH_WORDS = (
    "Actions",
    "Add",
    "Approve",
    "Assign",
    "Cancel",
    "Changes",
    "Choose",
    "Close",
    "Collection",
    "Collections",
    "Comment",
    "Comments",
    "Compare",
    "Copy",
    "Dashboard",
    "Delete",
    "Disable",
    "Document",
    "Documents",
    "Draft",
    "Edit",
    "Enable",
    "Explore",
    "Fields",
    "Filter",
    "Groups",
    "Help",
    "History",
    "Image",
    "Images",
    "Incomplete",
    "Language",
    "Live",
    "Lock",
    "Locked",
    "Move",
    "Pages",
    "Permanent",
    "Preview",
    "Privacy",
    "Promoted",
    "Publish",
    "Redirect",
    "Redirects",
    "Reports",
    "Requested",
    "Revisions",
    "Roles",
    "Save",
    "Schedule",
    "Search",
    "Select",
    "Settings",
    "Sort",
    "Status",
    "Step",
    "Submit",
    "Tasks",
    "Temporary",
    "Timeline",
    "Title",
    "Toggle",
    "Unlock",
    "Unpublish",
    "Unschedule",
    "Upload",
    "Used",
    "Username",
    "Users",
    "View",
    "Views",
    "Workflow",
    "Workflows",
    "Yes",
)
PATTERN = re.compile(r"\b(" + "|".join(ENGLISH_WORDS) + r")\b")


def visible_text(response):
    content = response.content
    if response["Content-Type"].startswith("application/json"):
        # Modals and choosers come as JSON carrying their HTML.
        content = json.loads(content).get("html") or ""
    soup = BeautifulSoup(content, "html.parser")
    # Dialogs wait in <template> elements until opened, so they count; what
    # is hidden for good does not.
    for hidden in soup(["script", "style", "noscript"]) + soup(hidden=True):
        hidden.decompose()
    texts = list(soup.stripped_strings)
    for tag in soup.find_all(True):
        texts += [tag[a] for a in ("title", "aria-label", "placeholder") if tag.get(a)]
    return texts


def english_words(response):
    return [word for text in visible_text(response) for word in PATTERN.findall(text)]


def workflow_url(name, page, action):
    return reverse(
        f"wagtailadmin_pages:{name}",
        args=[page.pk, action, page.current_workflow_task_state.pk],
    )


@pytest.fixture
def content(sections, editor, approver):
    article = draft_article(sections["news"], editor, title="Tin xã")
    article.title = "Tin xã (sửa)"
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    article.refresh_from_db()
    live = factories.NewsArticlePageFactory(parent=sections["news"], title="Tin cũ")
    live.save_revision(user=approver).publish(user=approver)
    live.title = "Tin cũ (bản nháp)"
    live.save_revision(user=approver)
    live.locked, live.locked_by, live.locked_at = True, approver, timezone.now()
    live.save()
    published = factories.NewsArticlePageFactory(
        parent=sections["news"], title="Tin đã đăng"
    )
    published.save_revision(user=approver).publish(user=approver)
    event = factories.EventPageFactory(parent=sections["events"], title="Họp dân")
    revisions = list(live.revisions.order_by("pk").values_list("pk", flat=True))
    return {
        "sections": sections,
        "article": article,
        "live": live,
        "published": published,
        "event": event,
        "revisions": revisions,
        "image": factories.ImageFactory(title="Ảnh lễ", uploaded_by_user=editor),
        "document": get_document_model().objects.create(
            title="Quyết định",
            file=ContentFile(b"%PDF-1.4", name="qd.pdf"),
            uploaded_by_user=editor,
        ),
    }


def editor_screens(c):
    article, sections = c["article"], c["sections"]
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore", args=[sections["news"].pk]),
        "edit article": reverse("wagtailadmin_pages:edit", args=[article.pk]),
        "edit event": reverse("wagtailadmin_pages:edit", args=[c["event"].pk]),
        "new article": reverse(
            "wagtailadmin_pages:add",
            args=["news", "newsarticlepage", sections["news"].pk],
        ),
        "history": reverse("wagtailadmin_pages:history", args=[article.pk]),
        "workflow history": reverse(
            "wagtailadmin_pages:workflow_history", args=[article.pk]
        ),
        "workflow history detail": reverse(
            "wagtailadmin_pages:workflow_history_detail",
            args=[article.pk, article.current_workflow_state.pk],
        ),
        "page search": reverse("wagtailadmin_pages:search") + "?q=xa",
        "news articles": reverse("news_articles:index"),
        "page chooser": reverse("wagtailadmin_choose_page"),
        "images": reverse("wagtailimages:index"),
        "upload images": reverse("wagtailimages:add_multiple"),
        "edit image": reverse("wagtailimages:edit", args=[c["image"].pk]),
        "image usage": reverse("wagtailimages:image_usage", args=[c["image"].pk]),
        "image chooser": reverse("wagtailimages_chooser:choose"),
        "documents": reverse("wagtaildocs:index"),
        "upload documents": reverse("wagtaildocs:add_multiple"),
        "edit document": reverse("wagtaildocs:edit", args=[c["document"].pk]),
        "document chooser": reverse("wagtaildocs_chooser:choose"),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "account": reverse("wagtailadmin_account"),
    }


def approver_screens(c):
    article, live, revisions = c["article"], c["live"], c["revisions"]
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "review in the editor": reverse("wagtailadmin_pages:edit", args=[article.pk]),
        "awaiting review": reverse("wagtailadmin_reports:workflow_tasks"),
        "approve modal": workflow_url("workflow_action", article, "approve"),
        "request changes modal": workflow_url("workflow_action", article, "reject"),
        "approve while editing": workflow_url(
            "collect_workflow_action_data", article, "approve"
        ),
        "preview for review": reverse(
            "wagtailadmin_pages:workflow_preview",
            args=[article.pk, article.current_workflow_task.pk],
        ),
        "locked page": reverse("wagtailadmin_pages:edit", args=[live.pk]),
        "locked pages": reverse("wagtailadmin_reports:locked_pages"),
        "compare revisions": reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[live.pk, revisions[0], revisions[-1]],
        ),
        "compare with live": reverse(
            "wagtailadmin_pages:revisions_compare", args=[live.pk, "live", "latest"]
        ),
        "revert to revision": reverse(
            "wagtailadmin_pages:revisions_revert", args=[live.pk, revisions[0]]
        ),
        "unpublish": reverse("wagtailadmin_pages:unpublish", args=[c["published"].pk]),
        "delete page": reverse("wagtailadmin_pages:delete", args=[article.pk]),
        "copy page": reverse("wagtailadmin_pages:copy", args=[live.pk]),
        "move page": reverse("wagtailadmin_pages:move", args=[live.pk]),
        "delete image": reverse("wagtailimages:delete", args=[c["image"].pk]),
        "delete document": reverse("wagtaildocs:delete", args=[c["document"].pk]),
        "site history": reverse("wagtailadmin_reports:site_history"),
        "aging pages": reverse("wagtailadmin_reports:aging_pages"),
    }


def admin_screens(c):
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    category = factories.CategoryFactory()
    Redirect.objects.create(old_path="/tin-cu", redirect_link="/tin-tuc/")
    query = Query.get("tiếp dân")
    SearchPromotion.objects.create(
        query=query, page=c["live"], description="Lịch tiếp dân"
    )
    return {
        "workflows": reverse("wagtailadmin_workflows:index"),
        "edit workflow": reverse("wagtailadmin_workflows:edit", args=[workflow.pk]),
        "workflow tasks": reverse("wagtailadmin_workflows:task_index"),
        "edit task": reverse(
            "wagtailadmin_workflows:edit_task", args=[workflow.tasks.get().pk]
        ),
        "redirects": reverse("wagtailredirects:index"),
        "new redirect": reverse("wagtailredirects:add"),
        "promoted results": reverse("wagtailsearchpromotions:index"),
        "edit promoted results": reverse(
            "wagtailsearchpromotions:edit", args=[query.pk]
        ),
        "site settings": reverse(
            "wagtailsettings:edit",
            args=["cms", "sitesettings", Site.objects.get(is_default_site=True).pk],
        ),
        "categories": reverse("news_category_modeladmin_index"),
        "edit category": reverse("news_category_modeladmin_edit", args=[category.pk]),
        "new organization": reverse("cms_organization_modeladmin_create"),
        "page types": reverse("wagtailadmin_reports:page_types_usage"),
    }


def superuser_screens(c):
    group = Group.objects.get(name="Biên tập viên")
    collection = Collection.get_first_root_node().add_child(name="Ảnh hoạt động")
    return {
        "collections": reverse("wagtailadmin_collections:index"),
        "new collection": reverse("wagtailadmin_collections:add"),
        "edit collection": reverse(
            "wagtailadmin_collections:edit",
            args=[collection.pk],
        ),
        "users": reverse("wagtailusers_users:index"),
        "new user": reverse("wagtailusers_users:add"),
        "edit user": reverse("wagtailusers_users:edit", args=[c["article"].owner.pk]),
        "groups": reverse("wagtailusers_groups:index"),
        # Not "edit group": it lists permission names as their migrations
        # stored them, in English (docs/admin-terminology.md).
        "group users": reverse("wagtailusers_users:index") + f"?group={group.pk}",
        "sites": reverse("wagtailsites:index"),
    }


def english_on_screens(client, user, screens):
    as_user(client, user)
    english = {}
    for name, url in screens.items():
        response = client.get(url)
        assert response.status_code == 200, name
        if words := english_words(response):
            english[name] = sorted(set(words))
    return english


def test_editor_screens_have_no_english_interface_words(client, editor, content):
    assert english_on_screens(client, editor, editor_screens(content)) == {}


def test_approver_screens_have_no_english_interface_words(client, approver, content):
    assert english_on_screens(client, approver, approver_screens(content)) == {}


def test_site_administrator_screens_have_no_english_interface_words(
    client, site_admin, content
):
    screens = admin_screens(content)
    assert english_on_screens(client, site_admin, screens) == {}


def test_user_management_screens_have_no_english_interface_words(client, content):
    # Only a superuser manages accounts (docs/workflow.md).
    superuser = get_user_model().objects.create_superuser(
        "it", "it@example.gov.vn", "x"
    )
    assert english_on_screens(client, superuser, superuser_screens(content)) == {}


def test_admin_catalogues_are_compiled_from_their_source():
    for domain in ("django", "djangojs"):
        po = polib.pofile(str(LOCALE_ADMIN / "LC_MESSAGES" / f"{domain}.po"))
        mo = polib.mofile(str(LOCALE_ADMIN / "LC_MESSAGES" / f"{domain}.mo"))
        assert po.untranslated_entries() == []
        assert {e.msgid: e.msgstr for e in po if not e.msgid_plural} == {
            e.msgid: e.msgstr for e in mo if not e.msgid_plural and e.msgid
        }


def test_login_page_and_dashboard_name_the_agency(client, sections, editor):
    response = client.get(reverse("wagtailadmin_login"))
    assert "Ủy ban nhân dân xã Thử Nghiệm" in response.content.decode()

    as_user(client, editor)
    response = client.get(reverse("wagtailadmin_home"))
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Ủy ban nhân dân xã Thử Nghiệm" in soup.title.get_text()
    assert "Ủy ban nhân dân xã Thử Nghiệm" in soup.find("h1").get_text()


def test_agency_logo_replaces_wagtails_on_the_login_page(client, sections):
    agency = SiteSettings.objects.get()
    agency.logo = factories.ImageFactory(title="Logo UBND")
    agency.save()

    response = client.get(reverse("wagtailadmin_login"))

    logo = BeautifulSoup(response.content, "html.parser").select_one(".login-logo img")
    assert logo is not None
    assert logo["alt"] == "Ủy ban nhân dân xã Thử Nghiệm"


def test_image_block_fields_and_their_error_read_in_vietnamese(client, editor, content):
    as_user(client, editor)
    url = reverse("wagtailadmin_pages:edit", args=[content["article"].pk])
    # The body's block definitions travel as JSON inside the page.
    page = html.unescape(client.get(url).content.decode())
    for label in ("Văn bản thay thế", "Ảnh trang trí"):
        assert json.dumps(label)[1:-1] in page
    assert "Image is decorative" not in page

    block = BodyBlock().child_blocks["image"]
    value = block.to_python({"image": {"image": content["image"].pk}})
    with translation.override("vi"):
        with pytest.raises(StructBlockValidationError) as refused:
            block.clean(value)
        message = refused.value.as_json_data()["blockErrors"]["image"]
    assert "văn bản thay thế" in json.dumps(message, ensure_ascii=False)


def test_sign_in_page_and_its_refusal_read_in_vietnamese(client, sections):
    page = visible_text(client.get(reverse("wagtailadmin_login")))
    refused = visible_text(
        client.post(reverse("wagtailadmin_login"), {"username": "x", "password": "y"})
    )

    assert "Mật khẩu" in page
    assert "Password" not in page
    assert "Tên đăng nhập hoặc mật khẩu không đúng. Hãy thử lại." in refused


def action_labels(response):
    """The labels of the editor's save and workflow buttons, the dropdown's
    included (it is hidden until opened)."""
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        " ".join(button.get_text(" ", strip=True).split())
        for button in soup.select("footer button, footer a")
    }


def test_workflow_buttons_read_as_the_editors_guide_says(
    client, editor, approver, content
):
    as_user(client, editor)
    url = reverse("wagtailadmin_pages:edit", args=[content["published"].pk])
    editing = action_labels(client.get(url))
    as_user(client, approver)
    url = reverse("wagtailadmin_pages:edit", args=[content["article"].pk])
    reviewing = action_labels(client.get(url))

    assert f"Gửi duyệt ({roles.WORKFLOW_NAME})" in editing
    assert "Phê chuẩn và xuất bản" in reviewing, reviewing


def test_a_leaders_name_field_is_labelled_full_name(client, approver, sections):
    official = factories.OfficialPageFactory(parent=sections["officials"])
    as_user(client, approver)
    url = reverse("wagtailadmin_pages:edit", args=[official.pk])
    soup = BeautifulSoup(client.get(url).content, "html.parser")

    assert soup.select_one("label[for=id_title]").get_text(" ", strip=True) == (
        "Họ và tên *"
    )
    assert soup.select_one("#id_title")["placeholder"] == "Họ và tên*"


def test_uploaded_files_are_attachments_never_the_register(client, editor, content):
    # "Văn bản" is the documents register (publications); a PDF an officer
    # uploads is a "tệp đính kèm" (docs/admin-terminology.md).
    as_user(client, editor)
    screens = {
        "documents": reverse("wagtaildocs:index"),
        "chooser": reverse("wagtaildocs_chooser:choose"),
        "upload": reverse("wagtaildocs:add_multiple"),
        "dashboard": reverse("wagtailadmin_home"),
    }
    texts = {
        name: " ".join(visible_text(client.get(url))) for name, url in screens.items()
    }

    for name, text in texts.items():
        assert "văn bản" not in text.lower().replace("văn bản thay thế", ""), name
    assert "Tệp đính kèm" in texts["documents"]
    assert "Chọn tệp đính kèm" in texts["chooser"]
    assert "Thêm nhiều tệp đính kèm" in texts["upload"]
