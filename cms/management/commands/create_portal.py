from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cms import portal_setup


class Command(BaseCommand):
    help = (
        "Create (or complete) a portal: its site, home page, sections, settings, "
        "collection, officer groups and workflow. Running it again adds nothing. "
        'e.g. create_portal xa-an.example.gov.vn "Ủy ban nhân dân xã An" '
        "--level commune --unit-code 25114, or create_portal --from-csv portals.csv "
        "(header hostname,agency_name,level,unit_code; docs/portals.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("hostname", nargs="?")
        parser.add_argument("agency_name", nargs="?")
        parser.add_argument(
            "--level",
            default=portal_setup.portals.COMMUNE,
            help=f"One of {', '.join(portal_setup.LEVEL_CODES)} (default: commune).",
        )
        parser.add_argument("--unit-code", default="")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--short-name", default="")
        parser.add_argument(
            "--from-csv",
            metavar="FILE",
            help="Create every portal of a CSV file (UTF-8, header "
            f"{','.join(portal_setup.CSV_COLUMNS)}; optional columns "
            f"{','.join(portal_setup.CSV_OPTIONAL_COLUMNS)}).",
        )

    def handle(self, *args, hostname, agency_name, from_csv, **options):
        if from_csv:
            if hostname or agency_name:
                raise CommandError(
                    "Give either HOSTNAME and AGENCY NAME or --from-csv."
                )
            return self.from_csv(from_csv)
        if not hostname or not agency_name:
            raise CommandError('Give HOSTNAME and "AGENCY NAME" (or --from-csv FILE).')
        spec = portal_setup.PortalSpec(
            hostname=hostname,
            agency_name=agency_name,
            level=options["level"],
            unit_code=options["unit_code"],
            port=options["port"],
            short_name=options["short_name"],
        )
        problems = spec.problems()
        if problems:
            raise CommandError(" ".join(problems))
        self.report(spec, portal_setup.build(spec))

    def report(self, spec, portal, prefix=""):
        made = ", ".join(portal.made) if portal.made else "nothing new"
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{spec.key}: {portal.site.site_name or spec.agency_name} "
                f"(site #{portal.site.pk}, home page #{portal.root.pk}); made: {made}."
            )
        )

    def from_csv(self, path):
        try:
            handle = open(path, encoding="utf-8-sig", newline="")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        failed = done = 0
        with handle:
            try:
                rows = list(portal_setup.read_csv(handle))
            except (ValueError, UnicodeDecodeError) as error:
                raise CommandError(f"{path}: {error}") from error
            for line, spec in rows:
                if isinstance(spec, str):
                    failed += 1
                    self.stderr.write(f"line {line}: {spec}")
                    continue
                try:
                    # Each row in its own transaction: a failure keeps the others.
                    portal = portal_setup.build(spec)
                except (ValidationError, DatabaseError, ValueError) as error:
                    failed += 1
                    reason = " ".join(getattr(error, "messages", [str(error)]))
                    self.stderr.write(f"line {line}: {reason}")
                    continue
                done += 1
                self.report(spec, portal, prefix=f"line {line}: ")
        self.stdout.write(f"{done} portal(s) in place, {failed} row(s) failed.")
        if failed:
            raise CommandError(f"{failed} row(s) of {path} failed; see above.")
