"""Two-factor sign-in to the admin: required for approvers and administrators,
optional for editors, counted in the sign-in lockout (cms/two_factor.py).

These tests sign in through the forms: force_login() stands for both factors
in the other tests (tests/force_login.py).
"""

import re

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.models import GroupTwoFactor
from editorial import roles
from tests.editorial.conftest import make_officer
from tests.editorial.test_admin_vietnamese import english_words

ADMIN = "/admin/"
VERIFY = "/admin/two-factor/"
ENROL = "/admin/two-factor/enrol/"


def sign_in(client, user):
    """The password step, through the admin's sign-in form."""
    response = client.post(
        reverse("wagtailadmin_login"), {"username": user.username, "password": "x"}
    )
    assert response.status_code == 302, "the password is accepted"
    return client


def code_of(device, steps_later=0):
    """What the officer's authenticator app shows now (or a step later: a
    code is accepted a step early, never twice)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time += steps_later * device.step
    return totp.token()


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def recovery_codes(response):
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())


@pytest.fixture
def approver_with_device(approver):
    return approver, enrolled(approver)


def test_approvers_and_administrators_groups_require_it_editors_do_not(sections):
    groups = roles.base_groups()
    required = dict(
        GroupTwoFactor.objects.filter(
            group__in=groups.values(), required=True
        ).values_list("group__name", "required")
    )
    assert required == {
        roles.GROUP_NAMES[roles.APPROVER]: True,
        roles.GROUP_NAMES[roles.ADMIN]: True,
    }
    # A section's approvers too, made by create_officer --section.
    section_approver = make_officer("duyet-tin", roles.APPROVER, sections["news"])
    assert section_approver.groups.get().two_factor.required


def test_an_approver_without_a_device_is_sent_to_enrolment(client, approver):
    sign_in(client, approver)

    for url in (ADMIN, "/admin/pages/", "/django-admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(ENROL + "?next="), url

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"<svg" in page.content, "the QR code is drawn here, not fetched"
    assert "Vai trò của bạn bắt buộc xác thực hai bước" in page.content.decode()
    # The public site and the API do not ask for it.
    assert client.get("/api/v2/pages/").status_code == 200


def test_enrolment_confirms_with_a_code_and_shows_recovery_codes_once(client, approver):
    sign_in(client, approver)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=approver)
    assert not device.confirmed

    wrong = client.post(ENROL, {"code": "000000", "next": "/admin/pages/"})
    assert "Mã không đúng" in wrong.content.decode()
    assert client.get(ADMIN).status_code == 302, "still not enrolled"

    done = client.post(ENROL, {"code": code_of(device), "next": "/admin/pages/"})
    codes = recovery_codes(done)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=approver).values_list(
            "token", flat=True
        )
    )
    assert 'href="/admin/pages/"' in done.content.decode()
    assert client.get(ADMIN).status_code == 200, "the session is verified"
    # Enrolment cannot be replayed to see the codes again or add a device.
    again = client.get(ENROL)
    assert again.status_code == 302
    assert TOTPDevice.objects.filter(user=approver).count() == 1


def test_sign_in_with_the_authenticators_code(approver_with_device):
    approver, device = approver_with_device
    client = sign_in(Client(), approver)

    for url in (ADMIN, "/admin/pages/", "/django-admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY + "?next="), url

    response = client.post(VERIFY, {"code": code_of(device), "next": "/admin/reports/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/reports/"
    assert client.get(ADMIN).status_code == 200
    # Not staff: the Django admin sends the approver to its own sign-in.
    assert client.get("/django-admin/")["Location"].startswith("/django-admin/login/")

    # The same code, in another browser, is refused: each code works once.
    other = sign_in(Client(), approver)
    refused = other.post(VERIFY, {"code": code_of(device)})
    assert "Mã không đúng" in refused.content.decode()


def test_a_recovery_code_signs_in_once(approver_with_device):
    approver, _device = approver_with_device
    code = StaticToken.random_token()
    recovery = approver.staticdevice_set.create(name="recovery codes", confirmed=True)
    recovery.token_set.create(token=code)

    first = sign_in(Client(), approver)
    # Typed as people type: upper case, with a space.
    response = first.post(VERIFY, {"code": f" {code[:5].upper()} {code[5:]}"})
    assert response.status_code == 302
    assert first.get(ADMIN).status_code == 200

    second = sign_in(Client(), approver)
    response = second.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "Mã không đúng" in response.content.decode()
    assert second.get(ADMIN).status_code == 302


def test_wrong_codes_count_in_the_same_lockout_as_wrong_passwords(
    approver_with_device, settings
):
    approver, device = approver_with_device
    limit = settings.THROTTLE_TARGET_FAILURES
    client = Client()
    # Two wrong passwords, then the rest of the allowance in wrong codes.
    for _ in range(2):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": approver.username, "password": "sai"},
        )
    sign_in(client, approver)
    for _ in range(limit - 3):
        assert client.post(VERIFY, {"code": "123456"}).status_code == 200
    # Signing in again with the password does not wipe the wrong codes.
    sign_in(client, approver)
    locked = client.post(VERIFY, {"code": "123456"})
    assert locked.status_code == 429
    assert "Retry-After" in locked

    # Signed out, and the password is refused while the lockout lasts; the
    # right code in a session opened before it too.
    assert client.get(ADMIN)["Location"].startswith("/admin/login/")
    again = client.post(
        reverse("wagtailadmin_login"), {"username": approver.username, "password": "x"}
    )
    assert again.status_code == 429


def test_a_complete_sign_in_clears_the_wrong_codes(approver_with_device, settings):
    approver, device = approver_with_device
    client = sign_in(Client(), approver)
    for _ in range(settings.THROTTLE_TARGET_FAILURES - 1):
        client.post(VERIFY, {"code": "123456"})
    assert client.post(VERIFY, {"code": code_of(device)}).status_code == 302

    later = sign_in(Client(), approver)
    assert later.post(VERIFY, {"code": "123456"}).status_code == 200, "not locked"
    # Bad input is a form error; a next address elsewhere leads to the dashboard.
    assert later.post(VERIFY, {"code": "9" * 500}).status_code == 200
    elsewhere = later.post(
        VERIFY, {"code": code_of(device, 1), "next": "https://example.com/"}
    )
    assert elsewhere["Location"] == ADMIN


def test_an_editor_without_a_device_is_not_forced_but_may_enrol(client, editor):
    sign_in(client, editor)
    assert client.get(ADMIN).status_code == 200
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert ENROL in account
    assert "Cài đặt xác thực hai bước" in account
    enrol = client.get(ENROL)
    assert enrol.status_code == 200
    assert "Vai trò của bạn bắt buộc" not in enrol.content.decode()


def test_an_editor_who_enrolled_is_asked_for_the_code(editor):
    enrolled(editor)
    client = sign_in(Client(), editor)
    assert client.get(ADMIN)["Location"].startswith(VERIFY)


def test_the_two_factor_screens_have_no_english_words(approver):
    client = sign_in(Client(), approver)
    screens = {"enrol": client.get(ENROL)}
    device = TOTPDevice.objects.get(user=approver)
    screens["wrong code"] = client.post(ENROL, {"code": "1"})
    screens["recovery codes"] = client.post(ENROL, {"code": code_of(device)})
    later = sign_in(Client(), approver)
    screens["verify"] = later.get(VERIFY)
    screens["wrong"] = later.post(VERIFY, {"code": "abc"})
    assert {name: r.status_code for name, r in screens.items()} == dict.fromkeys(
        screens, 200
    )
    assert {name: english_words(r) for name, r in screens.items()} == dict.fromkeys(
        screens, []
    )
    assert "Xác thực hai bước" in screens["verify"].content.decode()


def test_an_administrator_resets_a_lost_device(approver_with_device, capsys):
    approver, _device = approver_with_device
    client = sign_in(Client(), approver)

    call_command("reset_two_factor", approver.username)

    assert "phải cài đặt lại" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=approver).exists()
    assert client.get(ADMIN)["Location"].startswith(ENROL)


def posted_form(html):
    """What a browser posts for the page's main form, as it stands."""
    form = BeautifulSoup(html, "html.parser").select_one("form[method=post]")
    data = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        name = field["name"]
        if field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data[name] = field.get("value", field.text)
    return data


def test_an_administrator_sets_two_factor_per_group(admin_client, sections):
    group = roles.base_groups()[roles.APPROVER]
    url = reverse("wagtailusers_groups:edit", args=[group.pk])
    html = admin_client.get(url).content.decode()
    assert "Thành viên bắt buộc dùng xác thực hai bước" in html
    data = posted_form(html)
    assert data["two_factor-required"] == ["on"], "ticked by the migration"

    del data["two_factor-required"]
    assert admin_client.post(url, data).status_code == 302
    assert not GroupTwoFactor.objects.get(group=group).required
    # Its approvers are no longer sent to enrolment.
    approver = make_officer("duyet", roles.APPROVER)
    assert sign_in(Client(), approver).get(ADMIN).status_code == 200
