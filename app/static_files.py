"""Static files sent gzipped once and for all: each text file has a copy beside it, `<name>.gz`, made by
`flask compress-static` with zopfli (about 4 % smaller than gzip -9, too slow to run for each request). A browser
that accepts gzip gets that copy; without it, or where the copy is missing or older than its file, Flask-Compress
compresses the file as it streams it. nginx's `gzip_static on` serves the same copies in production.

Pages name each file by its content, `js/map.<hash>.js` (`url_for("static", ...)`, `versioned_name`): that name is
kept a year and never revalidated, and a deploy that changes the file changes the name, so no browser keeps an old
map.js. The plain name, and a version that is no longer the file's (a page older than the deploy), still answer
today's file, kept an hour (SEND_FILE_MAX_AGE_DEFAULT). Files named by a stylesheet's relative url() (Leaflet's
images) are asked by their plain name: the hash is in the last part of the name, so those still resolve."""
import hashlib
import mimetypes
import os
import re
from functools import lru_cache
from pathlib import Path

import click
import zopfli.gzip
from flask import current_app, request, send_from_directory
from flask.cli import with_appcontext
from werkzeug.security import safe_join

SUFFIX = ".gz"
COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".html")
HASH_LENGTH = 10
VERSIONED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[A-Za-z0-9]+)$")
LONG_CACHE = "public, max-age=31536000, immutable"  # a year, as nginx says too (deploy/nginx/voyette-locations.conf)


def _copy_of(path):
    return path.with_name(path.name + SUFFIX)


def _fresh(path, copy):
    return copy.is_file() and copy.stat().st_mtime >= path.stat().st_mtime


def write_copies(static_folder):
    """Make the missing or stale gzipped copies under `static_folder`; how many were made."""
    made = 0
    for path in sorted(Path(static_folder).rglob("*")):
        if path.suffix not in COMPRESSIBLE or not path.is_file() or _fresh(path, _copy_of(path)):
            continue
        _copy_of(path).write_bytes(zopfli.gzip.compress(path.read_bytes()))
        made += 1
    return made


@click.command("compress-static")
@with_appcontext
def compress_static():
    """Write the gzipped copy of every static text file that has none or an older one."""
    click.echo(f"Copies compressées écrites : {write_copies(current_app.static_folder)}")


def _current_copy(folder, filename):
    """The gzipped copy of that file, if it has one as new as itself (None too for a name outside the folder)."""
    path = safe_join(folder, filename)
    if path is None or Path(path).suffix not in COMPRESSIBLE or not Path(path).is_file():
        return None
    return _copy_of(Path(path)) if _fresh(Path(path), _copy_of(Path(path))) else None


@lru_cache(maxsize=4096)
def _digest(path, _mtime_ns, _size):
    """Read once per version of the file in each process: the stat in the key tells a changed file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:HASH_LENGTH]


def content_hash(folder, filename):
    """The short hash of that file's content, None for a name that is no file of the folder."""
    path = safe_join(str(folder), filename)
    if path is None or not os.path.isfile(path):
        return None
    stat = os.stat(path)
    return _digest(path, stat.st_mtime_ns, stat.st_size)


def versioned_name(folder, filename):
    """`js/map.js` as pages name it, `js/map.<hash>.js`; a name without suffix or no file is left as it is."""
    stem, dot, suffix = filename.rpartition(".")
    digest = content_hash(folder, filename) if dot and stem and "/" not in suffix else None
    return f"{stem}.{digest}.{suffix}" if digest else filename


def version_static_urls(endpoint, values):
    """Every `url_for("static", filename=...)` of the app, templates and scripts' settings alike, names the version."""
    if endpoint == "static" and values.get("filename"):
        values["filename"] = versioned_name(current_app.static_folder, values["filename"])


def _file_asked(folder, filename):
    """The file a static URL names, and whether the URL names its current version (then kept a year)."""
    found = VERSIONED.match(filename)
    if found is None or content_hash(folder, filename) is not None:
        return filename, False
    plain = found["stem"] + found["suffix"]
    return plain, found["hash"] == content_hash(folder, plain)


def send_static(filename):
    """The view of /static/<filename>: its gzipped copy when the browser takes gzip and the copy is current;
    a name with the file's current version is kept a year."""
    folder = current_app.static_folder
    filename, current = _file_asked(folder, filename)
    compressed = "gzip" in request.accept_encodings and _current_copy(folder, filename) is not None
    response = send_from_directory(folder, filename + SUFFIX if compressed else filename,
                                   mimetype=mimetypes.guess_type(filename)[0],
                                   max_age=current_app.get_send_file_max_age(filename))
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
    if current:
        response.headers["Cache-Control"] = LONG_CACHE
        del response.headers["Expires"]
    return response
