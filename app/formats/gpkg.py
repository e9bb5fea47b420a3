"""GeoPackage (QGIS): `read` every layer through GDAL's GPKG driver, from a copy first checked to reach no other
file; `write` one layer per kind of shape (points, lignes, zones), in EPSG:4326."""
import sqlite3
import tempfile
from pathlib import Path

import numpy
import pyogrio.raw
import shapely

from ..i18n import lazy_gettext as _l
from . import gdal
from .items import ImportError_
from .writing import FIELD_NAMES

DRIVERS = ("GPKG",)
LAYERS = (("point", "points", "MultiPoint"), ("line", "lignes", "MultiLineString"),
          ("polygon", "zones", "MultiPolygon"))


def read(data):
    return gdal.read(data, "gpkg", DRIVERS, listed=layers)


def layers(path):
    """(the layers of shapes, a notice naming the tables without any) as the GeoPackage's own contents list them:
    GDAL's list stops at the first layer of a type it cannot read, and its readable layers would be lost with it.
    Refused when it holds a virtual table other than the spatial index: a way to reach other files."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            virtual = connection.execute(
                "SELECT sql FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'").fetchall()
            contents = connection.execute("SELECT table_name, data_type FROM gpkg_contents ORDER BY rowid").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        raise gdal.mismatch() from None
    if any(" USING RTREE" not in " ".join(sql.upper().split()) for (sql,) in virtual):
        raise ImportError_(_l("Ce GeoPackage contient une table virtuelle : il est refusé par sécurité."))
    plain = [str(name) for name, kind in contents if kind != "features"]
    # Styles (QGIS's layer_styles), attribute and related tables hold nothing to place on a map.
    notices = [_l("Tables sans formes laissées de côté : %(tables)s.", tables=", ".join(plain))] if plain else []
    return [str(name) for name, kind in contents if kind == "features"], notices


def write(heading, records):
    """One layer per kind of shape, shapes made multi so that each layer has one geometry type."""
    with tempfile.TemporaryDirectory(prefix="voyette-export-") as folder:
        path = Path(folder) / "export.gpkg"
        written = False
        for kind, layer, geometry_type in LAYERS:
            chosen = [record for record in records if record.kind == kind]
            if not chosen:
                continue
            shapes = [_multi(record.shape) for record in chosen]
            pyogrio.raw.write(str(path), shapely.to_wkb(shapes), _columns(chosen), list(FIELD_NAMES), layer=layer,
                              driver="GPKG", geometry_type=geometry_type, crs="EPSG:4326", append=written)
            written = True
        if not written:  # an empty map still gives a valid GeoPackage, with an empty layer of points
            pyogrio.raw.write(str(path), numpy.array([], dtype=object), [numpy.array([], dtype="int64")],
                              ["numero"], layer="points", driver="GPKG", geometry_type="MultiPoint", crs="EPSG:4326")
        return path.read_bytes()


def _columns(chosen):
    """The attribute columns of FIELD_NAMES as GDAL wants them: integers, floats with NaN for none, and texts."""
    def column(name):
        values = [record.fields[name] for record in chosen]
        if name == "numero":
            return numpy.array(values, dtype="int64")
        if name in MEASURES:
            return numpy.array([numpy.nan if value is None else value for value in values], dtype="float64")
        return numpy.array(values, dtype=object)
    return [column(name) for name in FIELD_NAMES]


MEASURES = ("surface_m2", "longueur_m", "precision_gps_m")


def _multi(shape):
    if shape.geom_type.startswith("Multi"):
        return shape
    return {"Point": shapely.MultiPoint, "LineString": shapely.MultiLineString,
            "Polygon": shapely.MultiPolygon}[shape.geom_type]([shape])
