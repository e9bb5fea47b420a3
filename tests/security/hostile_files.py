"""Files an attacker uploads to « Importer »: a name that claims one format, a content that is another thing, one that
makes GDAL read a local file or fetch a URL, or one that makes a parser fall over."""
import io
import json
import sqlite3
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

# Every name « Importer » accepts, with the kind of file each claims to be.
EXTENSIONS = (".geojson", ".json", ".kml", ".gpx", ".gpkg", ".csv", ".txt", ".umap")


def vrt(source, layer=None, sql=None, point_from=None):
    """An OGR VRT: XML that makes GDAL open `source` (a path, a `CSV:path`, a /vsicurl/ URL…) as a layer (or run
    `sql` on it), its rows made points at (`point_from`, `point_from`) when that column is given."""
    layer_line = f"<SrcLayer>{escape(layer)}</SrcLayer>" if layer else ""
    if sql:
        layer_line += f"<SrcSQL>{escape(sql)}</SrcSQL>"
    if point_from:
        layer_line += (f'<GeometryType>wkbPoint</GeometryType><GeometryField encoding="PointFromColumns" '
                       f'x="{point_from}" y="{point_from}"/>')
    return (f'<OGRVRTDataSource><OGRVRTLayer name="points"><SrcDataSource>{escape(source)}</SrcDataSource>'
            f"{layer_line}</OGRVRTLayer></OGRVRTDataSource>").encode()


def sqlite_database(folder, name="base.sqlite", rows=(("Mot de passe", 2.89, 50.44),)):
    """A plain SQLite file (no GeoPackage in it) with a table of named points, as bytes."""
    path = Path(folder) / name
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE lieux (nom TEXT, x REAL, y REAL)")
        connection.executemany("INSERT INTO lieux VALUES (?, ?, ?)", rows)
    connection.close()
    return path.read_bytes()


def geopackage_with(folder, statements):
    """A GeoPackage as GDAL writes it, to which `statements` add what GDAL would not have put there."""
    import numpy
    import pyogrio.raw
    import shapely
    path = Path(folder) / "carte.gpkg"
    pyogrio.raw.write(str(path), shapely.to_wkb([shapely.Point(2.89, 50.44)]), [numpy.array(["Puits"], dtype=object)],
                      ["nom"], layer="lieux", driver="GPKG", geometry_type="Point", crs="EPSG:4326")
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path.read_bytes()


def xml_with_entities(root, path, url):
    """An XML file whose DTD declares external entities reading a local file and a URL, and the « billion laughs »."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY secret SYSTEM "file://{path}">'
            f'<!ENTITY distant SYSTEM "{url}"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            f'<{root}><Document><Placemark><name>&secret;&distant;&b;</name><Point><coordinates>2.89,50.44'
            f'</coordinates></Point></Placemark></Document></{root}>').encode()


def geojson_with_crs_link(url):
    """A GeoJSON (2008) whose `crs` is a link: GDAL fetches it to know the coordinates' system."""
    link = {"type": "link", "properties": {"href": url, "type": "ogcwkt"}}
    return json.dumps({"type": "FeatureCollection", "crs": link,
                       "features": [{"type": "Feature", "properties": {"nom": "Puits"},
                                     "geometry": {"type": "Point", "coordinates": [2.89, 50.44]}}]}).encode()


def kml_with_network_link(url):
    return (f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            f'<NetworkLink><Link><href>{escape(url)}</href></Link></NetworkLink>'
            f'<Placemark><name>Puits</name><styleUrl>{escape(url)}#style</styleUrl>'
            f'<Point><coordinates>2.89,50.44</coordinates></Point></Placemark>'
            f'</Document></kml>').encode()


def deeply_nested_geojson(depth=100_000):
    """A valid-looking GeoJSON whose one property nests lists 100,000 deep: Python's json recurses once a level."""
    return (b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":'
            b'[2.89,50.44]},"properties":{"deep":' + b"[" * depth + b"]" * depth + b"}}]}")


def deeply_nested_umap(depth=100_000):
    return b'{"type":"umap","layers":[{"features":' + b"[" * depth + b"]" * depth + b"}]}"


def kmz_lying_about_sizes(real_size=5 * 1024 * 1024):
    """A KMZ whose zip headers say its KML is 100 bytes when it unzips to 5 MB: the bound on sizes trusts them."""
    kml = b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>' + b" " * real_size + \
        b"</Document></kml>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", kml)
    data = bytearray(out.getvalue())
    told = struct.pack("<I", 100)
    local = data.find(b"PK\x03\x04")
    data[local + 22:local + 26] = told  # the local header's uncompressed size
    central = data.find(b"PK\x01\x02")
    data[central + 24:central + 28] = told  # and the central directory's
    return bytes(data)

