"""OpenStreetMap JSON as the Overpass API gives it (`[out:json]`, `{"elements": [...]}`): `read` its elements, each
with its tags as fields (`name`, `description`…) and its reference (`osm`: « way/123 »). A node with tags is a
point; a way is a line, or a zone when it is closed and OSM's own rule makes it an area; a multipolygon relation is a
zone built from its members' ways. A way's or a relation's shape is what `out geom` writes beside it, or else the
nodes and ways the file holds (`out; >;`); an element of which the file gives neither is left out, the reason
saying so. Nodes without tags are the vertices of ways, and ways without tags in a relation its parts: counted in a
notice, not made into items of their own."""
import shapely

from ..i18n import lazy_gettext as _l
from .items import Item, Reading, coordinate, finished, item, json_of, line_of
from .trees import local, root_of

# Keys of ways that are lines even when closed (a roundabout, a fence around a field), unless `area=yes`.
LINEAR_KEYS = ("highway", "barrier", "railway", "waterway")
ZONE_RELATIONS = ("multipolygon", "boundary")
ELEMENTS = {"node": _l("nœud"), "way": _l("chemin"), "relation": _l("relation")}
# Why an element is left out when the file gives no shape for it: Overpass writes one with `out geom`; an XML export
# (openstreetmap.org's, JOSM's) holds the nodes of its ways, save those outside what was downloaded.
NO_SHAPE = {
    "json": lambda element: _l("%(element)s OSM sans sa forme dans le fichier : demandez-la à Overpass avec "
                               "« out geom »", element=element),
    "xml": lambda element: _l("%(element)s OSM dont le fichier ne contient pas tous les nœuds (hors de la zone "
                              "exportée)", element=element),
}


class _LeftOut(Exception):
    """An element left out, with its reason."""


def is_osm(parsed):
    """Whether the JSON is Overpass's (its elements, and none of GeoJSON's `type`)."""
    return isinstance(parsed, dict) and isinstance(parsed.get("elements"), list) and "type" not in parsed


def read(data, parsed=None):
    """The items of an Overpass JSON file (`parsed`: its JSON, when the caller parsed it already)."""
    elements = [element for element in (json_of(data) if parsed is None else parsed)["elements"]
                if isinstance(element, dict) and isinstance(element.get("type"), str)]
    return _read(elements, NO_SHAPE["json"])


def read_xml(data, tree=None):
    """The items of an OpenStreetMap XML file (`.osm`, `<osm>`: openstreetmap.org's export, JOSM, Overpass's XML;
    `tree`: its root, when the caller parsed it already), its elements read as the JSON's are."""
    return _read([_from_xml(element) for element in root_of(data, tree) if local(element) in ELEMENTS],
                 NO_SHAPE["xml"])


def _from_xml(element):
    """An XML element as Overpass's JSON gives it: its ids and references as text, its coordinates as text too
    (`_position` reads them); a way's or a member's `<nd>` with coordinates (Overpass's `out geom`) as `geometry`."""
    found = {"type": local(element), "id": element.get("id"),
             "tags": {tag.get("k"): tag.get("v", "") for tag in element if local(tag) == "tag" and tag.get("k")}}
    found.update({name: element.get(name) for name in ("lat", "lon") if element.get(name) is not None})
    nds = [nd for nd in element if local(nd) == "nd"]
    if nds:
        found["nodes"] = [nd.get("ref") for nd in nds]
        if all(nd.get("lat") is not None for nd in nds):
            found["geometry"] = [{"lat": nd.get("lat"), "lon": nd.get("lon")} for nd in nds]
    members = [member for member in element if local(member) == "member"]
    if members:
        found["members"] = [{key: value for key, value in _from_xml(member).items() if key != "tags"}
                            | {"type": member.get("type"), "ref": member.get("ref"), "role": member.get("role", "")}
                            for member in members]
    return found


def _read(elements, no_shape):
    nodes = _by_id(elements, "node", _position)
    ways = _by_id(elements, "way", lambda way: _way_positions(way, nodes))
    members = _members(elements)
    reading = Reading(field_names=["name", "description"])
    parts = 0
    for element in elements:
        tags = element.get("tags") if isinstance(element.get("tags"), dict) else {}
        if not tags and (element["type"] == "node" or _ref(element.get("id")) in members):
            parts += 1  # a way's vertex, a relation's way: drawn with what they belong to
            continue
        fields = {"name": "", "description": "", **{str(key): str(value) for key, value in tags.items()},
                  "osm": f"{element.get('type')}/{element.get('id')}"}
        fields = {name: value for name, value in fields.items() if value}
        reading.add_field_names(fields)
        reading.check_count(1)
        reading.items.append(_item(element, tags, fields, ways, no_shape))
    if parts:
        reading.notices.append(_l("Éléments OSM sans étiquette (les sommets des chemins, les chemins des relations) "
                                  "importés avec ce dont ils font partie, pas seuls : %(count)d.", count=parts))
    return finished(reading)


