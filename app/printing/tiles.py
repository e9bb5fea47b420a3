"""The basemap under a print: tiles fetched from the configured URL into a disk cache, drawn under the items.

A tile that cannot be had (no network, a server that refuses) is simply missing: the print is made without it and
says so; it never fails for the basemap.

Every address asked is the configured basemap's, with the tile's numbers in it: nothing of the request (its host
above all) goes into it. A relative basemap URL is the app's own local tiles, drawn in-process (`app/tiles.py`), and
a redirect is not followed, since its target would come from elsewhere than the configuration.
"""
import base64
import hashlib
import math
import secrets
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import tiles as local_tiles

EARTH = 6378137.0
HALF_WORLD = math.pi * EARTH  # Web Mercator's x and y run from -HALF_WORLD to HALF_WORLD
TIMEOUT_S = 5
MAX_TILES = 120  # an A3 page at print resolution needs about 70
PIXELS_PER_MM = 5  # tiles drawn at about 127 dpi: sharp on paper, few to fetch
PNG, JPEG = b"\x89PNG", b"\xff\xd8\xff"


def zoom_for(frame, width_mm, max_zoom):
    """The tile zoom whose pixels fall about PIXELS_PER_MM to a millimetre of paper, with at most MAX_TILES."""
    metres_per_mm = (frame.size[0] / frame.units_per_metre) / width_mm
    zoom = max(0, min(max_zoom, round(math.log2(2 * HALF_WORLD / 256 / (metres_per_mm / PIXELS_PER_MM)))))
    while zoom > 0 and len(_tiles(frame, zoom)) > MAX_TILES:
        zoom -= 1
    return zoom


class Underlay:
    """A basemap under a document's figure (`figure.svg`'s backdrop): its tiles at the zoom that suits a figure
    `width_mm` wide on paper; `missing` then says how many could not be had. For the print and the annex alike."""

    def __init__(self, basemap, width_mm, cache_dir):
        self.basemap, self.width_mm, self.cache_dir, self.missing = basemap, width_mm, cache_dir, 0

    def __call__(self, frame):
        zoom = zoom_for(frame, self.width_mm, self.basemap.get("max_zoom", 19))
        svg, self.missing = backdrop(self.basemap, zoom, frame, self.cache_dir)
        return svg

    @property
    def credit(self):
        """The basemap's attribution, when it is drawn whole."""
        return "" if self.missing else self.basemap["attribution"]


def backdrop(basemap, zoom, frame, cache_dir):
    """(SVG of the tiles under the frame, how many could not be had)."""
    tiles = _tiles(frame, zoom)
    urls = [_url(basemap, zoom, x, y) for x, y in tiles]
    first = fetch(urls[0], cache_dir) if urls else None
    if first is None:  # the basemap cannot be reached: do not wait on each of its tiles in turn
        return "", len(tiles)
    if urls[0].startswith("/"):  # the app's own tiles: drawn at once, in this thread (the one with the app)
        images = [first, *(fetch(url, cache_dir) for url in urls[1:])]
    else:
        with ThreadPoolExecutor(max_workers=6) as pool:
            images = [first, *pool.map(lambda url: fetch(url, cache_dir), urls[1:])]
    size = 2 * HALF_WORLD / 2 ** zoom
    parts, missing = [], 0
    for (x, y), image in zip(tiles, images, strict=True):
        if image is None:
            missing += 1
            continue
        left, top = frame(-HALF_WORLD + x * size, HALF_WORLD - y * size)
        right, bottom = frame(-HALF_WORLD + (x + 1) * size, HALF_WORLD - (y + 1) * size)
        kind = "png" if image.startswith(PNG) else "jpeg"
        href = f"data:image/{kind};base64,{base64.b64encode(image).decode()}"
        # A hair wider than the tile, so that no seam of background shows between neighbours.
        parts.append(f'<image x="{left}" y="{top}" width="{right - left + 0.6:.1f}" height="{bottom - top + 0.6:.1f}" '
                     f'preserveAspectRatio="none" href="{href}" xlink:href="{href}"/>')
    return "".join(parts), missing


def fetch(url, cache_dir):
    """A tile's bytes, drawn here (a relative URL), from the cache or the network; None when it cannot be had or is
    not an image."""
    if url.startswith("/"):
        return local_tiles.drawn(url)
    if not url.startswith(("https://", "http://")):  # urllib would read file:// and ftp:// too
        return None
    path = Path(cache_dir) / hashlib.sha256(url.encode()).hexdigest()
    if path.exists():
        return path.read_bytes()
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "Voyette (impression de carte)"})
        with _OPENER.open(request, timeout=TIMEOUT_S) as response:
            data = response.read(2_000_000)
    except (urllib.error.URLError, OSError, ValueError):  # a redirect is an HTTPError: refused
        return None
    if not data.startswith((PNG, JPEG)):
        return None
    _keep(path, data)
    return data


def _keep(path, data):
    """Put a tile in the cache whole (written aside, then renamed: a print never reads half a tile); a full disk
    only means it is fetched again next time."""
    part = path.with_name(f"{path.name}.{secrets.token_hex(4)}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(data)
        part.replace(path)
    except OSError:
        part.unlink(missing_ok=True)


def _tiles(frame, zoom):
    """(x, y) of the tiles the frame shows at that zoom."""
    west, north = frame.inverse(0, 0)
    east, south = frame.inverse(*frame.size)
    size = 2 * HALF_WORLD / 2 ** zoom
    last = 2 ** zoom - 1
    columns = range(max(0, math.floor((west + HALF_WORLD) / size)),
                    min(last, math.floor((east + HALF_WORLD) / size)) + 1)
    rows = range(max(0, math.floor((HALF_WORLD - north) / size)),
                 min(last, math.floor((HALF_WORLD - south) / size)) + 1)
    return [(x, y) for y in rows for x in columns]


def _url(basemap, zoom, x, y):
    subdomains = basemap.get("subdomains", "")
    return (basemap["url"].replace("{z}", str(zoom)).replace("{x}", str(x)).replace("{y}", str(y))
            .replace("{s}", subdomains[(x + y) % len(subdomains)] if subdomains else ""))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # urllib then raises the 3xx as an HTTPError


_OPENER = urllib.request.build_opener(_NoRedirect)
