from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms import two_factor


class Command(BaseCommand):
    help = (
        "Remove an officer's authenticator and recovery codes (a lost phone): "
        "they enrol again at their next sign-in (docs/security.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(_("No account has the username %s.") % username)
        if not two_factor.reset(user):
            self.stdout.write(
                _("%s had not set up two-factor sign-in: nothing to reset.") % username
            )
            return
        if two_factor.must_enrol(user):
            message = _(
                "Two-factor sign-in of %s reset: they must set it up again at "
                "their next sign-in."
            )
        else:
            message = _(
                "Two-factor sign-in of %s reset: they sign in with their "
                "password only until they set it up again."
            )
        self.stdout.write(self.style.SUCCESS(message % username))
