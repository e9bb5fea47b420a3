"""What an uploaded file truly is, told by its first bytes and not by its name, and the checks it passes before any
reader sees it. A file whose content is not what its name claims is refused: that is how an OGR VRT, an SQLite
database or a path named `.geojson` would otherwise reach a GDAL driver that opens what they name.
"""
import defusedxml.ElementTree

from ..formats.items import ImportError_
from ..formats.trees import local
from ..i18n import lazy_gettext as _l

# What each kind of file must be, from its first bytes.
CONTENTS = {"geojson": "json", "umap": "json", "kml": "xml", "gpx": "xml", "tcx": "xml", "georss": "xml",
            "osm": "xml", "xml": "xml", "kmz": "zip", "gpkg": "sqlite", "csv": "text"}
NAMES = {"geojson": "GeoJSON", "umap": "uMap", "kml": "KML", "gpx": "GPX", "tcx": "TCX", "georss": "GeoRSS",
         "osm": "OpenStreetMap", "kmz": "KMZ", "gpkg": "GeoPackage", "csv": "CSV"}
# The root elements of each XML kind, namespace aside: GeoRSS rides in RSS 2.0, Atom or RSS 1.0 (RDF).
XML_ROOTS = {"kml": ("kml",), "gpx": ("gpx",), "tcx": ("TrainingCenterDatabase",), "georss": ("rss", "feed", "RDF"),
             "osm": ("osm",)}
SQLITE_MAGIC = b"SQLite format 3\0"
GEOPACKAGE_IDS = (b"GPKG", b"GP10", b"GP11")  # SQLite's application_id (bytes 68-71): 1.2 and later, 1.0, 1.1
BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def check(data, kind):
    """(the kind of the bytes of a file said to be of `kind`, the XML tree defusedxml parsed or None), or ImportError_
    unless they are that kind (an `.xml` file is the kind its root element says); XML unless it is safe. The tree is
    what the XML readers read, so that a file is parsed once."""
    content, tree = content_of(data), None
    if content == "xml":
        tree = _safe_xml_tree(data)  # every XML, whatever its name
        root = local(tree)
        if kind == "xml":
            kind = next((known for known, roots in XML_ROOTS.items() if root in roots), None)
            if kind is None:
                raise ImportError_(_l("Ce fichier XML n'est ni du KML, ni du GPX, ni du TCX, ni du GeoRSS, ni de "
                                      "l'OpenStreetMap : il n'est pas importé."))
        elif kind in XML_ROOTS and root not in XML_ROOTS[kind]:
            raise _mismatch(kind)
    if content != CONTENTS[kind]:
        raise _mismatch(kind) if kind in NAMES else ImportError_(_l("Ce fichier n'est pas du XML."))
    if kind == "gpkg" and data[68:72] not in GEOPACKAGE_IDS:
        raise _mismatch(kind)
    return kind, tree


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


def _safe_xml_tree(data):
    """The root element, once defusedxml has checked there is no DTD nor entity."""
    try:
        tree = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise ImportError_(
            _l("Ce fichier XML déclare des entités ou une DTD : il est refusé par sécurité.")) from None
    except defusedxml.ElementTree.ParseError:
        raise ImportError_(_l("Ce fichier n'est pas du XML lisible : il est peut-être abîmé.")) from None
    return tree


def _mismatch(kind):
    return ImportError_(_l("Ce fichier est illisible : son contenu n'est pas du %(format)s comme l'annonce son nom.",
                           format=NAMES[kind]))
