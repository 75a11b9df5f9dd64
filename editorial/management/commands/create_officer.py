import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from editorial import officers, roles


class Command(BaseCommand):
    help = gettext_lazy(
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
            help=gettext_lazy(
                "URL path of the section page (e.g. /tin-tuc/); "
                "without it the role covers every section."
            ),
        )
        parser.add_argument(
            "--portal",
            help=gettext_lazy(
                "Host name of a portal made with create_portal (e.g. "
                "xa-an.example.gov.vn): the officer joins that portal's group; "
                "with --section, the section is looked up in that portal."
            ),
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
                    _(
                        "No portal has the host name %(portal)s; "
                        "create it first with create_portal."
                    )
                    % {"portal": portal}
                )
        if section:
            page = officers.find_section(section, site=site)
            if page is None:
                if portal:
                    message = _(
                        "No page at the section path %(section)s of the portal "
                        "%(portal)s."
                    )
                else:
                    message = _("No page at the section path %(section)s.")
                raise CommandError(message % {"section": section, "portal": portal})
            group = officers.section_group(page, role)
        elif site is not None:
            group = officers.portal_group(site, role)
            if group is None:
                raise CommandError(
                    _(
                        "The portal %(portal)s has no officer groups; run "
                        'create_portal %(host)s "AGENCY NAME" to add them.'
                    )
                    % {"portal": portal, "host": site.hostname}
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
            self.style.SUCCESS(
                _("%(username)s is in the group “%(group)s”.")
                % {"username": username, "group": group.name}
            )
        )
        if password:
            self.stdout.write(
                _("Password: %(password)s (shown once; change it after logging in).")
                % {"password": password}
            )
