"""An officer's admin screens read in Vietnamese, not in English.

Wagtail's own Vietnamese catalogue covers about a fifth of the admin; the
rest comes from locale-admin/ (see docs/admin-terminology.md).
"""

import html
import json
import re
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client
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
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.blocks import BodyBlock
from cms.models import SiteSettings
from editorial import roles
from news.models import NewsArticlePage
from tests import factories
from tests.editorial.conftest import as_user, draft_article
from tests.editorial.test_permission_matrix import MATRIX, ctx  # noqa: F401
from tests.editorial.test_workflow import submit, workflow_action_url

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
SITE_PACKAGES = Path(polib.__file__).resolve().parent
# Names and codes that read the same in Vietnamese, or are Vietnamese words
# spelt without diacritics ("thu hồi").
NOT_ENGLISH = {
    "api", "csv", "email", "html", "http", "https", "json", "menu", "otp",
    "pdf", "rss", "seo", "svg", "thu", "url", "utf", "wagtail", "web",
    "xlsx", "yyyy", "zalo", "facebook", "youtube", "google", "gov", "ubnd",
    "localhost", "example", "admin", "txt", "png", "jpg", "jpeg", "webp",
    "avif", "gif", "zip", "docx", "xls", "doc", "ppt", "pptx", "odt", "tin",
    "ban", "byte", "authenticator", "microsoft", "freeotp",
}  # fmt: skip


def english_vocabulary():
    """Every word of the interface's English: the msgids of Django's,
    Wagtail's and our own catalogues. A word of the admin found in it is an
    untranslated string, whatever screen it is on."""
    sources = [
        *SITE_PACKAGES.glob("django/**/locale/en/LC_MESSAGES/*.po"),
        *SITE_PACKAGES.glob("wagtail/**/locale/en/LC_MESSAGES/*.po"),
        *SITE_PACKAGES.glob("wagtail_modeladmin/**/locale/en/LC_MESSAGES/*.po"),
        *LOCALE_ADMIN.glob("LC_MESSAGES/*.po"),
        *(LOCALE_ADMIN.parents[1] / "locale" / "vi").glob("LC_MESSAGES/*.po"),
    ]
    words = set()
    for source in sources:
        for entry in polib.pofile(str(source)):
            for text in (entry.msgid, entry.msgid_plural or ""):
                text = re.sub(r"%\(\w+\)[sd]|<[^>]+>|\{[^}]*\}", " ", text)
                words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}
    return (words | {w.lower() for w in ENGLISH_WORDS}) - NOT_ENGLISH


VOCABULARY = english_vocabulary()
# An ASCII word standing alone: Vietnamese letters count as word characters,
# and a dotted identifier ("news.newsarticlepage") is code, not a word.
ASCII_WORD = re.compile(r"(?<![\w.@/-])[A-Za-z]{3,}(?![\w.@/-])")


def english_in(texts, data=()):
    """The English words of `texts`, data (usernames, e-mail addresses,
    titles the test made) left out."""
    found = []
    for text in texts:
        for value in data:
            text = text.replace(value, " ")
        found += [w for w in ASCII_WORD.findall(text) if w.lower() in VOCABULARY]
    return found


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