def _item(element, tags, fields, ways, no_shape):
    kind = element.get("type")
    if kind == "node":
        shape, mended = _position(element), None
        shape = shapely.Point(shape) if shape else shape
    elif kind == "way":
        shape, mended = _way(ways.get(_ref(element.get("id"))), tags)
    elif kind == "relation":
        try:
            shape, mended = _relation(element, tags, ways)
        except _LeftOut as left_out:
            return Item(None, fields, left_out.args[0])
    else:
        return Item(None, fields, _l("élément OSM d'un type inconnu (%(type)s)", type=str(kind)))
    if shape is None:
        return Item(None, fields, no_shape(ELEMENTS[kind]))
    if shape is False:
        return Item(None, fields, _l("coordonnées illisibles"))
    found = item(shape, fields)
    found.mended = mended if found.shape is not None else None
    return found


def _members(elements):
    """The ids of the ways that the file's relations are made of."""
    return {_ref(member.get("ref")) for element in elements if element["type"] == "relation"
            and isinstance(element.get("members"), list) for member in element["members"]
            if isinstance(member, dict) and member.get("type") == "way"} - {None}


def _by_id(elements, kind, positions_of):
    """The positions of the elements of that kind, by id (an element without one is named by no reference)."""
    found = {_ref(element.get("id")): positions_of(element) for element in elements if element["type"] == kind}
    found.pop(None, None)
    return found


def _ref(value):
    """An element's id or a reference to one, as a key (a hostile file may give anything)."""
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else None


def _position(node):
    """(lon, lat) of a node or of a point of `out geom`; None without one, False when it is unreadable."""
    if not isinstance(node, dict) or "lat" not in node or "lon" not in node:
        return None
    try:
        return coordinate(node["lon"]), coordinate(node["lat"])
    except (TypeError, ValueError):
        return False


def _way_positions(way, nodes):
    """The positions of a way or of a relation's member: its `geometry` (`out geom`; a point outside the query's box
    is null), or its nodes when the file holds them all; None when it has neither, False when one is unreadable."""
    if isinstance(way.get("geometry"), list):
        positions = [_position(point) for point in way["geometry"] if point is not None]
    elif isinstance(way.get("nodes"), list) and way["nodes"] and all(_ref(ref) in nodes for ref in way["nodes"]):
        positions = [nodes[_ref(ref)] for ref in way["nodes"]]
    else:
        return None
    return False if any(not position for position in positions) else positions


def _way(positions, tags):
    """(shape, what was mended) of a way: a zone when it is closed and an area, else a line."""
    if not positions:
        return positions, None
    if len(positions) > 3 and positions[0] == positions[-1] and _is_area(tags):
        return shapely.Polygon(positions), None
    return line_of(positions)


def _is_area(tags):
    if tags.get("area") in ("yes", "no"):
        return tags["area"] == "yes"
    return not any(key in tags for key in LINEAR_KEYS)


def _relation(relation, tags, ways):
    """(shape, None) of a relation from its members' ways: a zone for a multipolygon (its outer rings less its
    inner ones, each ring made of one way or several), lines for any other; None when no member has a shape."""
    members = relation.get("members") if isinstance(relation.get("members"), list) else []
    members = [member for member in members if isinstance(member, dict) and member.get("type") == "way"]
    lines = [(member.get("role"), _way_positions(member, {}) or ways.get(_ref(member.get("ref"))))
             for member in members]
    if any(positions is False for _role, positions in lines):
        raise _LeftOut(_l("coordonnées illisibles"))
    lines = [(role, shapely.LineString(positions)) for role, positions in lines if positions and len(positions) > 1]
    if not lines:
        return None, None
    if tags.get("type") not in ZONE_RELATIONS:
        return shapely.MultiLineString([line for _role, line in lines]), None
    outer = _rings([line for role, line in lines if role != "inner"])
    inner = _rings([line for role, line in lines if role == "inner"])
    if outer.is_empty:
        raise _LeftOut(_l("zone OSM dont les chemins ne ferment aucun contour"))
    return (outer.difference(inner) if not inner.is_empty else outer), None


def _rings(lines):
    """The zones the ways close, joined end to end (an outer ring is often several ways)."""
    return shapely.union_all(shapely.get_parts(shapely.polygonize(lines))) if lines else shapely.Polygon()
