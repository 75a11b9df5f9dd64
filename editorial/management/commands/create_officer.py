import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from editorial import officers, roles


class Command(BaseCommand):
    help = (
        "Create (or update) an officer account in an editorial role, optionally "
        "limited to one section of the site, e.g. "
        "create_officer lan --role editor --section /tin-tuc/"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=roles.ROLES)
        parser.add_argument(
            "--section",
            help="URL path of the section page (e.g. /tin-tuc/); "
            "without it the role covers every section.",
        )
        parser.add_argument("--email", default="")

    @transaction.atomic
    def handle(self, *args, username, role, section, email, **options):
        roles.apply_sections()
        if section:
            page = officers.find_section(section)
            if page is None:
                raise CommandError(f"No page at the section path {section!r}.")
            group = officers.section_group(page, role)
        else:
            group = roles.base_groups()[role]

        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = None
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username, email=email, password=password
            )
        elif email:
            user.email = email
            user.save(update_fields=["email"])
        user.groups.add(group)

        self.stdout.write(
            self.style.SUCCESS(f"{username} is in the group “{group.name}”.")
        )
        if password:
            self.stdout.write(
                f"Password: {password} (shown once; change it after logging in)."
            )
