"""CSV (spreadsheets): `read` in Python, since spreadsheets write numbers the French way and name their columns as
they like (a position in two columns, lon/lat or Lambert-93 metres, or a shape as WKT or GeoJSON in one); `write`
one row per item, lat and lon for points and every shape as WKT (which GIS software reads)."""
import csv
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass

import numpy
import shapely
from pyproj import Transformer

from .. import geo
from ..i18n import lazy_gettext as _l
from .items import ImportError_, Item, Reading, finished, item
from .spreadsheet import csv_bytes
from .writing import FIELD_NAMES, PRECISION

# Position columns, matched on the name whole (its case, accents and separators aside: « Coord_X » is coordx), then on
# one of its words (« geo_Longitude », « Latitude (WGS84) », « POINT_Y »), then on a long name it starts or ends
# with (« LatitudeWGS84 »). The names of each list in the order they are preferred.
LON_NAMES = ("longitude", "lon", "lng", "long", "x", "coordx", "pointx", "xcoord")
LAT_NAMES = ("latitude", "lat", "y", "coordy", "pointy", "ycoord")
AFFIXED = ("longitude", "latitude")  # « plat » ends with « lat »: only the long names are looked for inside a word
LAMBERT_93 = Transformer.from_crs(2154, 4326, always_xy=True)  # made once: building one costs tens of milliseconds
SHAPE_NAMES = ("wkt", "geom", "geometry", "geometrie", "thegeom", "geojson", "forme")
# One column « lat,lon » (La Poste's, Opendatasoft's `geo_point_2d`), or « lon,lat » for these names.
PAIR_NAMES = ("latlon", "latlng", "latlong", "coordonnees", "coordinates", "coords", "coordonneesgps", "geopoint2d",
              "geopoint", "position", "gps", "lonlat", "lnglat")
LON_FIRST = ("lonlat", "lnglat")


def read(data):
    """The items of a spreadsheet's rows; refused at the first row past MAX_ITEMS, without reading the others."""
    text = _decoded(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    header, first = next(rows, None), next(rows, None)
    if first is None:
        raise ImportError_(_l("Le fichier ne contient aucun élément."))
    header = [name.strip() for name in header]
    columns = _position_columns(header)
    used = set(columns)
    reading = Reading(field_names=[name for index, name in enumerate(header) if index not in used])
    positions = []  # (index of the item, x, y) of the rows placed by a position: made shapes all together
    for cells in itertools.chain([first], rows):
        if not any(cell.strip() for cell in cells):
            continue
        reading.check_count(1)
        row = cells + [""] * (len(header) - len(cells))
        fields = {header[i]: row[i].strip() for i in range(len(header)) if i not in used and row[i].strip()}
        if columns.shape is not None and row[columns.shape].strip():
            reading.items.append(item(_shape_of_cell(row[columns.shape]), fields))
            continue
        try:
            x, y = _position(row, columns)
        except (ValueError, TypeError, IndexError):
            reading.items.append(Item(None, fields, _l("position illisible")))
            continue
        positions.append((len(reading.items), x, y))
        reading.items.append(Item(None, fields))
    _place(reading, positions)
    return finished(reading)


def _place(reading, positions):
    """Give the rows placed by a position their points: Lambert-93 metres (the French official projection, told by
    the first position) made lon/lat in one call, all checked together; each one refused says why."""
    if not positions:
        return
    indexes, xs, ys = (numpy.array(values) for values in zip(*positions, strict=True))
    if abs(xs[0]) > 1000 or abs(ys[0]) > 1000:
        xs, ys = LAMBERT_93.transform(xs, ys)
        reading.notices.append(_l("Les colonnes X et Y sont lues en Lambert-93 (EPSG:2154)."))
    points = shapely.points(xs, ys)
    for index, point, checked in zip(indexes.tolist(), points, geo.checked_many(points), strict=True):
        fields = reading.items[index].fields
        reading.items[index] = Item(checked, fields) if checked is not None else item(point, fields)


def write(heading, records):
    """One row per item: its fields, lat and lon for points, and every shape as WKT."""
    def row(record):
        point = record.shape if record.kind == "point" else None
        return [*record.fields.values(), f"{point.y:.{PRECISION}f}" if point else "",
                f"{point.x:.{PRECISION}f}" if point else "", shapely.to_wkt(record.shape, rounding_precision=PRECISION)]
    return csv_bytes([[*FIELD_NAMES, "lat", "lon", "WKT"], *map(row, records)])


@dataclass(frozen=True)
class Columns:
    """The indexes of the position columns, each None when absent: longitude and latitude, or one column of both
    (`pair`, `lon_first` when it says « lon,lat »), and a shape as WKT or GeoJSON."""
    lon: int | None = None
    lat: int | None = None
    shape: int | None = None
    pair: int | None = None
    lon_first: bool = False

    def __iter__(self):
        return iter(index for index in (self.lon, self.lat, self.shape, self.pair) if index is not None)


def _position_columns(header):
    """The position columns of the header; refused when no position can be read."""
    names = [_words(name) for name in header]
    lon, lat, shape = _column(names, LON_NAMES), _column(names, LAT_NAMES), _column(names, SHAPE_NAMES)
    if lon is not None and lat is not None and lon != lat:
        return Columns(lon, lat, shape)
    pair = _column(names, PAIR_NAMES, words_only=True)
    if pair is not None:
        return Columns(shape=shape, pair=pair, lon_first=names[pair][0] in LON_FIRST)
    if shape is None:
        raise ImportError_(_l("Aucune colonne de position : il faut des colonnes « latitude » et « longitude » (ou X "
                              "et Y), ou une colonne « WKT » ou « geometry »."))
    return Columns(shape=shape)


def _words(name):
    """(the name in lower case without accents nor separators, its words)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [word for word in re.split(r"[^a-z0-9]+", plain) if word]
    return "".join(words), words


def _column(names, wanted, words_only=False):
    """The index of the first column whose name is one of `wanted` (in their order), else has one of them as a word,
    else starts or ends with one of AFFIXED."""
    def whole(name, word):
        return name[0] == word

    def a_word(name, word):
        return word in name[1]

    def affixed(name, word):
        return word in AFFIXED and name[0] != word and (name[0].startswith(word) or name[0].endswith(word))
    for matches in (whole, a_word) if words_only else (whole, a_word, affixed):
        for word in wanted:
            found = next((index for index, name in enumerate(names) if matches(name, word)), None)
            if found is not None:
                return found
    return None


def _position(row, columns):
    """(x, y) of the row: its two columns, or its one column « lat,lon »."""
    if columns.pair is None:
        return _number(row[columns.lon]), _number(row[columns.lat])
    first, second = _pair(row[columns.pair])
    return (first, second) if columns.lon_first else (second, first)


def _pair(text):
    """The two numbers of « 50.4434,2.8935 », « 50.4434, 2.8935 », « 50,4434; 2,8935 » or « (50.4434, 2.8935) »."""
    text = text.strip().strip("()[]")
    for separator in (";", ", ", ","):
        parts = text.split(separator)
        if len(parts) == 2:
            return _number(parts[0]), _number(parts[1])
    raise ValueError("not a pair of numbers")


def _decoded(data):
    """UTF-8 (with or without its byte-order mark), else Windows' Western European, as French spreadsheets save."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


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
