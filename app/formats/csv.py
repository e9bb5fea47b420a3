"""CSV (spreadsheets): `read` in Python, since spreadsheets write numbers the French way and name their columns as
they like (a position in two columns, lon/lat or Lambert-93 metres, or a shape as WKT or GeoJSON in one); `write`
one row per item, lat and lon for points and every shape as WKT (which GIS software reads)."""
import csv
import io
import re

import shapely
from pyproj import Transformer

from ..i18n import lazy_gettext as _l
from .items import ImportError_, Item, Reading, finished, item
from .spreadsheet import csv_bytes
from .writing import FIELD_NAMES, PRECISION

LON_NAMES = ("lon", "lng", "long", "longitude", "x", "coord_x", "coordx")
LAT_NAMES = ("lat", "latitude", "y", "coord_y", "coordy")
SHAPE_NAMES = ("wkt", "geom", "geometry", "geometrie", "the_geom", "geojson", "forme")


def read(data):
    text = _decoded(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if len(rows) < 2:
        raise ImportError_(_l("Le fichier ne contient aucun élément."))
    header = [name.strip() for name in rows[0]]
    lon, lat, shape_column = _position_columns(header)
    used = {lon, lat, shape_column}
    reading = Reading(field_names=[name for index, name in enumerate(header) if index not in used])
    lambert = None
    for cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        row = cells + [""] * (len(header) - len(cells))
        fields = {header[i]: row[i].strip() for i in range(len(header)) if i not in used and row[i].strip()}
        if shape_column is not None and row[shape_column].strip():
            reading.items.append(item(_shape_of_cell(row[shape_column]), fields))
            continue
        try:
            x, y = _number(row[lon]), _number(row[lat])
        except (ValueError, TypeError, IndexError):
            reading.items.append(Item(None, fields, _l("position illisible")))
            continue
        if lambert is None:
            lambert = abs(x) > 1000 or abs(y) > 1000  # metres: Lambert-93, the French official projection
            to_lonlat = Transformer.from_crs(2154, 4326, always_xy=True) if lambert else None  # made once
        reading.items.append(item(shapely.Point(x, y), fields, to_lonlat))
        reading.check_count()
    if lambert:
        reading.notices.append(_l("Les colonnes X et Y sont lues en Lambert-93 (EPSG:2154)."))
    return finished(reading)


def write(heading, records):
    """One row per item: its fields, lat and lon for points, and every shape as WKT."""
    def row(record):
        point = record.shape if record.kind == "point" else None
        return [*record.fields.values(), f"{point.y:.{PRECISION}f}" if point else "",
                f"{point.x:.{PRECISION}f}" if point else "", shapely.to_wkt(record.shape, rounding_precision=PRECISION)]
    return csv_bytes([[*FIELD_NAMES, "lat", "lon", "WKT"], *map(row, records)])


def _position_columns(header):
    """The indexes of the longitude, latitude and shape columns (each None when absent); refused when no position
    can be read."""
    lowered = [name.lower() for name in header]
    lon, lat = _column(lowered, LON_NAMES), _column(lowered, LAT_NAMES)
    shape_column = _column(lowered, SHAPE_NAMES)
    if shape_column is None and (lon is None or lat is None):
        raise ImportError_(_l("Aucune colonne de position : il faut des colonnes « latitude » et « longitude » (ou X "
                              "et Y), ou une colonne « WKT » ou « geometry »."))
    return lon, lat, shape_column


def _decoded(data):
    """UTF-8 (with or without its byte-order mark), else Windows' Western European, as French spreadsheets save."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _column(lowered, names):
    return next((lowered.index(name) for name in names if name in lowered), None)


def _number(text):
    """« 50,4434 » or « 50.4434 »; a thousands space is tolerated."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    return float(cleaned)


def _shape_of_cell(text):
    text = text.strip()
    try:
        return shapely.from_geojson(text) if text.startswith("{") else shapely.from_wkt(text)
    except (shapely.errors.ShapelyError, ValueError):
        return None
