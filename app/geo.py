"""Every geometry conversion of the app: GeoJSON <-> shapely <-> database, checks, and measures.

Coordinates are always [longitude, latitude] in EPSG:4326; lengths and areas are computed in
Lambert-93 (EPSG:2154), the projection French land registries and planners measure in.
"""
import json
import math
import struct
from dataclasses import dataclass, field

import numpy
import shapely
from geoalchemy2.shape import from_shape
from geoalchemy2.shape import to_shape as _to_shape
from pyproj import Transformer
from shapely.geometry import box as _box
from shapely.geometry import shape as _shape
from shapely.validation import explain_validity

from . import json_input
from .i18n import lazy_gettext as _l

SRID = 4326
GEOJSON_DECIMALS = 7  # about 1 cm: finer than any GPS or hand drawing
# « Ajouter ici »: a tablet's GPS outdoors says ± 3–15 m; past 30 m the point may sit on the wrong garden
# (the person is warned), past 100 m it is a guess from the network, not a position (refused).
GPS_WARN_ABOVE_M = 30
GPS_REFUSE_ABOVE_M = 100
# A cadastre parcel has tens of positions, a day's GPS track a few thousand; past this many a shape is a file dumped
# into the drawing, which every visitor's layer would then carry (a walk's route has the same bound).
POSITIONS_MAX = 20_000
_TO_LAMBERT93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
_FROM_LAMBERT93 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)
_TO_WEB_MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
_KINDS = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
          "Polygon": "polygon", "MultiPolygon": "polygon"}


class GeometryError(ValueError):
    """A shape that cannot be stored; its message is for the person who drew it."""


@dataclass
class CheckedShape:
    """A shape ready to store, with what was repaired on the way (to tell the user)."""
    shape: object
    notices: list = field(default_factory=list)


def box(west, south, east, north):
    """A rectangle in lon/lat."""
    return _box(west, south, east, north)


def to_db(shape):
    """A shapely geometry as the value of a geometry column."""
    return from_shape(shape, srid=SRID)


def to_shape(element):
    """A geometry column's value as a shapely geometry."""
    return _to_shape(element)


def shape_to_geojson(shape):
    """A shapely geometry as a GeoJSON geometry text (or an array of shapes as an array of texts, in one call)."""
    return shapely.to_geojson(shape)


def to_wkb_many(shapes):
    """Shapes as WKB (exact), converted in one call, for the database's ST_GeomFromWKB(…, SRID) in a statement that
    inserts thousands of rows."""
    return shapely.to_wkb(shapes).tolist()


def bounds_many(shapes):
    """(west, south, east, north) of each shape, as floats, computed in one call."""
    return shapely.bounds(shapes).tolist()


def shape_to_dict(shape):
    """The shape as a GeoJSON geometry object, as JSON columns keep it."""
    return json.loads(shape_to_geojson(shape))


def kind_of(shape):
    """point, line or polygon."""
    return _KINDS[shape.geom_type]


def cut_line(line, cuts):
    """A LineString cut before each of those indexes of its positions: (its pieces as a MultiLineString, the
    straight lines across each cut as another); a piece of a single position is no line and left out, None when
    nothing is left."""
    coords, bounds = list(line.coords), [0, *cuts, len(line.coords)]
    pieces = [coords[start:end] for start, end in zip(bounds, bounds[1:], strict=False) if end - start >= 2]
    gaps = [[coords[i - 1], coords[i]] for i in cuts]
    return (shapely.MultiLineString(pieces) if pieces else None), (shapely.MultiLineString(gaps) if gaps else None)


def label_point(shape):
    """Where a feature's number is drawn: the point itself, or a point inside the line or zone."""
    point = shape if shape.geom_type == "Point" else shape.representative_point()
    return point.x, point.y


def to_lambert93(shape):
    """A lon/lat shape in Lambert-93 metres, where lengths, areas and cuts are true."""
    return shapely.transform(shape, _TO_LAMBERT93.transform, interleaved=False)


