"""Geometry checks and measures (app/geo.py)."""
import json
import math

import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon

from app import geo

TO_WGS84 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


def square_in_lambert93(x, y, side):
    """A square drawn in Lambert-93 metres, returned as lon/lat GeoJSON."""
    ring = [TO_WGS84.transform(x + dx, y + dy) for dx, dy in ((0, 0), (side, 0), (side, side), (0, side), (0, 0))]
    return {"type": "Polygon", "coordinates": [ring]}


def test_area_of_a_hectare_square_near_harnes_is_10000_m2():
    checked = geo.parse_geometry(json.dumps(square_in_lambert93(689000, 7043000, 100)))
    assert geo.measure(checked.shape)["area_m2"] == pytest.approx(10000, rel=1e-6)


def test_length_of_a_line_in_metres():
    start, end = TO_WGS84.transform(689000, 7043000), TO_WGS84.transform(689300, 7043400)
    checked = geo.parse_geometry({"type": "LineString", "coordinates": [start, end]})
    assert geo.measure(checked.shape)["length_m"] == pytest.approx(500, rel=1e-6)
    assert geo.measure(geo.parse_geometry({"type": "Point", "coordinates": start}).shape) == {}


def test_unclosed_ring_is_closed_and_the_user_told():
    checked = geo.parse_geometry({"type": "Polygon", "coordinates": [[[2.89, 50.44], [2.891, 50.44], [2.891, 50.441]]]})
    assert checked.shape.is_valid and checked.shape.exterior.is_closed
    assert "refermée" in str(checked.notices[0])


@pytest.mark.parametrize("geometry, message", [
    ("not json", "illisible"),
    ({"type": "Polygon",
      "coordinates": [[[2.89, 50.44], [2.891, 50.441], [2.891, 50.44], [2.89, 50.441], [2.89, 50.44]]]},
     "se recoupe"),
    ({"type": "Polygon", "coordinates": [[[2.89, 50.44], [2.891, 50.44], [2.89, 50.44]]]}, "trois points"),
    ({"type": "MultiLineString", "coordinates": [[[2.89, 50.44], [2.891, 50.44]], []]}, "deux points"),  # empty part
    ({"type": "LineString", "coordinates": [[2.89, 50.44]]}, "deux points"),
    ({"type": "LineString", "coordinates": [[2.89, 50.44], [2.89, 50.44]]}, "deux points"),
    ({"type": "Point", "coordinates": [200, 50.44]}, "hors limites"),
    ({"type": "Point", "coordinates": [2.89, -91]}, "hors limites"),
    ('{"type": "Point", "coordinates": [NaN, 50.44]}', "pas un nombre"),
    ({"type": "Point", "coordinates": ["2.89", 50.44]}, "pas un nombre"),
    ({"type": "GeometryCollection", "geometries": []}, "pas pris en charge"),
    ({"type": "Point"}, "illisible"),
])
def test_invalid_geometries_are_refused_with_a_french_reason(geometry, message):
    with pytest.raises(geo.GeometryError, match=message):
        geo.parse_geometry(geometry if isinstance(geometry, str) else json.dumps(geometry))


def test_repeated_vertices_are_dropped_and_3d_flattened():
    checked = geo.parse_geometry({"type": "LineString",
                                  "coordinates": [[2.89, 50.44, 30], [2.89, 50.44, 30], [2.9, 50.45, 31]]})
    assert list(checked.shape.coords) == [(2.89, 50.44), (2.9, 50.45)]


def test_zone_with_a_hole_is_kept():
    outer = [[2.89, 50.44], [2.9, 50.44], [2.9, 50.45], [2.89, 50.45], [2.89, 50.44]]
    hole = [[2.892, 50.442], [2.894, 50.442], [2.894, 50.444], [2.892, 50.442]]
    shape = geo.parse_geometry({"type": "Polygon", "coordinates": [outer, hole]}).shape
    assert len(shape.interiors) == 1 and geo.kind_of(shape) == "polygon"


def test_label_point_lies_inside_a_concave_zone():
    u_shape = Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])
    lon, lat = geo.label_point(u_shape)
    assert u_shape.contains(Polygon([(lon - 1e-3, lat - 1e-3), (lon + 1e-3, lat - 1e-3), (lon, lat + 1e-3)]))


