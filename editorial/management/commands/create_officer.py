import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from editorial import officers, roles


class Command(BaseCommand):
    help = (
        "Create (or update) an officer account in an editorial role, optionally "
        "limited to one section of the site, e.g. "
        "create_officer lan --role editor --section /tin-tuc/ or "
        "create_officer lan --role editor --portal xa-an.example.gov.vn"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=roles.ROLES)
        parser.add_argument(
            "--section",
            help="URL path of the section page (e.g. /tin-tuc/); "
            "without it the role covers every section.",
        )
        parser.add_argument(
            "--portal",
            help="Host name of a portal made with create_portal (e.g. "
            "xa-an.example.gov.vn): the officer joins that portal's group; "
            "with --section, the section is looked up in that portal.",
        )
        parser.add_argument("--email", default="")

    @transaction.atomic
    def handle(self, *args, username, role, section, portal, email, **options):
        roles.apply_sections()
        site = None
        if portal:
            site = officers.find_portal(portal)
            if site is None:
                raise CommandError(
                    f"No portal has the host name {portal!r}; "
                    "create it first with create_portal."
                )
        if section:
            page = officers.find_section(section, site=site)
            if page is None:
                where = f" of the portal {portal!r}" if portal else ""
                raise CommandError(f"No page at the section path {section!r}{where}.")
            group = officers.section_group(page, role)
        elif site is not None:
            group = officers.portal_group(site, role)
            if group is None:
                raise CommandError(
                    f"The portal {portal!r} has no officer groups; run "
                    f'create_portal {site.hostname} "AGENCY NAME" to add them.'
                )
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
