"""What a preview read, kept for its confirmation: the file is read once (GDAL, the checks of every shape), and the
confirmation, or a preview with other choices, starts from that reading. It waits in IMPORT_DIR under a random
token (a name this server made), as JSON with each shape as WKB, a day at most; the person's file itself is not
kept. A reading older than that is refused by `kept` itself, and its file deleted by `forget_old`: when a new one is
kept (so the folder holds about a day of previews even without the daily `flask expirer`) and by that command. A
token starts with its map's id: a reading is confirmed into its own map only, and goes with it (`forget_map`)."""
import json
import os
import re
import secrets
import time
from pathlib import Path

import shapely
from flask import current_app

from ..formats.items import Item, Reading

KEPT_FOR = 24 * 3600  # a reading waiting for its confirmation is kept a day at most
SUFFIX = ".lecture.json"
NAME = re.compile(r"[A-Za-z0-9_-]{1,64}" + re.escape(SUFFIX))  # what `keep` names a reading (token_urlsafe)


def keep(source, map_id):
    """Write the reading of a file to import into that map; its token."""
    token = f"{map_id}-{secrets.token_urlsafe(16)}"
    shapes = shapely.to_wkb([item.shape for item in source.items], hex=True)
    reading = {"field_names": source.field_names, "notices": [str(notice) for notice in source.notices],
               "items": [[shape, item.fields, None if item.reason is None else str(item.reason)]
                         for item, shape in zip(source.items, shapes.tolist(), strict=True)]}
    (_folder() / f"{token}{SUFFIX}").write_text(json.dumps(reading, ensure_ascii=False))
    forget_old(time.time())
    return token


def kept(token, map_id):
    """The reading of that token for that map, or None once it is gone (confirmed, or older than a day) or when it is
    another map's."""
    path = _path(token) if token.startswith(f"{map_id}-") else None
    try:
        if path is None or _is_old(path.stat(), time.time()):
            return None
        reading = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    shapes = shapely.from_wkb([shape for shape, _fields, _reason in reading["items"]])
    items = [Item(shape, fields, reason) for shape, (_shape, fields, reason) in zip(shapes, reading["items"],
                                                                                    strict=True)]
    return Reading(items, reading["field_names"], reading["notices"])


def forget(token):
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def forget_old(now):
    """Delete the readings never confirmed and older than KEPT_FOR at `now` (seconds since the epoch); how many
    went. Only plain files named as `keep` names them: nothing else in IMPORT_DIR (an operator's file, a link to
    elsewhere, a folder) is ever touched."""
    gone = 0
    for entry in os.scandir(_folder()):
        if (NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                and _is_old(entry.stat(follow_symlinks=False), now)):
            Path(entry.path).unlink(missing_ok=True)
            gone += 1
    return gone


def forget_map(map_id):
    """Delete the readings waiting to be imported into that map (a map deleted); how many went."""
    gone = 0
    for entry in os.scandir(_folder()):
        if NAME.fullmatch(entry.name) and entry.name.startswith(f"{map_id}-") and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)
            gone += 1
    return gone


def _is_old(status, now):
    return now - status.st_mtime > KEPT_FOR


def _path(token):
    """Where the reading of that token is; None for a token this server cannot have made."""
    if not token or not NAME.fullmatch(f"{token}{SUFFIX}"):
        return None
    return _folder() / f"{token}{SUFFIX}"


def _folder():
    folder = Path(current_app.config["IMPORT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder
