"""GeoRSS (the feeds of a town hall's works, events or closures): `read` one item per RSS `item` or Atom `entry`,
with its title and description as the plain text they show (feeds write them in HTML: the markup is never kept) and
its link, placed by GeoRSS Simple (georss:point, line, polygon, box: « lat lon » pairs), GeoRSS GML (gml:Point,
LineString, Polygon or Envelope in georss:where) or W3C Basic Geo (geo:lat and geo:long). Read from the defused XML
tree; an entry without a place is left out, the reason saying so."""
import shapely

from ..i18n import lazy_gettext as _l
from ..text import text_of_html
from .items import Item, Reading, coordinate, finished, item
from .trees import child, local, root_of, text

ENTRIES = ("item", "entry")  # RSS (2.0 and 1.0), Atom
DESCRIPTIONS = ("description", "summary", "content")


def read(data, tree=None):
    root = root_of(data, tree)
    reading = Reading(field_names=["title", "description", "link"])
    channel = [element for top in root if local(top) == "channel" for element in top]  # RSS 2.0 nests its items
    for entry in (element for element in [*root, *channel] if local(element) in ENTRIES):
        reading.check_count(1)
        fields = _fields(entry)
        try:
            shape = _shape(entry)
        except (ValueError, IndexError, shapely.errors.ShapelyError):
            reading.items.append(Item(None, fields, _l("coordonnées illisibles")))
            continue
        reading.items.append(item(shape, fields) if shape is not None else Item(None, fields, _l("pas de position")))
    return finished(reading)


def _fields(entry):
    description = next((element for element in entry if local(element) in DESCRIPTIONS), None)
    link = child(entry, "link")
    fields = {"title": text_of_html(text(entry, "title")), "description": _text_shown(description),
              "link": (link.get("href") or link.text or "").strip() if link is not None else ""}
    return {name: value for name, value in fields.items() if value}


def _text_shown(element):
    """The text an entry's description shows: RSS escapes its HTML, Atom may also give it as XHTML elements."""
    if element is None:
        return ""
    if element.get("type") == "xhtml":
        return " ".join(" ".join(element.itertext()).split())
    return text_of_html(element.text or "")


def _shape(entry):
    """The entry's shape in lon/lat, None when it has no place; ValueError when its coordinates are unreadable."""
    for element in entry:
        kind = local(element)
        if kind == "where":
            return next((_gml(gml) for gml in element if local(gml) in GML), None)
        if kind in SIMPLE:
            return SIMPLE[kind](_pairs(element.text or ""))
        if kind == "Point" and child(element, "lat") is not None:  # geo:Point
            return _basic_geo(element)
    return _basic_geo(entry) if child(entry, "lat") is not None else None


def _pairs(text_, dimension=2):
    """(lon, lat) of « lat lon lat lon… », as GeoRSS and its GML (EPSG:4326) order them."""
    numbers = [coordinate(value) for value in text_.replace(",", " ").split()]
    if dimension not in (2, 3) or not numbers or len(numbers) % dimension:
        raise ValueError("not a list of positions")
    return [(numbers[index + 1], numbers[index]) for index in range(0, len(numbers), dimension)]


def _box(pairs):
    (west, south), (east, north) = pairs
    return shapely.box(west, south, east, north)


SIMPLE = {"point": lambda pairs: shapely.Point(pairs[0]), "line": shapely.LineString, "polygon": shapely.Polygon,
          "box": _box}


def _gml(element):
    """A GML Point, LineString, Polygon (its exterior ring and its holes) or Envelope."""
    kind = local(element)
    if kind == "Envelope":
        return _box(_pairs(text(element, "lowerCorner")) + _pairs(text(element, "upperCorner")))
    if kind == "Polygon":
        rings = [_positions(ring) for boundary in element if local(boundary) in ("exterior", "interior")
                 for ring in boundary if local(ring) == "LinearRing"]
        return shapely.Polygon(rings[0], rings[1:])
    positions = _positions(element)
    return shapely.Point(positions[0]) if kind == "Point" else shapely.LineString(positions)


GML = ("Point", "LineString", "Polygon", "Envelope")


def _positions(element):
    """The positions of a GML element: its gml:pos, gml:posList (of `srsDimension` numbers each) or gml:coordinates."""
    dimension = int(element.get("srsDimension") or 2)
    listed = next((found for found in element if local(found) in ("pos", "posList", "coordinates")), None)
    if listed is None:
        raise ValueError("no positions")
    return _pairs(listed.text or "", int(listed.get("srsDimension") or dimension))


def _basic_geo(element):
    return shapely.Point(coordinate(text(element, "long")), coordinate(text(element, "lat")))
