"""Downloading a map's backup (its owners). Restoring one is on the collective's page (`collectives.restore`)."""
from datetime import date

from flask import Blueprint, Response
from slugify import slugify

from ..access import ADMIN
from ..loaders import with_map
from .archive import backup

bp = Blueprint("backups", __name__, url_prefix="/cartes/<int:map_id>")


@bp.get("/sauvegarde")
@with_map(ADMIN)
def download(map_):
    response = Response(backup(map_), mimetype="application/zip")
    name = slugify(map_.name, separator="_", lowercase=False, max_length=50) or "carte"
    response.headers["Content-Disposition"] = f'attachment; filename="Sauvegarde_{name}_{date.today()}.voyette.zip"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
