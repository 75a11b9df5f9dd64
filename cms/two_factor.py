"""Two-factor sign-in to the admin: who must use it, and the gate that asks
for it (docs/security.md, "Two-factor sign-in").

Built on django-otp: a confirmed TOTP device (an authenticator app) is the
second factor, and a static device holds the recovery codes, each usable
once. `OTPMiddleware` marks a session verified (`user.is_verified()`) once
`django_otp.login()` has recorded the device that checked a code.

Superusers and the members of a group flagged `GroupTwoFactor.required`
must enrol; anyone else may. Whoever has a confirmed device is asked for a
code after the password, before any admin page. Wrong codes are failed
sign-ins in the same django-axes lockout as wrong passwords
(cms/throttle.py), and the failures are cleared only once the sign-in is
complete: after the code when one is asked for.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms import throttle
from cms.models import GroupTwoFactor

# Names that only identify the devices in the database and the Django admin.
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"

# Admin views a signed-in officer reaches before the second factor: signing
# in and out, the two-factor screens, and what those screens load.
OPEN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "portal_admin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
    "two_factor_enrol",
    "admin:login",
    "admin:logout",
}


def must_enrol(user):
    """Superusers and members of a group that requires it."""
    return (
        user.is_superuser
        or GroupTwoFactor.objects.filter(group__user=user, required=True).exists()
    )


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def status(user):
    """(has a confirmed device, must enrol), in one query."""
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            has_device=Exists(
                TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
            ),
            required=Exists(
                GroupTwoFactor.objects.filter(group__user=OuterRef("pk"), required=True)
            ),
        )
        .values("has_device", "required", "is_superuser")
        .first()
    )
    if row is None:
        return False, False
    return row["has_device"], row["required"] or row["is_superuser"]


def normalise(code):
    """Codes as people type them: spaces, dashes and case ignored."""
    return "".join(code.split()).replace("-", "").lower()


def matching_device(user, code):
    """The device that accepts `code` (a TOTP code, or a recovery code, which
    it then deletes), or None."""
    code = normalise(code)
    if not code:
        return None
    if code.isdigit():
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices:
        if device.verify_token(code):
            return device
    return None


def pending_device(user):
    """The authenticator being enrolled: unconfirmed until a code proves the
    officer's app holds its key. The same one until then, so reloading the
    page shows the QR code already scanned."""
    device = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    )
    return device or TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, confirmed=False
    )


@transaction.atomic
def confirm(device):
    """Confirm the authenticator and give the officer new recovery codes
    (returned once, never shown again)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(
        user=user, name=RECOVERY_NAME, confirmed=True
    )
    codes = [
        StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=recovery, token=code) for code in codes
    )
    return codes


def reset(user):
    """Remove the officer's authenticator and recovery codes; sessions that
    were verified with them are no longer (django-otp finds no device)."""
    deleted = TOTPDevice.objects.filter(user=user).delete()[0]
    deleted += StaticDevice.objects.filter(user=user).delete()[0]
    return deleted


@receiver(user_logged_in)
def clear_failures_of_a_complete_sign_in(sender, request, user, **kwargs):
    """The password completes the sign-in of whoever is not asked for a code;
    otherwise the code does (the verify view)."""
    if request is not None and not confirmed_device(user):
        throttle.sign_in_succeeded(request, user)


class AdminPaths:
    @cached_property
    def prefixes(self):
        return (reverse("wagtailadmin_home"), reverse("admin:index"))


ADMIN_PATHS = AdminPaths()


def with_next(view_name, request):
    return f"{reverse(view_name)}?{urlencode({'next': request.get_full_path()})}"


class TwoFactorMiddleware:
    """Keep a signed-in officer out of the admin (Wagtail's and Django's)
    until the second factor: asked for a code when they have a device, sent
    to enrolment when they must have one. The public site and the API are
    not concerned. After OTPMiddleware, which gives `user.is_verified()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(ADMIN_PATHS.prefixes):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        has_device, required = status(user)
        if has_device:
            return redirect(with_next("two_factor_verify", request))
        if required:
            return redirect(with_next("two_factor_enrol", request))
        return None
