"""A local tile route for tests, benchmarks and machines without internet.

Every tile of a shade is the same PNG, made once in memory, so the map looks like a map and loads instantly. A print
draws these tiles here too (`drawn`), with no HTTP request: the server never asks a host for them, least of all the
one a request names.
"""
import struct
import zlib
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

bp = Blueprint("tiles", __name__)


@bp.get("/tuiles-locales/<int:z>/<int:x>/<int:y>.png")
def tile(z, x, y):
    """One 256×256 tile."""
    response = Response(_png(_dark(request.args)), mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def drawn(url):
    """The PNG bytes of a tile of this route named by its relative URL (a basemap of LOCAL_BASEMAPS), or None when
    the URL names anything else or this route is not served."""
    parts = urlsplit(url)
    try:
        endpoint, _ = current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except HTTPException:
        return None
    return _png(_dark(MultiDict(parse_qsl(parts.query)))) if endpoint == "tiles.tile" else None


def _dark(args):
    return args.get("teinte") == "sombre"


@lru_cache(maxsize=2)
def _png(dark, size=256):
    """A pale (or dark) tile with a faint grid line on two edges, as PNG bytes."""
    background, line = (b"\x3a\x40\x44", b"\x52\x58\x5c") if dark else (b"\xee\xec\xe4", b"\xd6\xd3\xc8")
    rows = []
    for y in range(size):
        pixels = line * size if y == 0 else line + background * (size - 1)
        rows.append(b"\x00" + pixels)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))
