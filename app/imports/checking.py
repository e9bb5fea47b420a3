"""What an uploaded file truly is, told by its first bytes and not by its name, and the checks it passes before any
reader sees it. A file whose content is not what its name claims is refused: that is how an OGR VRT, an SQLite
database or a path named `.geojson` would otherwise reach a GDAL driver that opens what they name.
"""
import sqlite3

import defusedxml.ElementTree

from .. import json_input
from ..i18n import lazy_gettext as _l


class ImportError_(ValueError):
    """The whole file is refused; the message is French."""


# What each kind of file must be, from its first bytes.
CONTENTS = {"geojson": "json", "umap": "json", "kml": "xml", "gpx": "xml", "kmz": "zip", "gpkg": "sqlite",
            "csv": "text"}
NAMES = {"geojson": "GeoJSON", "umap": "uMap", "kml": "KML", "gpx": "GPX", "kmz": "KMZ", "gpkg": "GeoPackage",
         "csv": "CSV"}
XML_ROOTS = {"kml": "kml", "gpx": "gpx"}  # the root element of each XML kind, namespace aside
SQLITE_MAGIC = b"SQLite format 3\0"
GEOPACKAGE_IDS = (b"GPKG", b"GP10", b"GP11")  # SQLite's application_id (bytes 68-71): 1.2 and later, 1.0, 1.1
BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def check(data, kind):
    """Refuse (ImportError_) the bytes of a file said to be of `kind` unless they are that; XML unless it is safe."""
    content = content_of(data)
    if content == "xml":
        root = _safe_xml_root(data)  # every XML, whatever its name
        if kind in XML_ROOTS and root != XML_ROOTS[kind]:
            raise _mismatch(kind)
    if content != CONTENTS[kind]:
        raise _mismatch(kind)
    if kind == "gpkg" and data[68:72] not in GEOPACKAGE_IDS:
        raise _mismatch(kind)


def content_of(data):
    """« sqlite », « zip », « xml », « json » or « text », from the first bytes."""
    if data.startswith(SQLITE_MAGIC):
        return "sqlite"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    head = data[:4096]
    for mark in BYTE_ORDER_MARKS:
        if head.startswith(mark):
            head = head.decode("utf-16" if len(mark) == 2 else "utf-8-sig", errors="ignore").encode()
            break
    head = head.lstrip()
    if head.startswith(b"<"):
        return "xml"
    if head.startswith((b"{", b"[")):
        return "json"
    return "text"


def json_of(data):
    """The JSON of a GeoJSON or uMap file, within the app's bound on nesting (`json_input`)."""
    try:
        return json_input.loads(data.decode("utf-8-sig"))
    except json_input.TooDeep:
        raise ImportError_(_l("Ce fichier est illisible : ses données sont imbriquées trop profondément.")) from None
    except (ValueError, UnicodeDecodeError):
        raise ImportError_(_l("Ce fichier n'est pas du JSON lisible : il est peut-être abîmé.")) from None


def check_geopackage(path):
    """Refuse a GeoPackage holding a virtual table other than the spatial index: a way to reach other files."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            virtual = connection.execute(
                "SELECT sql FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        raise _mismatch("gpkg") from None
    if any(" USING RTREE" not in " ".join(sql.upper().split()) for (sql,) in virtual):
        raise ImportError_(_l("Ce GeoPackage contient une table virtuelle : il est refusé par sécurité."))


def _safe_xml_root(data):
    """The local name of the root element, once defusedxml has checked there is no DTD nor entity."""
    try:
        tree = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise ImportError_(
            _l("Ce fichier XML déclare des entités ou une DTD : il est refusé par sécurité.")) from None
    except defusedxml.ElementTree.ParseError:
        raise ImportError_(_l("Ce fichier n'est pas du XML lisible : il est peut-être abîmé.")) from None
    return tree.tag.rsplit("}", 1)[-1]


def _mismatch(kind):
    return ImportError_(_l("Ce fichier est illisible : son contenu n'est pas du %(format)s comme l'annonce son nom.",
                           format=NAMES[kind]))