def labels(response, field):
    """The labels of a formset's `field`, one per distinct text."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = soup.find_all("label", attrs={"for": re.compile(rf"-\d+-{field}$")})
    return sorted({label.get_text(" ", strip=True) for label in found})


def english_words(response, data=()):
    return english_in(visible_text(response), data)


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
        "edit group": reverse("wagtailusers_groups:edit", args=[group.pk]),
        "group users": reverse("wagtailusers_users:index") + f"?group={group.pk}",
        "sites": reverse("wagtailsites:index"),
    }


def people():
    """Usernames and names of the officers the test made, and the pages'
    authors: data, whatever language they are in."""
    names = get_user_model().objects.values_list("username", "first_name", "last_name")
    authors = NewsArticlePage.objects.values_list("author", flat=True)
    return sorted(
        {value for row in names for value in row if value} | set(authors) - {""},
        key=len,
        reverse=True,
    )


def english_on_screens(client, user, screens):
    as_user(client, user)
    data = people()
    english = {}
    for name, url in screens.items():
        response = client.get(url)
        assert response.status_code == 200, name
        if words := english_words(response, data):
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


def test_every_admin_url_of_the_permission_matrix_reads_in_vietnamese(
    client,
    ctx,  # noqa: F811
):
    english = {}
    for role, user in ctx["users"].items():
        screens = {
            name: build(ctx)
            for name, (build, get_roles, *_rest) in MATRIX.items()
            if role in get_roles
        }
        if found := english_on_screens(client, user, screens):
            english[role] = found
    assert english == {}


def test_sign_in_and_two_factor_screens_read_in_vietnamese(client, approver):
    login = visible_text(client.get(reverse("wagtailadmin_login")))
    client.post(
        reverse("wagtailadmin_login"), {"username": approver.username, "password": "x"}
    )
    enrol = visible_text(client.get(reverse("two_factor_enrol")))
    TOTPDevice.objects.create(user=approver, name="authenticator", confirmed=True)
    verify = visible_text(client.get(reverse("two_factor_verify")))
    refused = visible_text(client.post(reverse("two_factor_verify"), {"code": "1"}))

    data = people()
    assert {
        name: english_in(texts, data)
        for name, texts in {
            "login": login,
            "enrol": enrol,
            "verify": verify,
            "refused code": refused,
        }.items()
        if english_in(texts, data)
    } == {}


def test_workflow_emails_read_in_vietnamese(client, sections, editor, approver):
    page = draft_article(sections["news"], editor, title="Tin thư")
    editing = as_user(Client(), editor)
    reviewing = as_user(Client(), approver)
    mail.outbox.clear()

    submit(editing, page, editor)
    page.refresh_from_db()
    reviewing.post(workflow_action_url(page, "reject"), {"comment": "Sửa tít."})
    submit(editing, page, editor)
    page.refresh_from_db()
    reviewing.post(workflow_action_url(page, "approve"), {"comment": "Được."})

    # Submitted (to the approvers), changes requested, submitted, approved.
    assert len(mail.outbox) >= 4
    data = [*people(), "Tin thư"]
    english = {
        message.subject: english_in([message.subject, *message.body.splitlines()], data)
        for message in mail.outbox
    }
    assert {subject: words for subject, words in english.items() if words} == {}


def test_create_officer_speaks_vietnamese(sections):
    out = StringIO()
    call_command("create_officer", "lan", "--role", "editor", stdout=out)
    call_command("create_officer", "lan", "--role", "approver", stdout=out)
    errors = []
    for args in (("--portal", "khong-co.localhost"), ("--section", "/khong-co/")):
        with pytest.raises(CommandError) as refused:
            call_command("create_officer", "lan", "--role", "editor", *args)
        errors.append(str(refused.value))

    lines = [*out.getvalue().splitlines(), *errors]
    # The generated password is data: any letters may come out.
    password = re.search(r"Mật khẩu: (\S+)", out.getvalue()).group(1)
    assert english_in(lines, [password, *people()]) == [], lines


def test_the_parent_column_and_the_statistics_menu_read_whole(
    client, site_admin, content
):
    as_user(client, site_admin)
    listing = " ".join(visible_text(client.get(reverse("news_articles:index"))))
    # The province's statistics are the superuser's (docs/stats.md).
    as_user(client, get_user_model().objects.create_superuser("it", "it@x.vn", "x"))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Trang cha" in listing
    assert "Tập" not in listing.split()
    # The sidebar's items travel as JSON; "Thống kê truy cập" did not fit.
    assert f'"label": {json.dumps("Thống kê")}' in dashboard


def test_the_page_types_report_names_types_not_model_ids(client, site_admin, content):
    as_user(client, site_admin)
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"))
    text = " ".join(visible_text(response))

    assert "Bài viết 3" in text
    # Wagtail's own listing had an "App" column of "news.newsarticlepage".
    assert re.findall(r"\b[a-z]+\.[a-z]+page\b", text) == []


def test_labels_wagtail_builds_from_field_names_read_in_vietnamese(
    client, site_admin, content
):
    query = Query.get("tiếp dân")
    SearchPromotion.objects.create(query=query, page=content["live"])
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    superuser = get_user_model().objects.create_superuser("it", "it@x.vn", "x")
    as_user(client, superuser)
    sites = visible_text(client.get(reverse("wagtailsites:index")))
    promotion = client.get(reverse("wagtailsearchpromotions:edit", args=[query.pk]))
    pages = client.get(reverse("wagtailadmin_workflows:edit", args=[workflow.pk]))

    # The listing's column headings, "Port", "Site name" and "Root page" before.
    headings = ["Cổng", "Cổng mạng", "Tên cổng", "Trang gốc", "Mặc định"]
    assert any(sites[i : i + 5] == headings for i in range(len(sites)))
    assert labels(promotion, "external_link_text") == [
        "Chữ hiển thị của liên kết ngoài"
    ]
    assert labels(pages, "page") == ["Trang *"]  # "*": required


@pytest.mark.django_db
def test_permissions_are_named_in_vietnamese():
    names = dict(
        Permission.objects.filter(
            codename__in=("add_category", "publish_page", "choose_image")
        ).values_list("codename", "name")
    )

    assert names == {
        "add_category": "Có thể thêm chuyên mục",
        "publish_page": "Xuất bản mọi trang",
        "choose_image": "Có thể chọn ảnh",
    }
