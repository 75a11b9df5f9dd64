"""The Vietnamese editors' guide is one click away in the admin."""

from django.urls import reverse

from bs4 import BeautifulSoup

from tests.editorial.conftest import as_user


def test_the_guide_is_linked_from_the_dashboard_and_the_help_menu(client, editor):
    as_user(client, editor)
    guide_url = reverse("editorial_guide")

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    guide = client.get(guide_url)

    soup = BeautifulSoup(dashboard, "html.parser")
    assert soup.select(f"main a[href='{guide_url}']")
    # The sidebar's menus travel as JSON: ours in, Wagtail's English guide out.
    assert f'"{guide_url}"' in dashboard
    assert "guide.wagtail.org" not in dashboard
    assert guide.status_code == 200
    headings = [h.get_text() for h in BeautifulSoup(guide.content, "html.parser")("h2")]
    assert "Viết tin bài" in headings
    assert "Kiểm tra trước khi xuất bản" in headings


def test_the_guide_is_for_officers_only(client, db):
    response = client.get(reverse("editorial_guide"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
