"""The admin's two-factor screens: the code after the password, enrolment,
and the group setting (cms/two_factor.py, docs/security.md)."""

from base64 import b32encode

from django import forms
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

import django_otp
import qrcode
from qrcode.image.svg import SvgPathImage

from cms import throttle, two_factor
from cms.models import GroupTwoFactor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def next_url(request):
    """Where the officer was going, if it is on this site; else the dashboard."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def verify(request):
    """Ask for the authenticator's code, or a recovery code, after the password."""
    user = request.user
    if user.is_verified() or not two_factor.confirmed_device(user):
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.sign_in_allowed(request, user):
            logout(request)
            return throttle.locked_out_response(request)
        device = two_factor.matching_device(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            throttle.sign_in_succeeded(request, user)
            return redirect(next_url(request))
        if throttle.sign_in_failed(request, user):
            # Start again from the password, which the lockout now refuses.
            logout(request)
            return throttle.locked_out_response(request)
        form.add_error(None, _("The code is not right. Try again."))
    return TemplateResponse(
        request,
        "two_factor/verify.html",
        {"form": form, "next": next_url(request)},
    )


def qr_code_svg(text):
    """An SVG QR code, made here: the secret never leaves the server."""
    image = qrcode.make(text, image_factory=SvgPathImage, box_size=8)
    # qrcode escapes the text it writes into the SVG (ElementTree).
    return mark_safe(image.to_string(encoding="unicode"))


def grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def enrol(request):
    """Scan the QR code (or type the key), confirm with a code, and receive
    the recovery codes, shown this once."""
    user = request.user
    if two_factor.confirmed_device(user):
        # A second authenticator only after an administrator's reset.
        return redirect(next_url(request))
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = two_factor.normalise(form.cleaned_data["code"])
        if code.isdigit() and device.verify_token(code):
            codes = two_factor.confirm(device)
            django_otp.login(request, device)
            return TemplateResponse(
                request,
                "two_factor/recovery_codes.html",
                {"codes": codes, "next": next_url(request)},
            )
        form.add_error(
            "code",
            _("The code is not right: check the time on your phone and try again."),
        )
    return TemplateResponse(
        request,
        "two_factor/enrol.html",
        {
            "form": form,
            "next": next_url(request),
            "qr_code": qr_code_svg(device.config_url),
            "secret": grouped(b32encode(device.bin_key).decode()),
            "required": two_factor.must_enrol(user),
        },
    )


class GroupTwoFactorPanel(forms.Form):
    """The group screen's setting: its members must use two-factor sign-in.
    Shown with the permission panels (`register_group_permission_panel`)."""

    required = forms.BooleanField(
        label=_("Members must use two-factor sign-in"),
        required=False,
        help_text=_(
            "They enrol an authenticator app at their next sign-in and enter "
            "its code after their password each time."
        ),
    )

    def __init__(self, data=None, files=None, instance=None, prefix=None):
        self.group = instance
        initial = {}
        if instance is not None and instance.pk is not None:
            initial["required"] = GroupTwoFactor.objects.filter(
                group=instance, required=True
            ).exists()
        super().__init__(data, files, initial=initial, prefix="two_factor")

    def save(self):
        GroupTwoFactor.objects.update_or_create(
            group=self.group, defaults={"required": self.cleaned_data["required"]}
        )

    def as_admin_panel(self):
        return render_to_string("two_factor/group_panel.html", {"form": self})
