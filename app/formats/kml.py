"""KML and KMZ (Google Earth, Google My Maps): `read` through GDAL's KML drivers, `unzipped` (the KML a KMZ holds,
within bounds), and `write` (a folder per category with its colour as a style, a placemark per item)."""
import html
import io
import xml.etree.ElementTree as ET
import zipfile
import zlib

from ..i18n import lazy_gettext as _l
from ..text import text_of_html
from . import gdal
from .items import ImportError_
from .writing import PRECISION, categories, sub

DRIVERS = ("LIBKML", "KML")
MAX_UNZIPPED = 50 * 1024 * 1024  # what a KMZ may hold once unzipped
MAX_RATIO = 100  # unzipped size over zipped: far more is a zip bomb
KML = "http://www.opengis.net/kml/2.2"


def read(data):
    """The placemarks GDAL reads, each description (HTML in KML) as the text it shows."""
    reading = gdal.read(data, "kml", DRIVERS)
    for item in reading.items:
        if isinstance(item.fields.get("description"), str):
            item.fields["description"] = text_of_html(item.fields["description"])
    return reading


def unzipped(data):
    """The KML file a KMZ holds, refused when the archive is broken or would unzip into far more than it says."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ImportError_(_l("Ce KMZ est illisible : ce n'est pas une archive zip.")) from None
    size = sum(entry.file_size for entry in entries)
    if size > MAX_UNZIPPED or size > MAX_RATIO * max(len(data), 1):
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


def write(heading, records):
    """A folder per category with its colour as a style, a placemark per item (« 05 Title ») with its fields."""
    ET.register_namespace("", KML)
    root = ET.Element(f"{{{KML}}}kml")
    document = _sub(root, "Document")
    _sub(document, "name", heading.name)
    used = categories(heading, records)
    for index, (_label, colour) in enumerate(used):
        style = _sub(document, "Style", id=f"categorie-{index}")
        _sub(_sub(style, "IconStyle"), "color", _colour(colour))
        line = _sub(style, "LineStyle")
        _sub(line, "color", _colour(colour))
        _sub(line, "width", "3")
        _sub(_sub(style, "PolyStyle"), "color", _colour(colour, alpha="66"))
    for index, (label, colour) in enumerate(used):
        folder = _sub(document, "Folder")
        _sub(folder, "name", label)
        for record in records:
            if (record.category, record.colour) == (label, colour):
                _placemark(folder, record, index)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _placemark(folder, record, style_index):
    placemark = _sub(folder, "Placemark")
    _sub(placemark, "name", f"{record.number:02d} {record.title}")
    if record.description:
        # KML's description is HTML (Google Earth shows it so, even XML-escaped): the text escaped as HTML,
        # so a description that looks like markup is shown, never rendered. Names and data are plain text.
        _sub(placemark, "description", html.escape(record.description))
    _sub(placemark, "styleUrl", f"#categorie-{style_index}")
    data = _sub(placemark, "ExtendedData")
    for name, value in record.fields.items():
        if value is not None and name != "description":  # said once, above: readers would show it twice
            _sub(_sub(data, "Data", name=name), "value", str(value))
    _geometry(placemark, record.shape)


def _sub(parent, tag, text=None, **attributes):
    return sub(parent, tag, text, ns=KML, **attributes)


def _colour(colour, alpha="ff"):
    """#rrggbb as KML's aabbggrr."""
    red, green, blue = colour[1:3], colour[3:5], colour[5:7]
    return f"{alpha}{blue}{green}{red}".lower()


def _geometry(parent, shape):
    kind = shape.geom_type
    if kind.startswith("Multi"):
        multi = _sub(parent, "MultiGeometry")
        for part in shape.geoms:
            _geometry(multi, part)
    elif kind == "Point":
        _sub(_sub(parent, "Point"), "coordinates", _coordinates([shape.coords[0]]))
    elif kind == "LineString":
        _sub(_sub(parent, "LineString"), "coordinates", _coordinates(shape.coords))
    else:
        polygon = _sub(parent, "Polygon")
        _sub(_sub(_sub(polygon, "outerBoundaryIs"), "LinearRing"), "coordinates", _coordinates(shape.exterior.coords))
        for hole in shape.interiors:
            _sub(_sub(_sub(polygon, "innerBoundaryIs"), "LinearRing"), "coordinates", _coordinates(hole.coords))


def _coordinates(points):
    return " ".join(f"{x:.{PRECISION}f},{y:.{PRECISION}f}" for x, y, *_ in points)
