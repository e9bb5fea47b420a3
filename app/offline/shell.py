"""What the service worker keeps and what « Préparer hors ligne » fetches: the rules in one place."""
import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for

from ..access import access_to
from ..models import Feature
from ..static_files import versioned_name

# Source maps, the unminified copies and the gzipped ones (static_files.py) are never fetched by a page; the
# drawing tools (a third of the rest) are kept when first used, or by « Préparer hors ligne » for those who may
# draw, not on every first visit.
SKIPPED = re.compile(r"(\.map$|\.gz$|-src\.|\.esm\.|^js/sw\.js$|^vendor/geoman/)")
# Asked of the network only: a copy would be stale at once (the change feed, presence, a walk's route, the token),
# or is a file the person downloads, made afresh each time (exports, the candidature's documents).
NETWORK_ONLY = [re.compile(p) for p in ("/changements$", "/presence$", "/trace$", "^/hors-ligne/jeton$", r"^/sw\.js$",
                                        "/export/telecharger$", r"/dossier/[^/]+\.(pdf|docx|csv|xlsx)$")]
ZOOMS = (15, 16, 17, 18, 19)  # the zooms used on foot: a street to a garden
MAX_TILES = 2500  # about 40 MB of a typical basemap; a bigger area is kept at fewer zooms
TILE_BYTES = 16_000  # a typical street-level tile, for the estimate shown before fetching
MAX_FEATURE_PANELS = 300  # features whose panel and edit form are kept; the rest need the network
MARGIN_DEGREES = 0.003  # about 300 m around the features: the streets walked to reach them


@lru_cache(maxsize=1)
def kept_files(static_folder):
    # Links followed: vendor/ may be a link to the packages a checkout shares (the worktrees' set-up).
    names = (os.path.relpath(os.path.join(folder, file), static_folder)
             for folder, _dirs, files in os.walk(static_folder, followlinks=True) for file in files)
    return tuple(sorted(name for name in names if not SKIPPED.search(name)))


EDITOR_ASSETS = ("vendor/geoman/leaflet-geoman.css", "vendor/geoman/leaflet-geoman.js", "js/editor.js")


def assets(static_folder, static_url):
    """The URLs of every static file a page may load, for the service worker to keep on installing: by the
    versioned name pages give it (static_files.py); an image also by its plain name, the one a stylesheet's relative
    url() asks for."""
    urls = []
    for name in kept_files(static_folder):
        urls.append(static_url + versioned_name(static_folder, name))
        if not name.endswith((".js", ".css")):
            urls.append(static_url + name)
    return urls


@lru_cache(maxsize=1)
def version(static_folder):
    """Changes whenever a static file does, so browsers replace their copies."""
    digest = hashlib.sha256()
    for name in kept_files(static_folder) + EDITOR_ASSETS + ("js/sw.js",):
        digest.update(name.encode() + (Path(static_folder) / name).read_bytes())
    return digest.hexdigest()[:12]


def worker_source(static_folder):
    return (Path(static_folder) / "js" / "sw.js").read_text()


def tile_patterns(basemaps):
    """A regular expression per basemap, matched against a tile's address (its path for this site's tiles)."""
    patterns = []
    for basemap in basemaps:
        pattern = re.escape(basemap["url"])
        for name, part in (("s", "[a-z0-9]+"), ("z", r"\d+"), ("x", r"\d+"), ("y", r"\d+")):
            pattern = pattern.replace(re.escape("{" + name + "}"), part)
        patterns.append(re.compile(f"^{pattern}$"))
    return patterns


def plan(map_):
    """What to fetch for the map to work offline: its area, zooms and tile limit, and the pages to keep."""
    extent = Feature.extent(map_)
    if extent is None:
        extent = (map_.center_lon, map_.center_lat, map_.center_lon, map_.center_lat)
    west, south, east, north = extent
    bounds = [west - MARGIN_DEGREES, south - MARGIN_DEGREES, east + MARGIN_DEGREES, north + MARGIN_DEGREES]
    fragments = [url_for("features.index", map_id=map_.id)]
    access = access_to(map_)
    if access.can_add:
        fragments += [url_for("features.new", map_id=map_.id, forme=kind) for kind in ("point", "line", "polygon")]
    features, _total = Feature.listed(map_.id, limit=MAX_FEATURE_PANELS)
    for feature in features:
        fragments.append(url_for("features.show", map_id=map_.id, feature_id=feature.id))
        if access.can_edit:
            fragments.append(url_for("features.edit", map_id=map_.id, feature_id=feature.id))
    pages = [url_for("maps.show", map_id=map_.id)]
    if access.can_add:
        pages += [url_for("static", filename=name) for name in EDITOR_ASSETS]
    # The whole map is kept as the layer answers it: past the cluster threshold, as clusters (features/layer.py).
    grouped = Feature.more_in_view_than(map_, None, None, current_app.config["CLUSTER_THRESHOLD"])
    return {"bounds": bounds, "zooms": list(ZOOMS), "maxTiles": MAX_TILES, "tileBytes": TILE_BYTES,
            "pages": pages, "fragments": fragments, "grouped": grouped,
            "data": [url_for("features.geojson", map_id=map_.id)]}