@pytest.mark.parametrize("text", ["", "1,2,3", "a,b,c,d", "3,0,1,1", "1,2,nan,4", "1,2,3,4,5"])
def test_bbox_must_be_four_ordered_numbers(text):
    with pytest.raises(ValueError, match="quatre nombres"):
        geo.parse_bbox(text)


def test_bbox_is_clamped_to_the_world():
    assert geo.parse_bbox("-200,-95,2.9,50.4") == (-180.0, -90.0, 2.9, 50.4)
    assert not any(math.isnan(v) for v in geo.parse_bbox("2.88,50.44,2.9,50.45"))


def many_shapes():
    """Shapes as a file brings them: fine ones, and ones parse_geometry refuses or repairs."""
    lon, lat = 2.906, 50.445
    square = [(lon, lat), (lon + 0.001, lat), (lon + 0.001, lat + 0.001), (lon, lat + 0.001), (lon, lat)]
    hole = [(lon + 0.0003, lat + 0.0003), (lon + 0.0006, lat + 0.0003), (lon + 0.0006, lat + 0.0006),
            (lon + 0.0003, lat + 0.0003)]
    return {
        "point": shapely.Point(lon, lat), "3d point": shapely.Point(lon, lat, 12.0),
        "line": shapely.LineString([(lon, lat), (lon, lat), (lon + 0.001, lat)]),
        "zone": shapely.Polygon(square), "zone with a hole": shapely.Polygon(square, [hole]),
        "zones": shapely.MultiPolygon([shapely.Polygon(square),
                                       shapely.Polygon([(x + 0.01, y) for x, y in square])]),
        "repeated vertices": shapely.Polygon([square[0], *square]),
        "bowtie": shapely.Polygon([(lon, lat), (lon + 0.001, lat + 0.001), (lon + 0.001, lat), (lon, lat + 0.001)]),
        "flat zone": shapely.Polygon([(lon, lat), (lon + 0.001, lat), (lon + 0.002, lat), (lon, lat)]),
        "one-place line": shapely.LineString([(lon, lat), (lon, lat)]),
        "off the world": shapely.Point(200, lat), "not a number": shapely.Point(float("nan"), lat),
        "empty": shapely.Polygon(), "collection": shapely.GeometryCollection([shapely.Point(lon, lat)]),
        "too many positions": shapely.LineString([(lon + i * 1e-6, lat) for i in range(geo.POSITIONS_MAX + 1)]),
        "none": None,
    }


def test_many_shapes_checked_together_obey_the_rules_of_one_drawn_shape():
    """What `checked_many` keeps is what parse_geometry returns; what it leaves, parse_geometry refuses."""
    shapes = many_shapes()
    together = dict(zip(shapes, geo.checked_many(list(shapes.values())), strict=True))
    for name, shape in shapes.items():
        try:
            alone = geo.parse_geometry(json.loads(shapely.to_geojson(shape))).shape if shape is not None else None
        except (geo.GeometryError, TypeError):
            alone = None
        if together[name] is not None:
            assert alone is not None and together[name].equals_exact(alone, 0), name
        if name in ("point", "3d point", "line", "zone", "zone with a hole", "zones", "repeated vertices"):
            assert together[name] is not None and not together[name].has_z, name
        else:
            assert together[name] is None, name


def test_a_place_s_pixel_is_leaflet_s_and_comes_back_to_the_place():
    assert geo.to_pixel(0, 0, 0) == (128, 128)
    assert geo.to_pixel(-180, geo.MERCATOR_LAT_MAX, 1) == pytest.approx((0, 0), abs=1e-6)
    x, y = geo.to_pixel(2.906, 50.445, 17)
    assert geo.from_pixel(x, y, 17) == pytest.approx((2.906, 50.445), abs=1e-9)


def test_the_zoom_fitting_a_view_is_the_highest_at_which_it_fits():
    view = (2.85, 50.41, 2.96, 50.48)  # about 8 km × 8 km
    zoom = geo.zoom_fitting(view, 1536)
    (left, top), (right, bottom) = geo.to_pixel(2.85, 50.48, zoom), geo.to_pixel(2.96, 50.41, zoom)
    assert max(right - left, bottom - top) <= 1536 < max(right - left, bottom - top) * 2
