"""Reading a file someone brings (GeoJSON, KML, KMZ, GPX, GeoPackage, CSV) into items: each a checked shape in
lon/lat and its fields, or the reason it is left out. Nothing here writes to the map.

A file is distrusted: its size is bounded, its content must be what its name says (`checking.check`: XML through
defusedxml whatever its name), a KMZ is opened only if what it holds stays small, and GDAL reads it from a private
temporary copy with the one driver of its format (`_DRIVERS`; the process has no other, see `gdal_settings`). Every
shape goes through `geo.parse_geometry`, the rule a drawn shape obeys.
"""
import csv
import io
import json
import math
import re
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy
import pyogrio
import pyogrio.raw
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from .. import geo
from ..i18n import lazy_gettext as _l
from .checking import ImportError_, check, check_geopackage, json_of

MAX_BYTES = 15 * 1024 * 1024  # a commune's cadastre in GeoJSON is about 10 MB
MAX_UNZIPPED = 50 * 1024 * 1024  # what a KMZ may hold once unzipped
MAX_RATIO = 100  # unzipped size over zipped: far more is a zip bomb
MAX_ITEMS = 20_000
EXTENSIONS = {".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".kmz": "kmz", ".gpx": "gpx",
              ".gpkg": "gpkg", ".csv": "csv", ".txt": "csv", ".umap": "umap"}
GPX_LAYERS = ("waypoints", "routes", "tracks")  # route_points and track_points repeat the same places
# Fields GDAL's KML and GPX drivers add to every item, which say nothing about it.
DRIVER_FIELDS = {"tessellate", "extrude", "visibility", "drawOrder", "icon", "altitudeMode", "begin", "end",
                 "timestamp", "snippet", "ele", "time", "magvar", "geoidheight", "sat", "hdop", "vdop", "pdop",
                 "ageofdgpsdata", "dgpsid", "number"}
LON_NAMES = ("lon", "lng", "long", "longitude", "x", "coord_x", "coordx")
LAT_NAMES = ("lat", "latitude", "y", "coord_y", "coordy")
SHAPE_NAMES = ("wkt", "geom", "geometry", "geometrie", "the_geom", "geojson", "forme")
# The GDAL drivers that may read each kind (a JSON file's is told by its content: `_json_driver`). A driver with a
# prefix is named to GDAL, so that it is the only one tried; KML and GPX have none, but are XML of the right root
# (`checking.check`) and the driver GDAL chose is checked.
DRIVERS = {"gpkg": ("GPKG",), "kml": ("LIBKML", "KML"), "gpx": ("GPX",)}
PREFIXED = ("GeoJSON", "TopoJSON", "ESRIJSON", "GPKG")
SINGLE_LAYER = ("GeoJSON", "ESRIJSON")  # a file of theirs is one layer
CRS_TYPES = ("name", "EPSG")  # a `crs` of type « link » or « url » would make GDAL fetch it


@dataclass
class Item:
    shape: object | None  # a checked shapely shape in lon/lat, or None when left out
    fields: dict
    reason: object = None  # why it is left out


@dataclass
class Source:
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


