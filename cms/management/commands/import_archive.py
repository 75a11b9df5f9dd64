"""`python manage.py import_archive HOST --articles F.jsonl --publications
F.jsonl [--closed-on DATE --successor HOST]`: see docs/archives.md."""

from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import archives
from cms.management.commands.archive_portal import closing_day, find_portal


class Command(BaseCommand):
    help = gettext_lazy(
        "Import an old portal's content into its archive portal in one run, "
        "with each page's old address (source_url) redirecting to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("host", help=gettext_lazy("the archive portal's HOST"))
        for option, command in archives.import_commands().items():
            parser.add_argument(
                f"--{option}",
                metavar="FILE",
                help=gettext_lazy("a file for %(command)s") % {"command": command},
            )
        parser.add_argument("--media-root")
        parser.add_argument("--closed-on", help=gettext_lazy("YYYY-MM-DD"))
        parser.add_argument("--successor", help=gettext_lazy("the successor's HOST"))

    def handle(self, *args, host, **options):
        site = find_portal(host)
        day = closing_day(options["closed_on"]) if options["closed_on"] else None
        successor = find_portal(options["successor"]) if options["successor"] else None
        files = {
            name: options[name.replace("-", "_")]
            for name in archives.import_commands()
            if options.get(name.replace("-", "_"))
        }
        failures = []
        for option, name in archives.import_commands().items():
            if option not in files:
                continue
            command = load_command_class(get_commands()[name], name)
            index = (
                command.index_model.objects.descendant_of(site.root_page)
                .order_by("path")
                .first()
            )
            if index is None:
                raise CommandError(
                    _("%(host)s has no section for %(command)s")
                    % {"host": host, "command": name}
                )
            self.stdout.write(f"{name} {files[option]}")
            try:
                call_command(
                    command,
                    files[option],
                    index=str(index.pk),
                    into_archive=True,
                    media_root=options["media_root"],
                    verbosity=options["verbosity"],
                    stdout=self.stdout,
                    stderr=self.stderr,
                )
            except CommandError as error:
                # Lines that failed are reported; the rest still redirect.
                failures.append(f"{name}: {error}")
        created, updated = archives.redirect_old_addresses(site)
        self.stdout.write(
            _("old addresses: %(created)s redirect(s) created, %(updated)s updated")
            % {"created": created, "updated": updated}
        )
        if day is not None:
            archives.archive(site, day, successor)
            self.stdout.write(_("%(host)s is an archive") % {"host": host})
        if failures:
            raise CommandError("; ".join(failures), returncode=1)
