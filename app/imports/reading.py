"""Reading a file someone brings into items: the file's size bounded, its content checked to be what its name says
(`checking.check`: XML through defusedxml whatever its name), a KMZ opened only if what it holds stays small, then
the reader of its format (`app/formats/<format>.py`) hands back its `Reading`. Nothing here writes to the map."""
from pathlib import Path

from ..formats import csv, geojson, gpkg, gpx, kml, umap
from ..formats.items import ImportError_, Item, Reading
from ..i18n import lazy_gettext as _l
from .checking import check

__all__ = ["ImportError_", "Item", "Reading", "read"]

MAX_BYTES = 15 * 1024 * 1024  # a commune's cadastre in GeoJSON is about 10 MB
EXTENSIONS = {".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".kmz": "kmz", ".gpx": "gpx",
              ".gpkg": "gpkg", ".csv": "csv", ".txt": "csv", ".umap": "umap"}
READERS = {"geojson": geojson.read, "kml": kml.read, "gpx": gpx.read, "gpkg": gpkg.read, "csv": csv.read,
           "umap": umap.read}


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
        data, kind = kml.unzipped(data), "kml"
        check(data, kind)
    return READERS[kind](data)
