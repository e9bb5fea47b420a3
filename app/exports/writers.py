"""Each export format: records in, the file's bytes out. The coordinates are lon/lat (EPSG:4326) in all of them."""
import html
import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy
import pyogrio.raw
import shapely

from .. import geo
from ..formats.spreadsheet import csv_bytes
from ..models import Category
from ..text import xml_safe
from .records import FIELD_NAMES

PRECISION = 7  # decimal places of a degree: about a centimetre


def geojson(map_, records):
    """RFC 7946: a FeatureCollection in lon/lat, without `crs`; the item's number is its id."""
    features = [{"type": "Feature", "id": record.number, "geometry": _rounded(geo.shape_to_dict(record.shape)),
                 "properties": record.fields} for record in records]
    return json.dumps({"type": "FeatureCollection", "name": map_.name, "features": features},
                      ensure_ascii=False).encode()


def csv_table(map_, records):
    """One row per item: its fields, lat and lon for points, and every shape as WKT (which GIS software reads)."""
    def row(record):
        point = record.shape if record.kind == "point" else None
        return [*record.fields.values(), f"{point.y:.{PRECISION}f}" if point else "",
                f"{point.x:.{PRECISION}f}" if point else "", shapely.to_wkt(record.shape, rounding_precision=PRECISION)]
    return csv_bytes([[*FIELD_NAMES, "lat", "lon", "WKT"], *map(row, records)])


KML = "http://www.opengis.net/kml/2.2"


def kml(map_, records):
    """A folder per category with its colour as a style, a placemark per item (« 05 Title ») with its fields."""
    ET.register_namespace("", KML)
    root = ET.Element(f"{{{KML}}}kml")
    document = _sub(root, "Document")
    _sub(document, "name", map_.name)
    categories = _categories(map_, records)
    for index, (_label, colour) in enumerate(categories):
        style = _sub(document, "Style", id=f"categorie-{index}")
        _sub(_sub(style, "IconStyle"), "color", _kml_colour(colour))
        line = _sub(style, "LineStyle")
        _sub(line, "color", _kml_colour(colour))
        _sub(line, "width", "3")
        _sub(_sub(style, "PolyStyle"), "color", _kml_colour(colour, alpha="66"))
    for index, (label, colour) in enumerate(categories):
        folder = _sub(document, "Folder")
        _sub(folder, "name", label)
        for record in records:
            if (record.category, record.colour) != (label, colour):
                continue
            placemark = _sub(folder, "Placemark")
            _sub(placemark, "name", f"{record.number:02d} {record.title}")
            if record.description:
                # KML's description is HTML (Google Earth shows it so, even XML-escaped): the text escaped as HTML,
                # so a description that looks like markup is shown, never rendered. Names and data are plain text.
                _sub(placemark, "description", html.escape(record.description))
            _sub(placemark, "styleUrl", f"#categorie-{index}")
            data = _sub(placemark, "ExtendedData")
            for name, value in record.fields.items():
                if value is not None:
                    _sub(_sub(data, "Data", name=name), "value", str(value))
            _kml_geometry(placemark, record.shape)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


GPX = "http://www.topografix.com/GPX/1/1"