def to_web_mercator(shape):
    """A lon/lat shape in Web Mercator (EPSG:3857), the projection of basemap tiles."""
    return shapely.transform(shape, _TO_WEB_MERCATOR.transform, interleaved=False)


def from_lambert93(shape):
    """A shape in Lambert-93 metres back in lon/lat (EPSG:4326)."""
    return shapely.transform(shape, _FROM_LAMBERT93.transform, interleaved=False)


def measure(shape):
    """{'area_m2': …} for zones, {'length_m': …} for lines, {} for points."""
    projected = to_lambert93(shape)
    kind = kind_of(shape)
    if kind == "polygon":
        return {"area_m2": projected.area}
    if kind == "line":
        return {"length_m": projected.length}
    return {}


# Web Mercator's world at zoom 0 is one 256-pixel tile, and it stops at this latitude (a square world).
TILE_PX = 256
MERCATOR_LAT_MAX = 85.0511287798
ZOOM_MAX = 22


def world_px(zoom):
    """The width (and height) in pixels of the whole Web Mercator world at that zoom, as the map draws it."""
    return TILE_PX * 2 ** zoom


def to_pixel(lon, lat, zoom):
    """The point's (x, y) in the world's pixels at that zoom (x to the east, y to the south), as Leaflet draws it;
    arrays of longitudes and latitudes give arrays (the squares of many items are found in one call)."""
    lat = numpy.minimum(numpy.maximum(lat, -MERCATOR_LAT_MAX), MERCATOR_LAT_MAX)  # ufuncs: fast on one point too
    y = numpy.log(numpy.tan(math.pi / 4 + numpy.radians(lat) / 2))
    return (numpy.add(lon, 180)) / 360 * world_px(zoom), (0.5 - y / (2 * math.pi)) * world_px(zoom)


def from_pixel(x, y, zoom):
    """(lon, lat) of a point given in the world's pixels at that zoom: `to_pixel` undone."""
    lon = x / world_px(zoom) * 360 - 180
    lat = math.degrees(2 * math.atan(math.exp((0.5 - y / world_px(zoom)) * 2 * math.pi)) - math.pi / 2)
    return lon, lat


def zoom_fitting(bbox, pixels):
    """The highest zoom (up to ZOOM_MAX) at which the box spans no more than `pixels` either way."""
    west, south, east, north = bbox
    for zoom in range(ZOOM_MAX, 0, -1):
        left, top = to_pixel(west, north, zoom)
        right, bottom = to_pixel(east, south, zoom)
        if right - left <= pixels and bottom - top <= pixels:
            return zoom
    return 0


def parse_bbox(text):
    """'west,south,east,north' as four floats; ValueError with a French message otherwise."""
    parts = (text or "").split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ValueError(_l("La zone demandée doit être quatre nombres : ouest,sud,est,nord.")) from None
    if not all(math.isfinite(v) for v in (west, south, east, north)) or west > east or south > north:
        raise ValueError(_l("La zone demandée doit être quatre nombres : ouest,sud,est,nord."))
    return max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0)


def parse_geometry(text):
    """Check a drawn GeoJSON geometry and return it as a CheckedShape, or raise GeometryError."""
    try:
        data = json_input.loads(text) if isinstance(text, str) else text
        geometry_type = data["type"]
    except (ValueError, TypeError, KeyError):
        raise GeometryError(_l("La forme dessinée est illisible : dessinez-la de nouveau.")) from None
    if geometry_type not in _KINDS:
        raise GeometryError(_l("Ce type de forme n'est pas pris en charge : un point, une ligne ou une zone est "
                               "attendu."))
    coordinates = data.get("coordinates")
    _check_coordinates(coordinates)
    checked = CheckedShape(None)
    if geometry_type in ("Polygon", "MultiPolygon"):
        coordinates = _close_rings(coordinates, geometry_type, checked.notices)
    try:
        shape = _shape({"type": geometry_type, "coordinates": coordinates})
    except (ValueError, TypeError, IndexError, shapely.errors.ShapelyError):  # GEOS's, or an empty part of a multi
        raise GeometryError(_too_few_points(geometry_type)) from None
    if shape.is_empty:
        raise GeometryError(_l("La forme est vide : dessinez au moins un point."))
    checked.shape = _check_shape(shape)
    return checked


