"""A date an officer types that does not exist is refused, and said so.

In the browser Wagtail's date picker used to replace it with today's date
on leaving the field (tests/e2e/test_admin.py walks that part)."""

from bs4 import BeautifulSoup

from tests.editorial.conftest import as_user, draft_article, edit_form_data, edit_url


def field_error(response, name):
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one(f"[data-field-wrapper] #id_{name}, #id_{name}")
    wrapper = field.find_parent(attrs={"data-field-wrapper": True})
    error = wrapper.select_one(".error-message")
    return error.get_text(" ", strip=True) if error else None


def test_an_impossible_date_is_refused_with_a_clear_error(client, sections, editor):
    page = draft_article(sections["news"], editor, title="Tin có ngày")
    as_user(client, editor)

    response = client.post(
        edit_url(page), edit_form_data(page, editor, date="32/13/2026 09:00")
    )

    assert response.status_code == 200
    assert field_error(response, "date") == "Nhập một ngày/thời gian hợp lệ."
    # The form comes back with what was typed, for the officer to correct.
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_date")["value"] == "32/13/2026 09:00"
    assert page.revisions.count() == 1
