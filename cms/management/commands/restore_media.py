import tarfile
import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from cms.media_backup import safe_name


class Command(BaseCommand):
    help = (
        "Put the files of a backup_media archive back into the media storage "
        "(the local disk or the object store) under their own names; files "
        "already there are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by backup_media")

    def handle(self, *args, archive, **options):
        started = time.monotonic()
        restored = kept = 0
        try:
            with tarfile.open(archive, "r:gz") as tar:
                for member in tar:
                    if not member.isfile():
                        continue
                    name = safe_name(member.name)
                    if name is None:
                        raise CommandError(f"{archive}: unsafe name {member.name!r}")
                    if default_storage.exists(name):
                        kept += 1
                        continue
                    saved = default_storage.save(name, tar.extractfile(member))
                    if saved != name:
                        raise CommandError(f"{name} was stored as {saved}")
                    restored += 1
        except (OSError, tarfile.TarError) as error:
            raise CommandError(f"could not read {archive}: {error}") from error
        self.stdout.write(
            f"{restored} files restored, {kept} already there, in "
            f"{time.monotonic() - started:.1f} s"
        )
