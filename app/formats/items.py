"""What every reader of `app/formats/` hands back: a `Reading` (its items in order, each a checked shape in lon/lat
and its fields or the reason it is left out; the names of their fields; notices about the whole file), and the
checks every item's shape goes through (`geo.checked_many`, `geo.parse_geometry`: the rules a drawn shape obeys).
A whole file refused is `ImportError_`, with its French reason."""
import json
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from .. import geo, json_input
from ..i18n import lazy_gettext as _l

MAX_ITEMS = 20_000


class ImportError_(ValueError):
    """The whole file is refused; the message is French."""


@dataclass
class Item:
    shape: object | None  # a checked shapely shape in lon/lat, or None when left out
    fields: dict
    reason: object = None  # why it is left out
    mended: object = None  # what was dropped of its shape to keep it (`MENDED`), said once for the whole file


@dataclass
class Reading:
    """What a file holds: its items in order, the names of their fields, and notices about the whole file."""
    items: list = field(default_factory=list)
    field_names: list = field(default_factory=list)
    notices: list = field(default_factory=list)

    @property
    def kept(self):
        return [item for item in self.items if item.shape is not None]

    @property
    def left_out(self):
        return [(index, item) for index, item in enumerate(self.items, start=1) if item.shape is None]

    def add_field_names(self, names):
        self.field_names += [name for name in names if name not in self.field_names]

    def check_count(self, more=0):
        """Refuse the file once it holds more than MAX_ITEMS items (with `more` about to come)."""
        if len(self.items) + more > MAX_ITEMS:
            raise too_many()


def too_many():
    return ImportError_(_l("Le fichier compte plus de %(max)d éléments : découpez-le.", max=MAX_ITEMS))


# What `item` drops of a shape GEOS cannot build to keep the item, and how the file's notice says it.
SEGMENT_DROPPED, ONE_POSITION = "segment", "position"
MENDED = {
    SEGMENT_DROPPED: lambda count: _l("Traces dont un segment d'un seul point (une pause du GPS) est laissé de côté, "
                                      "la trace gardée : %(count)d.", count=count),
    ONE_POSITION: lambda count: _l("Lignes ou traces d'une seule position, importées comme des points : %(count)d.",
                                   count=count),
}


