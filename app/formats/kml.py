"""KML and KMZ (Google Earth, Google My Maps): `read` from the defused XML tree, `unzipped` (the KML a KMZ holds,
within bounds), and `write` (a folder per category with its colour as a style, a placemark per item)."""
import html
import io
import xml.etree.ElementTree as ET
import zipfile
import zlib

import shapely

from ..i18n import lazy_gettext as _l
from ..text import text_of_html
from .items import ImportError_, Item, Reading, finished, item, line_of
from .trees import child as _child
from .trees import local as _local
from .trees import root_of
from .trees import text as _text
from .writing import PRECISION, categories, sub

MAX_UNZIPPED = 50 * 1024 * 1024  # what a KMZ may hold once unzipped
MAX_RATIO = 100  # unzipped size over zipped: far more is a zip bomb
KML = "http://www.opengis.net/kml/2.2"


def read(data, tree=None):
    """Every Placemark of the file, wherever it is (under `<kml>`, in a Document, in folders), and every
    GroundOverlay's box, each with its name, description (HTML in KML, kept as the text it shows), ExtendedData and
    folder (`dossier`). A MultiGeometry of several kinds gives one item per part, sharing the properties. Read from
    the tree defusedxml parses (no DTD, no entity: `imports.checking.check` refused them already)."""
    root = root_of(data, tree)
    reading = Reading(field_names=["Name", "description"])
    _read_children(root, None, reading)
    return finished(reading)


GEOMETRIES = {"Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Track", "MultiTrack"}


def _read_children(root, folder, reading):
    """The placemarks and overlays under `root`, in the file's order, walked without recursion (a hostile file may
    nest elements without end); a Folder's name is its items' `dossier`."""
    stack = [(child, folder) for child in reversed(root)]
    while stack:
        element, folder = stack.pop()
        kind = _local(element)
        if kind in ("Placemark", "GroundOverlay"):
            _read_placemark(element, kind, folder, reading)
        elif kind not in SKIPPED:
            inner = (_text(element, "name") or folder) if kind == "Folder" else folder
            stack += [(child, inner) for child in reversed(element)]


SKIPPED = {"Style", "StyleMap", "Schema", "NetworkLink", "ExtendedData"}  # nothing to place; a link is never followed


def _read_placemark(element, kind, folder, reading):
    fields = _fields(element, folder)
    reading.add_field_names(fields)
    for shape, mended in (_overlay(element) if kind == "GroundOverlay" else _shapes(element)) or [(None, None)]:
        reading.check_count(1)
        if shape is None:
            found = Item(None, dict(fields), _l("pas de forme"))
        elif shape is False:
            found = Item(None, dict(fields), _l("coordonnées illisibles"))
        else:
            found = item(shape, dict(fields))
            found.mended = found.mended or (mended if found.shape is not None else None)
        reading.items.append(found)


def _fields(placemark, folder):
    fields = {"Name": _text(placemark, "name"), "description": text_of_html(_text(placemark, "description"))}
    if placemark.get("id"):
        fields["id"] = placemark.get("id")
    extended = _child(placemark, "ExtendedData")
    for data in extended.iter() if extended is not None else ():
        if _local(data) == "Data" and data.get("name"):
            fields[data.get("name")] = _text(data, "value")
        elif _local(data) == "SimpleData" and data.get("name"):
            fields[data.get("name")] = (data.text or "").strip()
    if folder:
        fields["dossier"] = folder
    return {name: value for name, value in fields.items() if value}


def _shapes(placemark):
    """[(shape, what was mended)] of the placemark: its parts of each kind together, one shape per kind."""
    elements = [element for element in placemark if _local(element) in GEOMETRIES]
    if not elements:
        return [(None, None)]  # « pas de forme »
    parts = [part for element in elements for part in _parts(element)]
    if any(shape is False for shape, _mended in parts):
        return [(False, None)]
    parts = [(shape, mended) for shape, mended in parts if shape is not None and not shape.is_empty]
    if not parts:
        return [(shapely.GeometryCollection(), None)]  # « forme vide »
    by_kind = {}
    for shape, mended in parts:
        by_kind.setdefault(shape.geom_type, []).append((shape, mended))
    return [(_joined([shape for shape, _m in same]), next((m for _s, m in same if m), None))
            for same in by_kind.values()]


_MULTI = {"Point": shapely.MultiPoint, "LineString": shapely.MultiLineString, "Polygon": shapely.MultiPolygon}


def _joined(shapes):
    return shapes[0] if len(shapes) == 1 else _MULTI[shapes[0].geom_type](shapes)


MAX_NESTING = 8  # MultiGeometries within MultiGeometries: tools write one level; a hostile file, thousands


def _parts(element, depth=0):
    """[(shape, what was mended)] of one geometry element; a shape False when its coordinates are unreadable."""
    kind = _local(element)
    try:
        if kind == "MultiGeometry":
            if depth > MAX_NESTING:
                raise ValueError("nested too deep")
            return [part for child in element if _local(child) in GEOMETRIES for part in _parts(child, depth + 1)]
        if kind == "MultiTrack":
            return [part for child in element if _local(child) == "Track" for part in _parts(child)]
        if kind == "Point":
            positions = _positions(_text(element, "coordinates"))
            return [(shapely.Point(positions[0]) if positions else None, None)]
        if kind in ("LineString", "Track"):
            positions = _positions(_text(element, "coordinates")) if kind == "LineString" else [
                _numbers(coord.text or "", " ") for coord in element if _local(coord) == "coord"]
            return [line_of(positions)]
        if kind == "LinearRing":
            return [(_polygon(_positions(_text(element, "coordinates")), []), None)]
        outer = _child(element, "outerBoundaryIs")
        rings = [_positions(_text(ring, "coordinates")) for boundary in element
                 if _local(boundary) == "innerBoundaryIs" for ring in boundary if _local(ring) == "LinearRing"]
        ring = _child(outer, "LinearRing") if outer is not None else None
        return [(_polygon(_positions(_text(ring, "coordinates")), rings) if ring is not None else None, None)]
    except (ValueError, IndexError, shapely.errors.ShapelyError):
        return [(False, None)]


def _polygon(outer, holes):
    if len(outer) < 3:
        raise ValueError("a ring of fewer than three positions")
    return shapely.Polygon(outer, [hole for hole in holes if len(hole) >= 3])


def _overlay(overlay):
    """A GroundOverlay's image as the zone it covers: its LatLonBox, or its gx:LatLonQuad."""
    try:
        box = _child(overlay, "LatLonBox")
        if box is not None:
            north, south, east, west = (float(_text(box, side)) for side in ("north", "south", "east", "west"))
            return [(shapely.box(west, south, east, north), None)]
        quad = _child(overlay, "LatLonQuad")
        if quad is not None:
            return [(_polygon(_positions(_text(quad, "coordinates")), []), None)]
    except (ValueError, shapely.errors.ShapelyError):
        return [(False, None)]
    return []


def _positions(text):
    """(lon, lat) of each « lon,lat[,alt] » of a KML coordinates text."""
    return [_numbers(group, ",") for group in text.split()]


def _numbers(text, separator):
    values = [float(value) for value in text.split(separator) if value.strip()]
    if len(values) < 2:
        raise ValueError("not a position")
    return values[0], values[1]


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
