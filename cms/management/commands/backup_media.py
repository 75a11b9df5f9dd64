import tarfile
import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from cms.media_backup import stored_names


class Command(BaseCommand):
    help = (
        "Copy every uploaded file (originals, renditions, documents) from the "
        "media storage, the local disk or the object store, into one .tar.gz "
        "(docs/deploy.md, 'Backups')."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz file to write")

    def handle(self, *args, archive, **options):
        started = time.monotonic()
        count = size = 0
        try:
            with tarfile.open(archive, "w:gz") as tar:
                for name in stored_names(default_storage):
                    with default_storage.open(name, "rb") as stored:
                        info = tarfile.TarInfo(name)
                        info.size = default_storage.size(name)
                        tar.addfile(info, stored)
                    count += 1
                    size += info.size
        except OSError as error:
            raise CommandError(f"could not write {archive}: {error}") from error
        self.stdout.write(
            f"{count} files, {size / 1e6:.1f} MB, into {archive} in "
            f"{time.monotonic() - started:.1f} s"
        )