_WKB_LINE, _WKB_MULTI_LINE = 2, 5


def line_parts_of_wkb(wkb):
    """The positions of each part of a 2D WKB LineString or MultiLineString, even a part of one position (which GEOS
    refuses to build: a GPS track paused between two segments has one); None for any other WKB."""
    try:
        kind, parts, offset = _wkb_header(wkb, 0)
        if kind == _WKB_LINE:
            return [_wkb_positions(wkb, 0)[0]]
        if kind != _WKB_MULTI_LINE:
            return None
        lines = []
        for _ in range(parts):
            positions, offset = _wkb_positions(wkb, offset)
            lines.append(positions)
        return lines
    except (struct.error, ValueError, IndexError):  # cut short, or not a line
        return None


def _wkb_header(wkb, offset):
    """(geometry type, the count that follows it, the offset after them) of the WKB geometry at `offset`."""
    order = "<" if wkb[offset] == 1 else ">"
    kind, count = struct.unpack_from(f"{order}II", wkb, offset + 1)
    return kind, count, offset + 9


def _wkb_positions(wkb, offset):
    """(the positions of the WKB LineString at `offset`, the offset after it)."""
    kind, count, start = _wkb_header(wkb, offset)
    if kind != _WKB_LINE:
        raise ValueError("not a line")
    order = "<" if wkb[offset] == 1 else ">"
    values = struct.unpack_from(f"{order}{2 * count}d", wkb, start)
    return [values[i:i + 2] for i in range(0, len(values), 2)], start + 16 * count


# Shapely's type ids of the kinds parse_geometry takes: (Multi)Point, (Multi)LineString, (Multi)Polygon.
_LINE_IDS, _POLYGON_IDS = (1, 5), (3, 6)
_KIND_IDS = (0, 4, *_LINE_IDS, *_POLYGON_IDS)


def checked_many(shapes):
    """The rules of `parse_geometry` for thousands of shapes at once (a file's items), checked together: each shape
    as it would return it (repeated vertices dropped, 2D), or None where it would refuse it, or tell of a repair, so
    that it is asked for that one alone and says why. The positions are already numbers and the rings closed: the
    shapes come from WKB."""
    shapes = numpy.asarray(shapes, dtype=object)
    result = numpy.full(len(shapes), None, dtype=object)
    types = shapely.get_type_id(shapes)  # -1 for None
    ok = numpy.isin(types, _KIND_IDS) & ~shapely.is_empty(shapes)
    ok &= shapely.get_num_coordinates(shapes) <= POSITIONS_MAX
    coordinates, owners = shapely.get_coordinates(shapes[ok], return_index=True)
    outside = ~(numpy.isfinite(coordinates).all(axis=1) & (numpy.abs(coordinates[:, 0]) <= 180)
                & (numpy.abs(coordinates[:, 1]) <= 90))
    ok[numpy.flatnonzero(ok)[numpy.unique(owners[outside])]] = False
    try:
        cleaned = shapely.force_2d(shapely.remove_repeated_points(shapes[ok]))
    except shapely.errors.ShapelyError:  # a ring left with too few points: one at a time, by parse_geometry
        return list(result)
    kinds = types[ok]
    good = ~shapely.is_empty(cleaned)
    lines, polygons = numpy.isin(kinds, _LINE_IDS), numpy.isin(kinds, _POLYGON_IDS)
    good[lines] &= shapely.length(cleaned[lines]) > 0
    # A valid zone of some area has three distinct points to each ring.
    good[polygons] &= shapely.is_valid(cleaned[polygons]) & (shapely.area(cleaned[polygons]) > 0)
    kept = numpy.flatnonzero(ok)[good]
    result[kept] = cleaned[good]
    return list(result)