def coordinate(value):
    """A coordinate of a file as a float; ValueError unless it is a finite number (« nan » and « inf » parse)."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def line_of(positions):
    """(shape, what was mended) of a line's or a GPS track's positions: a line, a point when it has a single position
    (`ONE_POSITION`, said in the file's notice), (None, None) when it has none."""
    if len(positions) > 1:
        return shapely.LineString(positions), None
    if positions:
        return shapely.Point(positions[0]), ONE_POSITION
    return None, None


def finished(reading):
    """The reading, with a notice for each kind of mended shape; refused when it holds no item."""
    if not reading.items:
        raise ImportError_(_l("Le fichier ne contient aucun élément."))
    mended = Counter(item.mended for item in reading.items if item.mended)
    reading.notices += [MENDED[kind](count) for kind, count in mended.items()]
    return reading


def json_of(data):
    """The JSON of a GeoJSON or uMap file, within the app's bound on nesting (`json_input`)."""
    try:
        return json_input.loads(data.decode("utf-8-sig"))
    except json_input.TooDeep:
        raise ImportError_(_l("Ce fichier est illisible : ses données sont imbriquées trop profondément.")) from None
    except json.JSONDecodeError as error:  # where it breaks, so that the person can look there
        raise ImportError_(_l("Le fichier n'est pas du JSON valide (ligne %(line)d, colonne %(column)d).",
                              line=error.lineno, column=error.colno)) from None
    except (ValueError, UnicodeDecodeError):
        raise ImportError_(_l("Ce fichier n'est pas du JSON lisible : il est peut-être abîmé.")) from None


def transformer(crs_text):
    """From the layer's CRS to lon/lat, None when it is lon/lat already; an unknown CRS refuses the file."""
    if not crs_text or crs_text in ("EPSG:4326", "OGC:CRS84"):
        return None
    try:
        crs = CRS.from_user_input(crs_text)
    except CRSError:
        raise ImportError_(_l("Système de coordonnées inconnu (%(crs)s) : exportez le fichier en WGS 84 (EPSG:4326) "
                              "ou en Lambert-93 (EPSG:2154).", crs=crs_text)) from None
    if crs.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        return None
    return Transformer.from_crs(crs, 4326, always_xy=True)


def items_of_wkb(geometries, fields, to_lonlat=None):
    """The items of a layer's WKB geometries and fields: the shapes read, made lon/lat and checked all together
    (`geo.checked_many`); any shape that this does not keep as it is goes through `item`, which says why."""
    shapes = shapely.from_wkb(numpy.asarray(geometries, dtype=object), on_invalid="ignore")
    single = shapely.get_num_geometries(shapes) == 1  # GeoPackage layers make every shape multi, even of one part
    multi = numpy.isin(shapely.get_type_id(shapes), (4, 5, 6)) & single
    shapes[multi] = shapely.get_geometry(shapes[multi], 0)
    if to_lonlat is not None:
        shapes = shapely.transform(shapes, to_lonlat.transform, interleaved=False)
    shapes[numpy.isin(shapely.get_type_id(shapes), (4, 5, 6)) & ~multi] = None  # parts to look at one by one
    checked = geo.checked_many(shapes)
    return [found for shape, geometry, values in zip(checked, geometries, fields, strict=True)
            for found in ([Item(shape, values)] if shape is not None else items_of(geometry, values, to_lonlat))]


_KINDS_OF_PARTS = {"Point": shapely.MultiPoint, "LineString": shapely.MultiLineString, "Polygon": shapely.MultiPolygon}


def items_of(geometry, fields, to_lonlat=None):
    """The items of one shape: itself (`item`), or, for a GeometryCollection, one item per kind of its parts (its
    points together, its lines, its zones), each with the same fields, as uMap reads one."""
    try:
        shape = shapely.from_wkb(geometry) if isinstance(geometry, bytes) else geometry
    except shapely.errors.ShapelyError:
        shape = None
    if shape is None or shape.geom_type != "GeometryCollection" or shape.is_empty:
        return [item(geometry, fields, to_lonlat)]
    by_kind = {}
    for part in shapely.get_parts(shapely.get_parts(shape)):  # a collection's parts, and a multi part's own
        if part.geom_type in _KINDS_OF_PARTS and not part.is_empty:
            by_kind.setdefault(part.geom_type, []).append(part)
    if not by_kind:  # a collection of collections: said as such
        return [item(shape, fields, to_lonlat)]
    return [item(parts[0] if len(parts) == 1 else _KINDS_OF_PARTS[kind](parts), dict(fields), to_lonlat)
            for kind, parts in by_kind.items()]


def item(geometry, fields, to_lonlat=None):
    """One item: its shape checked as a drawn one would be, or the reason it is left out."""
    if geometry is None:
        return Item(None, fields, _l("pas de forme"))
    mended = None
    try:
        shape = shapely.from_wkb(geometry) if isinstance(geometry, bytes) else geometry
    except shapely.errors.ShapelyError as error:
        shape, mended = _mended(geometry)
        if shape is None:
            return Item(None, fields, _unreadable(error))
    if shape is None or shape.is_empty:
        return Item(None, fields, _l("forme vide"))
    shape = shapely.force_2d(shape)
    if shape.geom_type.startswith("Multi"):
        # GPS tracks have empty segments; GeoPackage layers make every shape multi, even of one part.
        parts = [part for part in shape.geoms if not part.is_empty]
        shape = type(shape)(parts) if len(parts) > 1 else parts[0]
    if to_lonlat is not None:
        shape = shapely.transform(shape, to_lonlat.transform, interleaved=False)
    if shape.geom_type == "GeometryCollection":
        return Item(None, fields, _l("collection de formes : une forme par élément est attendue"))
    try:
        checked = geo.parse_geometry(json.loads(shapely.to_geojson(shape)))
    except geo.GeometryError as error:
        return Item(None, fields, error.args[0] if error.args else _l("forme invalide"))
    return Item(checked.shape, fields, mended=mended)


def _mended(wkb):
    """(shape, what was dropped) of a line GEOS cannot build because a part of it has a single position (a GPS
    paused between two segments): that part dropped, or a point where the whole line is one position; (None, None)
    for any other shape."""
    parts = geo.line_parts_of_wkb(wkb)
    if not parts:
        return None, None
    lines = [part for part in parts if len(part) > 1]
    if lines:
        return (shapely.LineString(lines[0]) if len(lines) == 1 else shapely.MultiLineString(lines)), SEGMENT_DROPPED
    positions = {position for part in parts for position in part}
    if len(positions) == 1:
        return shapely.Point(*positions.pop()), ONE_POSITION
    return None, None


def _unreadable(error):
    """Why GEOS could not build a shape, said as it is: a ring that does not close is the usual one."""
    if "closed linestring" in str(error):
        return _l("zone dont le contour n'est pas fermé (son dernier point n'est pas le premier)")
    return _l("forme illisible (une ligne d'un seul point, une courbe…)")


_PLAIN_TYPES = (str, int, bool)  # cells kept as they are (a float may be NaN)


def plain_column(column):
    """A column of cells as `plain` makes them, numbers converted all together."""
    if column.dtype.kind in "iub":
        return column.tolist()
    if column.dtype.kind == "f":
        return [None if value != value else value for value in column.tolist()]  # NaN: a blank number
    values = column.tolist()
    if column.dtype.kind == "O" and all(value is None or type(value) in _PLAIN_TYPES for value in values):
        return values  # text, whole numbers and booleans, as most fields are
    return [plain(value) for value in column]


def plain(value):
    """A cell as JSON-friendly Python: GDAL hands back numpy scalars and NaN for a blank number."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bytes):
        return None
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)
