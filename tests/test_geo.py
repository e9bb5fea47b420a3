"""Geometry checks and measures (app/geo.py)."""
import json
import math

import pytest
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
