"""In tests, `force_login()` stands for a complete sign-in, second factor
included, so the admin tests of every role reach the admin as before; the
two-factor tests sign in through the forms, or pass the backend
`PASSWORD_ONLY` to force_login() for a session that still owes its code.

Test settings only (cms/settings/test.py): production has no such backend,
and this middleware is not in its MIDDLEWARE.
"""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend

from django_otp.plugins.otp_totp.models import TOTPDevice

BACKEND = "tests.force_login.ForceLoginBackend"
PASSWORD_ONLY = "django.contrib.auth.backends.ModelBackend"
# Stands for the device of a verified session (django-otp only asks that
# `user.otp_device` is not None); never saved.
FORCED_DEVICE = TOTPDevice(name="force_login", confirmed=True)


class ForceLoginBackend(ModelBackend):
    """First in the tests' AUTHENTICATION_BACKENDS, so force_login() records
    it in the session. It authenticates nobody: sign-ins through a form
    still go through django-axes and the password."""

    def authenticate(self, request, **credentials):
        return None


class ForceLoginVerifiedMiddleware:
    """Mark a force_login() session verified. After django-otp's middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(BACKEND_SESSION_KEY) == BACKEND:
            user = request.user
            if user.is_authenticated and not user.is_verified():
                user.otp_device = FORCED_DEVICE
        return self.get_response(request)
