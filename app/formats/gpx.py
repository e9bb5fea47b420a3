"""GPX (GPS devices and hiking apps): `read` the waypoints, routes and tracks through GDAL's GPX driver, `write`
points as waypoints and lines as tracks (GPX has no areas, so zones are left out; the export's page says so)."""
import xml.etree.ElementTree as ET

from . import gdal
from .writing import PRECISION, extra_fields, sub

DRIVERS = ("GPX",)
LAYERS = ("waypoints", "routes", "tracks")  # route_points and track_points repeat the same places
GPX = "http://www.topografix.com/GPX/1/1"
# GPX has no place for a fix's accuracy in metres nor for a walk: they go in `<extensions>`, in Voyette's namespace,
# which GDAL (QGIS) reads as fields named « voyette_<name> ».
VOYETTE, PREFIX = "https://voyette.fr/gpx/1", "voyette"


def read(data):
    """The items, with the fields of Voyette's extensions under their own names."""
    reading = gdal.read(data, "gpx", DRIVERS, layers_kept=LAYERS)
    ours = f"{PREFIX}_"
    reading.field_names = [name.removeprefix(ours) for name in reading.field_names]
    for found in reading.items:
        found.fields = {name.removeprefix(ours): value for name, value in found.fields.items()}
    return reading


def write(heading, records):
    """Points as waypoints, lines as tracks."""
    ET.register_namespace("", GPX)
    ET.register_namespace(PREFIX, VOYETTE)
    root = ET.Element(f"{{{GPX}}}gpx", version="1.1", creator="Voyette")
    _sub(_sub(root, "metadata"), "name", heading.name)
    for record in records:
        if record.kind == "point":
            point = _sub(root, "wpt", lat=f"{record.shape.y:.{PRECISION}f}", lon=f"{record.shape.x:.{PRECISION}f}")
            _text(point, record)
    for record in records:
        if record.kind == "line":
            track = _sub(root, "trk")
            _text(track, record)
            lines = record.shape.geoms if record.shape.geom_type.startswith("Multi") else [record.shape]
            for line in lines:
                segment = _sub(track, "trkseg")
                for x, y in line.coords:
                    _sub(segment, "trkpt", lat=f"{y:.{PRECISION}f}", lon=f"{x:.{PRECISION}f}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _sub(parent, tag, text=None, **attributes):
    return sub(parent, tag, text, ns=GPX, **attributes)


def _text(element, record):
    _sub(element, "name", f"{record.number:02d} {record.title}")
    if record.description:
        _sub(element, "desc", record.description)
    _sub(element, "type", record.category)
    extra = extra_fields(record)
    if extra:
        extensions = _sub(element, "extensions")  # GPX 1.1 wants it last in a wpt or trk
        for name, value in extra.items():
            sub(extensions, name, str(value), ns=VOYETTE)
