"""Where photos are kept: two files in PHOTO_DIR (the image and its thumbnail) and a row in `photos`.

Files and row come and go together, tied to the database transaction by `app/filestore.py`: whoever calls
`attach()` (the photo form, or the feature form with its first photo) only commits or rolls back, as for any other
change.

A full disk is said to the person (`NoRoom`, answered 507: the server's lack, not the photo's fault; an offline
outbox keeps the photo and sends it again later) and leaves no file begun.
"""
import secrets
import uuid as uuid_module
from datetime import UTC
from zoneinfo import ZoneInfo

from flask import current_app

from .. import filestore
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import Photo
from ..models.author import account_of
from ..models.photo import AUTHOR_MAX
from .images import PhotoRejected, clean_image

directory = filestore.directory  # the folder of every photo file (shared by every worker)


class NoRoom(PhotoRejected):
    """The disk of PHOTO_DIR is full: nothing is kept, and the same photo may be sent again once room is made."""

    status = 507


def attach(feature, upload, uuid=None, *, author, taken_at=None):
    """Clean an upload (a FileStorage) and add it to the feature's photos; the caller commits.

    The same `uuid` sent again (a lost answer, a replayed outbox) gives back the photo already kept. The
    returned photo's `location` is where the upload says it was taken, (lon, lat) or None: never stored.
    `taken_at` is the capture date the browser read before shrinking the photo, for when the file no longer says."""
    uuid = _checked_uuid(uuid)
    if uuid is not None and (already := Photo.by_uuid(uuid)) is not None:
        if already.feature_id != feature.id:
            raise PhotoRejected(_l("Cette photo a déjà été ajoutée à un autre élément."))
        return already
    if feature.is_deleted:
        raise PhotoRejected(_l("Cet élément est dans la corbeille : restaurez-le pour lui ajouter une photo."))
    return add_cleaned(feature, clean_image(upload.stream), uuid, author=author, taken_at=taken_at)


def add_cleaned(feature, clean, uuid=None, *, author, taken_at=None):
    """Add a photo already cleaned (`images.clean_image`) to the feature's photos; the caller commits. A save that
    writes before it adds the photo (a new item with its first one) cleans it first, so that the slow part of the
    save is done before the database's write lock is taken, which everyone else's saves wait for."""
    stored_name = secrets.token_hex(16)
    _write(stored_name, clean)
    photo = Photo(feature=feature, uuid=uuid or str(uuid_module.uuid4()), stored_name=stored_name,
                  width=clean.width, height=clean.height, size=len(clean.image),
                  taken_at=_in_utc(clean.taken_at or taken_at), author=author[:AUTHOR_MAX],
                  user_id=account_of(author))
    photo.location = clean.location
    db.session.add(photo)
    db.session.flush()  # a refused row (a uuid taken meanwhile) fails here, and the transaction's end removes the files
    return photo


def remove(photo):
    """Delete a photo; its files go once the deletion is committed."""
    db.session.delete(photo)
    removing_files(photo.stored_name)


def removing_files(*stored_names):
    """The files of these photos go once the transaction that deletes their rows is committed (a map deleted whole:
    its rows go by their foreign keys' cascade), and stay if it rolls back."""
    filestore.removing(*(path for name in stored_names for path in files_of(name)))


def filename(stored_name, thumbnail=False):
    """The name of a photo's file in `directory()`: the image, or its thumbnail beside it."""
    return f"{stored_name}-mini.jpg" if thumbnail else f"{stored_name}.jpg"


def read(stored_name, thumbnail=False):
    """The bytes of a photo's file (or of its thumbnail); None when it is not there."""
    try:
        return (directory() / filename(stored_name, thumbnail)).read_bytes()
    except FileNotFoundError:
        return None


def files_of(stored_name):
    return [directory() / filename(stored_name), directory() / filename(stored_name, thumbnail=True)]


def write_file(path, data):
    """Write a new file of `directory()`, removed again unless the transaction commits (`filestore.write_file`);
    NoRoom when the disk is full."""
    try:
        filestore.write_file(path, data)
    except filestore.Full:
        raise NoRoom(_l("Le serveur n'a plus de place pour les photos : rien n'a été enregistré. Réessayez "
                        "plus tard ; si cela dure, prévenez les personnes qui gèrent le site.")) from None


def _write(stored_name, clean):
    """Write both files of a photo."""
    for path, data in zip(files_of(stored_name), (clean.image, clean.thumbnail), strict=True):
        write_file(path, data)


def _checked_uuid(value):
    """The client's uuid in its canonical form, or None when there is none."""
    if not value:
        return None
    try:
        return str(uuid_module.UUID(str(value)))
    except ValueError:
        raise PhotoRejected(_l("L'identifiant de la photo est illisible : rechargez la page.")) from None


def _in_utc(taken_at):
    """The time a photo was taken, in UTC as every time is stored; a camera that gave no zone is taken as
    being in the application's zone (Europe/Paris)."""
    if taken_at is None:
        return None
    if taken_at.tzinfo is None:
        taken_at = taken_at.replace(tzinfo=ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "UTC")))
    return taken_at.astimezone(UTC)
