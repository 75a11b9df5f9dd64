"""editorial 0005 gives existing databases the register per role: site-wide
groups and every portal's groups get the registers they have."""

from importlib import import_module
from io import StringIO

from django.apps import apps
from django.core.management import call_command

from wagtail.models import GroupPagePermission, Site

from editorial import roles
from publications.models import PublicationIndexPage
from tests import factories

MIGRATION = import_module(
    "editorial.migrations.0005_register_for_editors_and_approvers"
)


def test_the_migration_grants_registers_of_the_site_and_of_each_portal(home_page):
    factories.PublicationIndexPageFactory(parent=home_page)
    roles.apply_sections()
    call_command("create_portal", "xa-a.localhost", "Xã A", stdout=StringIO())
    portal_home = Site.objects.get(hostname="xa-a.localhost").root_page
    registers = PublicationIndexPage.objects.all()
    assert registers.filter(path__startswith=portal_home.path).exists()
    # A database from before the migration: nobody but administrators there.
    GroupPagePermission.objects.filter(page__in=registers).exclude(
        group__name__startswith=roles.GROUP_NAMES[roles.ADMIN]
    ).delete()

    MIGRATION.forwards(apps, None)

    for register in registers:
        groups = set(
            GroupPagePermission.objects.filter(
                page=register, permission__codename="publish_page"
            ).values_list("group__name", flat=True)
        )
        approvers = {name for name in groups if roles.role_of(name) == roles.APPROVER}
        expected = 1 if register.path.startswith(portal_home.path) else 0
        # The site-wide approvers everywhere, a portal's own in its register.
        assert roles.GROUP_NAMES[roles.APPROVER] in approvers
        assert len(approvers) == 1 + expected
