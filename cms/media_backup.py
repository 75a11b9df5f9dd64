"""What backup_media and restore_media share: the uploaded files of a
storage (the local disk or the object store), walked through Django's
storage API so one command serves both (docs/deploy.md, "Backups")."""

import posixpath


def stored_names(storage, folder=""):
    """Every file's name in the storage, folder by folder."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from stored_names(
            storage, posixpath.join(folder, name) if folder else name
        )


def safe_name(name):
    """The name as stored, or None for one that would leave the media root
    (an absolute path or `..`: an archive is read, not trusted)."""
    normal = posixpath.normpath(name)
    if normal.startswith(("/", "../")) or normal in ("..", "."):
        return None
    return normal
