"""An officer's admin screens read in Vietnamese, not in English.

Wagtail's own Vietnamese catalogue covers about a fifth of the admin; the
rest comes from locale-admin/ (see docs/admin-terminology.md).
"""

import re
from pathlib import Path

from django.urls import reverse

import polib
import pytest
from bs4 import BeautifulSoup

from cms.models import SiteSettings
from tests import factories
from tests.editorial.conftest import as_user, draft_article

LOCALE_ADMIN = Path(__file__).resolve().parents[2] / "locale-admin" / "vi"
# Words every admin screen is built from; none may show in English.
ENGLISH_WORDS = (
    "Actions",
    "Add",
    "Cancel",
    "Comments",
    "Dashboard",
    "Delete",
    "Documents",
    "Draft",
    "Edit",
    "Explore",
    "Help",
    "History",
    "Images",
    "Live",
    "Pages",
    "Preview",
    "Publish",
    "Reports",
    "Save",
    "Search",
    "Settings",
    "Status",
    "Title",
    "Upload",
    "Workflow",
)
PATTERN = re.compile(r"\b(" + "|".join(ENGLISH_WORDS) + r")\b")


def visible_text(response):
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup(["script", "style", "template", "noscript"]):
        hidden.decompose()
    texts = list(soup.stripped_strings)
    for tag in soup.find_all(True):
        texts += [tag[a] for a in ("title", "aria-label", "placeholder") if tag.get(a)]
    return texts


@pytest.fixture
def screens(sections, editor):
    article = draft_article(sections["news"], editor, title="Tin xã")
    event = factories.EventPageFactory(parent=sections["events"], title="Họp dân")
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore", args=[sections["news"].pk]),
        "edit article": reverse("wagtailadmin_pages:edit", args=[article.pk]),
        "edit event": reverse("wagtailadmin_pages:edit", args=[event.pk]),
        "new article": reverse(
            "wagtailadmin_pages:add",
            args=["news", "newsarticlepage", sections["news"].pk],
        ),
        "history": reverse("wagtailadmin_pages:history", args=[article.pk]),
        "page search": reverse("wagtailadmin_pages:search") + "?q=xa",
        "images": reverse("wagtailimages:index"),
        "upload images": reverse("wagtailimages:add_multiple"),
        "documents": reverse("wagtaildocs:index"),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "account": reverse("wagtailadmin_account"),
    }


def test_officer_screens_have_no_english_interface_words(client, editor, screens):
    as_user(client, editor)
    english = {}
    for name, url in screens.items():
        response = client.get(url)
        assert response.status_code == 200, name
        words = {m for text in visible_text(response) for m in PATTERN.findall(text)}
        if words:
            english[name] = sorted(words)
    assert english == {}


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
