"""Reading a file someone brings into items: the file's size bounded, its content checked to be what its name says
(`checking.check`: XML through defusedxml whatever its name; an `.xml` file is what its root element says), a KMZ
opened only if what it holds stays small, a JSON file told apart by its content (GeoJSON and its cousins, Overpass's
OSM JSON, a uMap backup), then the reader of its format (`app/formats/<format>.py`) hands back its `Reading`.
Nothing here writes to the map."""
from pathlib import Path

from ..formats import csv, geojson, georss, gpkg, gpx, kml, osm, tcx, umap
from ..formats.items import ImportError_, Item, Reading, json_of
from ..i18n import lazy_gettext as _l
from .checking import check

__all__ = ["ImportError_", "Item", "Reading", "read"]

MAX_BYTES = 15 * 1024 * 1024  # a commune's cadastre in GeoJSON is about 10 MB
EXTENSIONS = {".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".kmz": "kmz", ".gpx": "gpx", ".tcx": "tcx",
              ".rss": "georss", ".atom": "georss", ".xml": "xml", ".gpkg": "gpkg", ".csv": "csv", ".txt": "csv",
              ".umap": "umap", ".osm": "osm"}
ACCEPTED = ",".join(EXTENSIONS)  # what the upload's file picker offers
READERS = {"gpx": gpx.read, "gpkg": gpkg.read, "csv": csv.read}
# Each given the tree the check parsed (GPX is read by GDAL, from the bytes).
XML_READERS = {"kml": kml.read, "tcx": tcx.read, "georss": georss.read, "osm": osm.read_xml}
JSON_READERS = {"geojson": geojson.read, "osm": osm.read, "umap": umap.read}  # each given the JSON parsed once


def read(data, filename):
    """The items of an uploaded file, or ImportError_ with the reason the file as a whole is refused."""
    kind = EXTENSIONS.get(Path(filename or "").suffix.lower())
    if kind is None:
        raise ImportError_(_l("Format non reconnu : choisissez un fichier GeoJSON, OpenStreetMap (.osm, ou le JSON "
                              "d'Overpass), KML, KMZ, GPX, TCX, GeoRSS, GeoPackage, uMap ou CSV."))
    if not data:
        raise ImportError_(_l("Le fichier est vide."))
    if len(data) > MAX_BYTES:
        raise ImportError_(_l("Le fichier est trop gros : %(max)d Mo au plus.", max=MAX_BYTES // (1024 * 1024)))
    kind, tree = check(data, kind)
    if kind == "kmz":
        data = kml.unzipped(data)
        kind, tree = check(data, "kml")
    if tree is not None and kind in XML_READERS:
        return XML_READERS[kind](data, tree)
    if kind in JSON_READERS:
        parsed = json_of(data)
        return JSON_READERS[_json_kind(kind, parsed)](data, parsed)
    return READERS[kind](data)


def _json_kind(kind, parsed):
    """A `.json` or `.geojson` file may be Overpass's OSM JSON or a uMap backup: its content says which."""
    if kind == "geojson" and osm.is_osm(parsed):
        return "osm"
    if kind == "geojson" and isinstance(parsed, dict) and parsed.get("type") == "umap":
        return "umap"
    return kind
