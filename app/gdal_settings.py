"""GDAL as this process uses it: only the drivers of the formats Voyette imports and exports, no network, no file
named inside another. Set once, by `create_app`, before any file is opened.

GDAL chooses a driver from a file's content, and some drivers open what the file names: an OGR VRT any local file or
URL, SQLite any database (the live one among them), GDALG a whole processing pipeline, the network drivers any
server. A file someone uploads must decide none of that, so every other driver is removed, /vsicurl/ and the
file systems built on it open nothing, and GDAL's own HTTP requests go to a closed local port.
"""
import os

import pyogrio
import pyproj.network
from pyogrio._ogr import _register_drivers

# CSV is not read by GDAL for imports (formats/csv.py reads it); it stays because the tests of the exports read
# their CSV back with GDAL, and its driver opens nothing but the file it is given.
DRIVERS = ("GeoJSON", "TopoJSON", "ESRIJSON", "KML", "LIBKML", "GPX", "GPKG", "CSV")

OPTIONS = {
    # /vsicurl/ (and /vsis3/, /vsigs/… built on it) opens only this name, which is no URL.
    "CPL_VSIL_CURL_ALLOWED_FILENAME": "/vsicurl/voyette-no-network",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".voyette-no-network",
    # What GDAL fetches itself goes through a proxy that is not there. curl still goes direct to a host NO_PROXY
    # names, so the readers also refuse what would ask for a fetch (a GeoJSON `crs` link: formats/geojson.py).
    "GDAL_HTTP_PROXY": "127.0.0.1:1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_TIMEOUT": "1",
    # A KML's styles stay its own: a `styleUrl` naming another file or a URL is not followed.
    "LIBKML_EXTERNAL_STYLE": "NO",
    # A file is read alone: no listing of the folder it is in, no side file found next to it.
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    # A GeoPackage is an SQLite database: no virtual table reading other files, no SQL function opening datasets.
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    "OGR_SQLITE_LIST_VIRTUAL_OGR": "NO",
    "OGR_SQLITE_DIALECT_ALLOW_CREATE_VIRTUAL_TABLE": "NO",
    # The raster VRT driver stays registered (rasters are never opened), but could run Python or read raw files.
    "GDAL_VRT_ENABLE_PYTHON": "NO",
    "GDAL_VRT_ENABLE_RAWRASTERBAND": "NO",
}


def configure():
    """Remove every driver but DRIVERS and turn GDAL's and PROJ's network off, for the whole process."""
    os.environ["PROJ_NETWORK"] = "OFF"  # grids are never downloaded, by pyproj nor by GDAL's own PROJ
    pyproj.network.set_network_enabled(False)
    already = pyogrio.get_gdal_config_option("GDAL_SKIP") or ""
    skipped = {name for name in already.split(",") if name} | {
        name for name in pyogrio.list_drivers() if name not in DRIVERS}
    pyogrio.set_gdal_config_options({**OPTIONS, "GDAL_SKIP": ",".join(sorted(skipped))})
    # GDAL applies GDAL_SKIP when it registers its drivers; pyogrio registered them on import, so once more.
    _register_drivers()