def read(data, filename):
    """The items of an uploaded file, or ImportError_ with the reason the file as a whole is refused."""
    kind = EXTENSIONS.get(Path(filename or "").suffix.lower())
    if kind is None:
        raise ImportError_(_l("Format non reconnu : choisissez un fichier GeoJSON, KML, KMZ, GPX, GeoPackage, uMap ou "
                                  "CSV."))
    if not data:
        raise ImportError_(_l("Le fichier est vide."))
    if len(data) > MAX_BYTES:
        raise ImportError_(_l("Le fichier est trop gros : %(max)d Mo au plus.", max=MAX_BYTES // (1024 * 1024)))
    check(data, kind)
    if kind == "kmz":
        data, kind = _kml_of_kmz(data), "kml"
        check(data, kind)
    if kind == "csv":
        return _read_csv(data)
    if kind == "umap":
        return _read_umap(json_of(data))
    if kind == "geojson":
        collection = json_of(data)
        _check_declared_crs(collection)
        return _read_with_gdal(data, kind, (_json_driver(collection),))
    return _read_with_gdal(data, kind, DRIVERS[kind])


def _json_driver(collection):
    """TopoJSON (mapshaper's) and Esri's JSON are `.json` files too, each with its own reader."""
    if isinstance(collection, dict) and collection.get("type") == "Topology":
        return "TopoJSON"
    if isinstance(collection, dict) and "features" in collection and (
            "geometryType" in collection or "spatialReference" in collection):
        return "ESRIJSON"
    return "GeoJSON"


def _check_declared_crs(collection):
    """GDAL reads a GeoJSON whose `crs` it does not know as if it were lon/lat, and fetches one given as a link:
    refuse both instead."""
    declared = collection.get("crs") if isinstance(collection, dict) else None
    if not isinstance(declared, dict):
        return
    if declared.get("type") not in CRS_TYPES:
        raise ImportError_(_l("Système de coordonnées donné par un lien ou d'une façon inconnue : exportez le fichier "
                              "en WGS 84 (EPSG:4326) ou en Lambert-93 (EPSG:2154)."))
    name = (declared.get("properties") or {}).get("name") if isinstance(declared.get("properties"), dict) else None
    if name:
        _transformer(name)


def _kml_of_kmz(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ImportError_(_l("Ce KMZ est illisible : ce n'est pas une archive zip.")) from None
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > MAX_UNZIPPED or unzipped > MAX_RATIO * max(len(data), 1):
        raise ImportError_(_l("Ce KMZ se décompresse en un fichier démesuré : il est refusé."))
    kml = next((entry for entry in entries if entry.filename.lower().endswith(".kml")), None)
    if kml is None:
        raise ImportError_(_l("Ce KMZ ne contient pas de fichier KML."))
    try:
        with archive.open(kml) as stream:
            content = stream.read(MAX_UNZIPPED + 1)
    # Headers that lie about sizes end in a bad CRC or a truncated stream; a method zipfile lacks, or a password.
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError):
        raise ImportError_(_l("Ce KMZ est illisible : son archive est abîmée ou ment sur sa taille.")) from None
    if len(content) > MAX_UNZIPPED:  # the size the archive announced was a lie
        raise ImportError_(_l("Ce KMZ se décompresse en un fichier démesuré : il est refusé."))
    return content


def _read_with_gdal(data, kind, drivers):
    """Read a private copy of the file with its format's driver; the name GDAL opens is this server's."""
    with tempfile.TemporaryDirectory(prefix="voyette-import-") as folder:
        path = Path(folder) / f"import.{kind}"
        path.write_bytes(data)
        if kind == "gpkg":
            check_geopackage(path)
        dataset = f"{drivers[0]}:{path}" if drivers[0] in PREFIXED else str(path)
        if drivers[0] in SINGLE_LAYER:  # read without listing its layers: each opening parses the file again
            source = Source()
            _read_layer(dataset, 0, source, unreadable=_mismatch())
            return _finished(source)
        try:
            layers = [name for name, _type in pyogrio.list_layers(dataset)]
            # A driver named before the path is the only one GDAL tries; otherwise, ask which one read the file.
            unexpected = bool(layers) and drivers[0] not in PREFIXED and \
                pyogrio.read_info(dataset, layer=layers[0])["driver"] not in drivers
        except (RuntimeError, ValueError):  # pyogrio's DataSourceError, among others: to the person, it is unreadable
            unexpected = True
        if unexpected:
            raise _mismatch()
        if kind == "gpx":
            layers = [name for name in layers if name in GPX_LAYERS]
        source = Source()
        for layer in layers:
            _read_layer(dataset, layer, source)
        return _finished(source)


def _mismatch():
    return ImportError_(_l("Ce fichier est illisible : il ne correspond pas au format annoncé par son nom."))


def _read_layer(dataset, layer, source, unreadable=None):
    try:
        meta, _fids, geometries, columns = pyogrio.raw.read(dataset, layer=layer, force_2d=True)
    except (RuntimeError, ValueError):
        raise (unreadable or ImportError_(_l("La couche « %(layer)s » est illisible.", layer=layer))) from None
    count = len(geometries) if geometries is not None else (len(columns[0]) if columns else 0)
    if len(source.items) + count > MAX_ITEMS:
        raise ImportError_(_l("Le fichier compte plus de %(max)d éléments : découpez-le.", max=MAX_ITEMS))
    if geometries is None:  # a layer of plain rows: nothing to place on the map
        geometries = [None] * count
    to_lonlat = _transformer(meta.get("crs"))
    names = [name for name in meta["fields"] if name not in source.field_names and name not in DRIVER_FIELDS]
    source.field_names += names
    kept = [(name, _plain_column(column)) for name, column in zip(meta["fields"], columns, strict=True)
            if name not in DRIVER_FIELDS]
    fields = [{name: values[index] for name, values in kept if values[index] not in (None, "")}
              for index in range(count)]
    source.items += _items(geometries, fields, to_lonlat)


def _items(geometries, fields, to_lonlat=None):
    """The items of a layer's WKB geometries and fields: the shapes read, made lon/lat and checked all together
    (`geo.checked_many`); any shape that this does not keep as it is goes through `_item`, which says why."""
    shapes = shapely.from_wkb(numpy.asarray(geometries, dtype=object), on_invalid="ignore")
    single = shapely.get_num_geometries(shapes) == 1  # GeoPackage layers make every shape multi, even of one part
    multi = numpy.isin(shapely.get_type_id(shapes), (4, 5, 6)) & single
    shapes[multi] = shapely.get_geometry(shapes[multi], 0)
    if to_lonlat is not None:
        shapes = shapely.transform(shapes, to_lonlat.transform, interleaved=False)
    shapes[numpy.isin(shapely.get_type_id(shapes), (4, 5, 6)) & ~multi] = None  # parts to look at one by one
    checked = geo.checked_many(shapes)
    return [Item(shape, values) if shape is not None else _item(geometry, values, to_lonlat)
            for shape, geometry, values in zip(checked, geometries, fields, strict=True)]


def _transformer(crs_text):
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


def _item(geometry, fields, to_lonlat=None):
    """One item: its shape checked as a drawn one would be, or the reason it is left out."""
    if geometry is None:
        return Item(None, fields, _l("pas de forme"))
    try:
        shape = shapely.from_wkb(geometry) if isinstance(geometry, bytes) else geometry
    except shapely.errors.ShapelyError:
        return Item(None, fields, _l("forme illisible (une ligne d'un seul point, une courbe…)"))
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
    return Item(checked.shape, fields)


_PLAIN_TYPES = (str, int, bool)  # cells kept as they are (a float may be NaN)


def _plain_column(column):
    """A column of cells as `_plain` makes them, numbers converted all together."""
    if column.dtype.kind in "iub":
        return column.tolist()
    if column.dtype.kind == "f":
        return [None if value != value else value for value in column.tolist()]  # NaN: a blank number
    values = column.tolist()
    if column.dtype.kind == "O" and all(value is None or type(value) in _PLAIN_TYPES for value in values):
        return values  # text, whole numbers and booleans, as most fields are
    return [_plain(value) for value in column]


def _plain(value):
    """A cell as JSON-friendly Python: GDAL hands back numpy scalars and NaN for a blank number."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bytes):
        return None
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def _finished(source):
    if not source.items:
        raise ImportError_(_l("Le fichier ne contient aucun élément."))
    return source


def _read_umap(backup):
    """A uMap backup: the features of every layer, each with the layer's name as `calque` (a category, usually)."""
    try:
        layers = backup["layers"] if backup.get("type") == "umap" else None
    except (AttributeError, KeyError, TypeError):
        layers = None
    if not isinstance(layers, list):
        raise ImportError_(_l("Ce fichier n'est pas une sauvegarde uMap lisible."))
    source = Source(field_names=["name", "description", "calque"])
    for layer in layers:
        name = str((layer.get("_umap_options") or {}).get("name", "")) if isinstance(layer, dict) else ""
        features = layer.get("features") if isinstance(layer, dict) else None
        for entry in features if isinstance(features, list) else []:
            feature = entry if isinstance(entry, dict) else {}  # what is no feature is an item without a shape
            properties = feature["properties"] if isinstance(feature.get("properties"), dict) else {}
            fields = {key: str(properties[key]) for key in ("name", "description") if properties.get(key)}
            if name:
                fields["calque"] = name
            try:
                shape = shapely.from_geojson(json.dumps(feature["geometry"])) if feature.get("geometry") else None
            except (shapely.errors.ShapelyError, ValueError, TypeError):
                shape = None
            source.items.append(_item(shape, fields))
            if len(source.items) > MAX_ITEMS:
                raise ImportError_(_l("Le fichier compte plus de %(max)d éléments : découpez-le.", max=MAX_ITEMS))
    return _finished(source)


# --- CSV: read here, since spreadsheets write numbers the French way and name their columns as they like. ---

def _read_csv(data):
    text = _decoded(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if len(rows) < 2:
        raise ImportError_(_l("Le fichier ne contient aucun élément."))
    header = [name.strip() for name in rows[0]]
    lon, lat, shape_column = _csv_position_columns(header)
    used = {lon, lat, shape_column}
    source = Source(field_names=[name for index, name in enumerate(header) if index not in used])
    lambert = None
    for cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        row = cells + [""] * (len(header) - len(cells))
        fields = {header[i]: row[i].strip() for i in range(len(header)) if i not in used and row[i].strip()}
        if shape_column is not None and row[shape_column].strip():
            source.items.append(_item(_shape_of_cell(row[shape_column]), fields))
            continue
        try:
            x, y = _number(row[lon]), _number(row[lat])
        except (ValueError, TypeError, IndexError):
            source.items.append(Item(None, fields, _l("position illisible")))
            continue
        if lambert is None:
            lambert = abs(x) > 1000 or abs(y) > 1000  # metres: Lambert-93, the French official projection
            to_lonlat = Transformer.from_crs(2154, 4326, always_xy=True) if lambert else None  # made once
        source.items.append(_item(shapely.Point(x, y), fields, to_lonlat))
        if len(source.items) > MAX_ITEMS:
            raise ImportError_(_l("Le fichier compte plus de %(max)d éléments : découpez-le.", max=MAX_ITEMS))
    if lambert:
        source.notices.append(_l("Les colonnes X et Y sont lues en Lambert-93 (EPSG:2154)."))
    return _finished(source)


def _csv_position_columns(header):
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
