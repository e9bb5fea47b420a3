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
FILES_PER_MAP = 64         # views kept per map at most: a new one past it pushes out the least recently read
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
    if not path.exists():
        _make_room(path.parent)
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


def _make_room(map_folder):
    """Keep the map's folder under FILES_PER_MAP (each write lists it to find what readers asked for lately): the
    least recently read go first."""
    entries = _answers_in(map_folder)
    for _read_at, path in sorted(entries)[:max(0, len(entries) + 1 - FILES_PER_MAP)]:
        path.unlink(missing_ok=True)


def _answers_in(map_folder):
    """(when last read, path) of each answer of the map's folder."""
    try:
        entries = list(os.scandir(map_folder))
    except FileNotFoundError:
        return []
    found = []
    for entry in entries:
        with contextlib.suppress(FileNotFoundError):  # gone meanwhile (another worker made room)
            if not entry.name.startswith(_DRAFT):
                found.append((entry.stat().st_mtime, Path(entry.path)))
    return found


def watched(map_folder, now=None):
    """The paths of the map's answers read within WATCHED_FOR, the most recently read first, PREPARED_PER_WRITE at
    most."""
    now = time.time() if now is None else now
    recent = sorted((entry for entry in _answers_in(map_folder) if entry[0] >= now - WATCHED_FOR), reverse=True)
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
            with contextlib.suppress(FileNotFoundError):
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < now - KEPT_FOR:
                    Path(entry.path).unlink()
                    gone += not entry.name.startswith(_DRAFT)
        with contextlib.suppress(OSError):
            os.rmdir(map_entry.path)  # only when empty
    return gone


def _root():
    return Path(current_app.config["ANSWER_DIR"])
