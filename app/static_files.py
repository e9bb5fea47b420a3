"""Static files sent gzipped once and for all: each text file has a copy beside it, `<name>.gz`, made by
`flask compress-static` with zopfli (about 4 % smaller than gzip -9, too slow to run for each request). A browser
that accepts gzip gets that copy; without it, or where the copy is missing or older than its file, Flask-Compress
compresses the file as it streams it. nginx's `gzip_static on` serves the same copies in production."""
import mimetypes
from pathlib import Path

import click
import zopfli.gzip
from flask import current_app, request, send_from_directory
from flask.cli import with_appcontext
from werkzeug.security import safe_join

SUFFIX = ".gz"
COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".html")


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


def send_static(filename):
    """The view of /static/<filename>: its gzipped copy when the browser takes gzip and the copy is current."""
    folder = current_app.static_folder
    if "gzip" not in request.accept_encodings or _current_copy(folder, filename) is None:
        return current_app.send_static_file(filename)
    response = send_from_directory(folder, filename + SUFFIX, mimetype=mimetypes.guess_type(filename)[0],
                                   max_age=current_app.get_send_file_max_age(filename))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
