"""« Intégrer à un site »: what a public map's embed (`maps.embed`) is asked to show, read from its query string.

`legende=0`: no legend; `categories=3,5`: only those categories of the map (its legend, list and layer); `lat`, `lon`
and `zoom`, together: the view it opens on (else the map's own). A value that is not one of these (not a number,
out of range, a category of another map) is left out, as if not asked, and never written back into the page.
"""
import math
from typing import NamedTuple

from ..loaders import id_number
from ..models import Category

ZOOMS = range(0, 21)  # the basemaps' zooms
LATITUDE_MAX = 85.0511  # Web Mercator's edge: the map shows nothing further north or south


class Options(NamedTuple):
    legend: bool = True
    category_ids: list | None = None  # None: every category
    view: tuple | None = None  # (lon, lat, zoom); None: the map's own


def read(args, map_):
    """The options of `args` (a request's query string), those that are wrong left out."""
    return Options(args.get("legende") != "0", categories(args, map_), _view(args))


def categories(args, map_):
    """The ids of the map's categories that `args` names in `categories` (sorted), or None for every category: none
    named, or none of them the map's. What the embed's list and legend ask again when they refresh themselves."""
    named = set()
    for part in (args.get("categories") or "").split(","):
        try:
            named.add(id_number(part.strip()))
        except ValueError:
            continue
    known = sorted(named & {category.id for category in Category.of_map(map_.id)}) if named else []
    return known or None


def joined(category_ids):
    """Category ids as a query string names them: « 3,5 », or None."""
    return ",".join(map(str, category_ids)) if category_ids else None


def _view(args):
    try:
        lon, lat, zoom = float(args["lon"]), float(args["lat"]), int(args["zoom"])
    except (KeyError, ValueError):
        return None
    inside = math.isfinite(lon) and math.isfinite(lat) and abs(lon) <= 180 and abs(lat) <= LATITUDE_MAX
    if not inside or zoom not in ZOOMS:
        return None
    return lon, lat, zoom
