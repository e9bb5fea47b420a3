"""Public maps' layer answers as files that nginx sends by itself (`VOYETTE_PUBLISHED`, the `elements.geojson`
location of deploy/nginx/voyette-locations.conf): a read of a public map then costs what a static file does, with no
request to the app. A file missing, nginx asks the app, which answers and leaves the file for the next reader.

What may be a file, and for how long, is decided here:
- only what anyone may read: the items of a public map, asked with no action (an action's items are the project's,
  for its members: `features/layer.py` never publishes them);
- named by the query string exactly as the browser sent it, since nginx knows no other name for it:
  `<map id>/q<query>.gz`, the gzip body as the app sends it. A query of other characters than QUERY's (the same
  pattern as nginx's) is never a file, so that no name can leave its map's folder;
- only at the map's current revision and while it is public. A write that advances the revision withdraws the map's
  files once it commits (features/prepared.py), and so does a change of visibility (app/sharing) and the map's
  deletion. A reader that published a file checks, once the file is in place, that the map is still public at the
  revision it answered: a write committed in between is seen either by that check or by the write's withdrawal,
  which then comes after, so no file of an older revision stays.

A cache of this host, as the shared answers are: with several app hosts, each host's writes withdraw its own files
only, so the folder is either one volume every host and its nginx share, or left unset (README.md).
"""
import os
import re
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from .extensions import db
from .models import Map

# A query string made of these only (what the map's own requests send: numbers, commas escaped or not, names of
# parameters): the same pattern as nginx's, which asks the app for anything else.
QUERY = re.compile(r"[A-Za-z0-9=&.,%_-]{0,200}")
FILES_PER_MAP = 64  # views of a map published at once at most, until its next write withdraws them
_DRAFT = ".draft-"


def publish(map_, query, body):
    """Leave `body`, the gzip answer to `query` (the request's raw query string, bytes) at the map's revision as
    loaded, for nginx to send, when the map is public and the query may be a file name."""
    folder = _map_folder(map_.id)
    text = query.decode("latin-1")
    if folder is None or map_.visibility != "public" or not QUERY.fullmatch(text):
        return
    path = folder / f"q{text}.gz"
    if path.exists():  # at this revision, or about to be removed by the one who left it
        return
    folder.mkdir(parents=True, exist_ok=True)
    if len(os.listdir(folder)) >= FILES_PER_MAP:
        return
    draft = folder / f"{_DRAFT}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        draft.write_bytes(body)
        os.replace(draft, path)  # whole or not at all: nginx never sends half a file
    except OSError:
        draft.unlink(missing_ok=True)
        current_app.logger.warning("Réponse publique non écrite", exc_info=True)
        return
    now = db.session.execute(select(Map.revision, Map.visibility).where(Map.id == map_.id)).first()
    if now is None or tuple(now) != (map_.revision, "public"):
        path.unlink(missing_ok=True)


def withdraw(map_id):
    """Remove the map's published answers; the query strings they answered, for a write to publish again those it
    has made anew."""
    folder = _map_folder(map_id)
    if folder is None:
        return []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    queries = []
    for entry in entries:
        if not entry.name.startswith(_DRAFT):  # a draft becomes a file its writer checks, and removes, itself
            Path(entry.path).unlink(missing_ok=True)
            queries.append(entry.name[1:-len(".gz")])
    return queries


def _map_folder(map_id):
    root = current_app.config["PUBLISHED_DIR"]
    return Path(root) / str(map_id) if root else None
