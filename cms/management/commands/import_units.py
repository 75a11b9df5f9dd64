"""`python manage.py import_units FILE.csv`: see docs/archives.md."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import units


class Command(BaseCommand):
    help = gettext_lazy(
        "Load administrative units from CSV (header code,name,level,valid_from,"
        "valid_to; optional successors,agency_name). Every line is checked "
        "first: one bad line saves nothing. Running it again updates the units."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            handle = open(file, encoding="utf-8-sig", newline="")
        except OSError as error:
            raise CommandError(
                _("cannot read %(path)s: %(error)s")
                % {"path": file, "error": error.strerror}
            ) from error
        with handle:
            try:
                rows = units.read_csv(handle)
            except UnicodeDecodeError:
                raise CommandError(
                    _("file %(path)s is not UTF-8 text") % {"path": file}
                ) from None
            except units.UnitFileError as error:
                for problem in error.problems:
                    self.stderr.write(problem)
                raise CommandError(
                    _("%(count)s problem(s) in %(path)s; nothing was saved")
                    % {"count": len(error.problems), "path": file}
                ) from None
        count, links = units.save_rows(rows)
        self.stdout.write(
            _("%(units)s unit(s) and %(links)s succession(s) in place")
            % {"units": count, "links": links}
        )