def _check_coordinates(coordinates):
    """At most POSITIONS_MAX positions, each two or three finite numbers within longitude and latitude bounds."""
    positions = _positions(coordinates)
    if len(positions) > POSITIONS_MAX:
        raise GeometryError(_l("La forme a trop de points (%(count)d, au plus %(max)d) : simplifiez-la.",
                               count=len(positions), max=POSITIONS_MAX))
    for position in positions:
        if not isinstance(position, (list, tuple)) or len(position) < 2:
            raise GeometryError(_l("La forme dessinée est illisible : dessinez-la de nouveau."))
        lon, lat = position[0], position[1]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lon, lat)) \
                or not (math.isfinite(lon) and math.isfinite(lat)):
            raise GeometryError(_l("Une coordonnée n'est pas un nombre : dessinez la forme de nouveau."))
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeometryError(_l("Une coordonnée est hors limites (longitude entre -180 et 180, latitude entre -90 "
                                   "et 90)."))


def _positions(coordinates, levels=4):
    """All the positions of a GeoJSON coordinates array, nested `levels` deep at most (a MultiPolygon's are 4)."""
    if isinstance(coordinates, (list, tuple)) and coordinates and not isinstance(coordinates[0], (list, tuple)):
        return [coordinates]
    if not isinstance(coordinates, (list, tuple)) or levels == 1:
        raise GeometryError(_l("La forme dessinée est illisible : dessinez-la de nouveau."))
    found = []
    for item in coordinates:
        found.extend(_positions(item, levels - 1))
    return found


def _close_rings(coordinates, geometry_type, notices):
    """Close any ring left open: the one repair that is always obvious, and the user is told."""
    polygons = [coordinates] if geometry_type == "Polygon" else coordinates
    repaired = False
    closed = []
    for polygon in polygons:
        rings = []
        for given in polygon:
            ring = [list(p[:2]) for p in given]
            if len(ring) >= 3 and ring[0] != ring[-1]:
                ring.append(ring[0])
                repaired = True
            rings.append(ring)
        closed.append(rings)
    if repaired:
        notices.append(_l("La zone n'était pas fermée : elle a été refermée automatiquement."))
    return closed[0] if geometry_type == "Polygon" else closed


def _too_few_points(geometry_type):
    if geometry_type in ("LineString", "MultiLineString"):
        return _l("Une ligne doit avoir au moins deux points distincts.")
    if geometry_type in ("Polygon", "MultiPolygon"):
        return _l("Une zone doit avoir au moins trois points distincts.")
    return _l("La forme dessinée est illisible : dessinez-la de nouveau.")


def _check_shape(shape):
    """Drop repeated vertices, refuse degenerate lines and zones, and self-crossing zones."""
    try:
        shape = shapely.force_2d(shapely.remove_repeated_points(shape))
    except shapely.errors.ShapelyError:  # a ring (a hole, often) left with fewer than three distinct points
        raise GeometryError(_too_few_points(shape.geom_type)) from None
    kind = kind_of(shape)
    if kind == "line" and (shape.is_empty or shape.length == 0):
        raise GeometryError(_too_few_points("LineString"))
    if kind == "polygon":
        rings = [shape] if shape.geom_type == "Polygon" else list(shape.geoms)
        if any(len(set(p.exterior.coords)) < 3 for p in rings):
            raise GeometryError(_too_few_points("Polygon"))
        if not shape.is_valid:
            raise GeometryError(_invalid_zone_message(shape))
        if shape.area == 0:
            raise GeometryError(_too_few_points("Polygon"))
    return shape


def _invalid_zone_message(shape):
    reason = explain_validity(shape)
    if "Self-intersection" in reason or "Ring Self-intersection" in reason:
        return _l("La zone se recoupe elle-même : déplacez ses sommets pour que ses bords ne se croisent pas.")
    if "Hole" in reason:
        return _l("Un trou de la zone sort de son contour : redessinez-le à l'intérieur.")
    return _l("La zone n'est pas valide : redessinez-la sans que ses bords se croisent.")
