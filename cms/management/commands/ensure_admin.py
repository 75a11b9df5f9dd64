import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Make sure a local admin account exists; print a generated password the first time."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@example.invalid")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        existing = (
            User.objects.filter(is_superuser=True)
            .order_by("pk")
            .values_list(User.USERNAME_FIELD, flat=True)
            .first()
        )
        if existing is not None:
            # The password was shown once, on the first run; say how to set
            # a new one rather than leave a newcomer locked out.
            self.stdout.write(
                f"Admin account: username {existing} (already there; its password "
                "is unchanged). To set a new password: "
                f".venv/bin/python manage.py changepassword {existing}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account created: username {username}, password {password}"
            )
        )
        self.stdout.write(
            "Change it after logging in at /admin/; it is not shown again."
        )