def gpx(map_, records):
    """Points as waypoints, lines as tracks; GPX has no areas, so zones are left out (the page says so)."""
    ET.register_namespace("", GPX)
    root = ET.Element(f"{{{GPX}}}gpx", version="1.1", creator="Voyette")
    _sub(_sub(root, "metadata", ns=GPX), "name", map_.name, ns=GPX)
    for record in records:
        if record.kind == "point":
            point = _sub(root, "wpt", ns=GPX, lat=f"{record.shape.y:.{PRECISION}f}",
                         lon=f"{record.shape.x:.{PRECISION}f}")
            _gpx_text(point, record)
    for record in records:
        if record.kind == "line":
            track = _sub(root, "trk", ns=GPX)
            _gpx_text(track, record)
            lines = record.shape.geoms if record.shape.geom_type.startswith("Multi") else [record.shape]
            for line in lines:
                segment = _sub(track, "trkseg", ns=GPX)
                for x, y in line.coords:
                    _sub(segment, "trkpt", ns=GPX, lat=f"{y:.{PRECISION}f}", lon=f"{x:.{PRECISION}f}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def umap(map_, records):
    """A uMap backup (`.umap`): the map's name, centre and zoom, and one layer per category in its colour, so that the
    legend comes back as uMap's layers; each feature is named « 05 Title »."""
    layers = []
    for label, colour in _categories(map_, records):
        features = [{"type": "Feature", "geometry": _rounded(geo.shape_to_dict(record.shape)),
                     "properties": {"name": f"{record.number:02d} {record.title}", "description": record.description,
                                    "numero": record.number}}
                    for record in records if (record.category, record.colour) == (label, colour)]
        layers.append({"type": "FeatureCollection", "features": features,
                       "_umap_options": {"name": label, "color": colour, "displayOnLoad": True, "browsable": True}})
    return json.dumps({"type": "umap", "uri": "",
                       "properties": {"name": map_.name, "description": map_.commune or "", "zoom": map_.zoom},
                       "geometry": {"type": "Point", "coordinates": [map_.center_lon, map_.center_lat]},
                       "layers": layers}, ensure_ascii=False).encode()


GEOPACKAGE_LAYERS = (("point", "points", "MultiPoint"), ("line", "lignes", "MultiLineString"),
                     ("polygon", "zones", "MultiPolygon"))


def geopackage(map_, records):
    """One layer per kind of shape (points, lignes, zones), in EPSG:4326, shapes made multi so that each layer has
    one geometry type."""
    with tempfile.TemporaryDirectory(prefix="voyette-export-") as folder:
        path = Path(folder) / "export.gpkg"
        written = False
        for kind, layer, geometry_type in GEOPACKAGE_LAYERS:
            chosen = [record for record in records if record.kind == kind]
            if not chosen:
                continue
            shapes = [_multi(record.shape) for record in chosen]
            columns = _columns(chosen)
            pyogrio.raw.write(str(path), shapely.to_wkb(shapes), columns, list(FIELD_NAMES), layer=layer,
                              driver="GPKG", geometry_type=geometry_type, crs="EPSG:4326", append=written)
            written = True
        if not written:  # an empty map still gives a valid GeoPackage, with an empty layer of points
            pyogrio.raw.write(str(path), numpy.array([], dtype=object), [numpy.array([], dtype="int64")],
                              ["numero"], layer="points", driver="GPKG", geometry_type="MultiPoint", crs="EPSG:4326")
        return path.read_bytes()


def _columns(chosen):
    """The attribute columns of FIELD_NAMES as GDAL wants them: integers, texts, and floats with NaN for none."""
    def values(name):
        return [record.fields[name] for record in chosen]
    texts = [numpy.array(values(name), dtype=object) for name in ("titre", "description", "categorie", "couleur")]
    measures = [numpy.array([numpy.nan if value is None else value for value in values(name)], dtype="float64")
                for name in ("surface_m2", "longueur_m", "precision_gps_m")]
    return [numpy.array(values("numero"), dtype="int64"), *texts, *measures]


def _categories(map_, records):
    """(label, colour) of the categories the records use, in the legend's order."""
    position = {category.label: index for index, category in enumerate(Category.of_map(map_.id))}
    used = dict.fromkeys((record.category, record.colour) for record in records)
    return sorted(used, key=lambda pair: position.get(pair[0], len(position)))


def _multi(shape):
    if shape.geom_type.startswith("Multi"):
        return shape
    return {"Point": shapely.MultiPoint, "LineString": shapely.MultiLineString,
            "Polygon": shapely.MultiPolygon}[shape.geom_type]([shape])


def _rounded(geometry):
    def walk(value):
        return [walk(v) for v in value] if isinstance(value, list) else round(value, PRECISION)
    return {**geometry, "coordinates": walk(geometry["coordinates"])}


def _sub(parent, tag, text=None, ns=KML, **attributes):
    element = ET.SubElement(parent, f"{{{ns}}}{tag}", attributes)
    if text is not None:
        element.text = xml_safe(text)  # ElementTree would write a stored control character into an unreadable file
    return element


def _kml_colour(colour, alpha="ff"):
    """#rrggbb as KML's aabbggrr."""
    red, green, blue = colour[1:3], colour[3:5], colour[5:7]
    return f"{alpha}{blue}{green}{red}".lower()


def _kml_geometry(parent, shape):
    kind = shape.geom_type
    if kind.startswith("Multi"):
        multi = _sub(parent, "MultiGeometry")
        for part in shape.geoms:
            _kml_geometry(multi, part)
    elif kind == "Point":
        _sub(_sub(parent, "Point"), "coordinates", _kml_coordinates([shape.coords[0]]))
    elif kind == "LineString":
        _sub(_sub(parent, "LineString"), "coordinates", _kml_coordinates(shape.coords))
    else:
        polygon = _sub(parent, "Polygon")
        _sub(_sub(_sub(polygon, "outerBoundaryIs"), "LinearRing"), "coordinates",
             _kml_coordinates(shape.exterior.coords))
        for hole in shape.interiors:
            _sub(_sub(_sub(polygon, "innerBoundaryIs"), "LinearRing"), "coordinates", _kml_coordinates(hole.coords))


def _kml_coordinates(points):
    return " ".join(f"{x:.{PRECISION}f},{y:.{PRECISION}f}" for x, y, *_ in points)


def _gpx_text(element, record):
    _sub(element, "name", f"{record.number:02d} {record.title}", ns=GPX)
    if record.description:
        _sub(element, "desc", record.description, ns=GPX)
    _sub(element, "type", record.category, ns=GPX)
