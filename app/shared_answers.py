"""The layer's answers kept on disk, shared by every worker of this host: an answer made by one worker, or prepared
by a write, is sent by the others as it is, never made again by each of them.

One file per answer, in one folder per map (`ANSWER_DIR/<map id>-<creation>/`, so a new map that takes a deleted
one's number finds none of its files): a line of JSON (the revision the answer says, and what its maker needs to
make the next one from it: the question, the gzipped blocks' places in the body) and then the gzip body, as sent.
Written whole under a name of its own, then renamed into place: a reader opens the old file or the new one, never
half of one. An answer says its revision and is sent only for it, so a file is never out of date, only older.

A file's modification time is when a reader last needed it (a worker without the answer in its memory): a write
prepares the answers read within `WATCHED_FOR` (at most `PREPARED_PER_WRITE` of them), and keeps that time.
Files are a cache: losing one costs a rebuild. A map deleted takes its folder (`forget_map`); `flask expirer`
deletes what nobody read for `KEPT_FOR` (`forget_old`).
"""
import contextlib
import json
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import NamedTuple

from flask import current_app

WATCHED_FOR = 600          # seconds: a view read this recently is prepared by the next write
PREPARED_PER_WRITE = 4     # answers a write prepares at most, the most recently read first
KEPT_FOR = 24 * 3600       # seconds unread before `flask expirer` deletes a file
_DRAFT = ".draft-"


class Stored(NamedTuple):
    """A file as read: its header (a dict), its body (the gzip stream) and when a reader last needed it."""
    header: dict
    body: bytes
    read_at: float


def folder(map_id, created_at):
    """The folder of a map's answers."""
    return _root() / f"{map_id}-{created_at.strftime('%Y%m%dT%H%M%S%f')}"


def read(path, touch=True):
    """The file at `path` (None: none, or not whole); `touch` notes that a reader needed it now."""
    try:
        with open(path, "rb") as file:
            header = json.loads(file.readline())
            body = file.read()
            read_at = os.fstat(file.fileno()).st_mtime
        if touch:
            os.utime(path)
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("size") != len(body):
        return None
    return Stored(header, body, read_at)


def write(path, header, body, read_at=None):
    """Put this answer at `path`, whole or not at all; `read_at` keeps the time a reader last needed it (a write
    preparing it is no reader)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f"{_DRAFT}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        with open(draft, "wb") as file:
            file.write(json.dumps({**header, "size": len(body)}, separators=(",", ":")).encode() + b"\n")
            file.write(body)
        if read_at is not None:
            os.utime(draft, (time.time(), read_at))
        os.replace(draft, path)
    except OSError:
        draft.unlink(missing_ok=True)
        current_app.logger.warning("Réponse partagée non écrite", exc_info=True)


def watched(map_folder, now=None):
    """The paths of the map's answers read within WATCHED_FOR, the most recently read first, PREPARED_PER_WRITE at
    most."""
    now = time.time() if now is None else now
    try:
        entries = [(entry.stat().st_mtime, Path(entry.path)) for entry in os.scandir(map_folder)
                   if not entry.name.startswith(_DRAFT)]
    except FileNotFoundError:
        return []
    recent = sorted((entry for entry in entries if entry[0] >= now - WATCHED_FOR), reverse=True)
    return [path for _read_at, path in recent[:PREPARED_PER_WRITE]]


def forget_map(map_id):
    """Delete the answers of every map of that id (a map deleted)."""
    root = _root()
    if root.is_dir():
        for entry in os.scandir(root):
            if entry.name.startswith(f"{map_id}-") and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)


def forget_old(now):
    """Delete the answers nobody read for KEPT_FOR at `now` (seconds since the epoch), and folders left empty; how
    many answers went."""
    root, gone = _root(), 0
    if not root.is_dir():
        return 0
    for map_entry in os.scandir(root):
        if not map_entry.is_dir(follow_symlinks=False):
            continue
        for entry in os.scandir(map_entry.path):
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < now - KEPT_FOR:
                Path(entry.path).unlink(missing_ok=True)
                gone += not entry.name.startswith(_DRAFT)
        with contextlib.suppress(OSError):
            os.rmdir(map_entry.path)  # only when empty
    return gone


def _root():
    return Path(current_app.config["ANSWER_DIR"])
