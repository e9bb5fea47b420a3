"""The numbers of a document's map never hide each other, the scale bar or the north arrow, and each can be traced
to its item: computed from the SVG's geometry, as every document (annex, print, COPIL report, plot plan) draws it."""
import math
import xml.etree.ElementTree as ET

import pytest
from shapely.geometry import Point, box

from app.documents import figure

SVG = "{http://www.w3.org/2000/svg}"
HARNES = (2.906, 50.445)


def crowded_corner(count=30):
    """`count` points within 15 m of each other in the south-west corner of a 1 km square, and one at its
    north-east corner: the figure is fitted to the square, so the 30 numbers fight over the corner, where the scale
    bar is."""
    lon, lat = HARNES
    crowd = [figure.Drawn(Point(lon + (i % 6) * 0.00004, lat + (i // 6) * 0.00003), i + 1, "#c0392b")
             for i in range(count)]
    return [*crowd, figure.Drawn(Point(lon + 0.014, lat + 0.009), count + 1, "#2e86c1")]


def discs(svg):
    """(x, y, r) of every number's disc: the circles of the numbers' radius."""
    root = ET.fromstring(svg)
    return [(float(c.get("cx")), float(c.get("cy")), float(c.get("r"))) for c in root.iter(SVG + "circle")
            if float(c.get("r")) == figure.RADIUS]


def scale_box(svg):
    """The scale bar's light box: the rect 40 units high."""
    rect = next(r for r in ET.fromstring(svg).iter(SVG + "rect") if r.get("height") == "40")
    x, y = float(rect.get("x")), float(rect.get("y"))
    return box(x, y, x + float(rect.get("width")), y + 40)


@pytest.mark.parametrize("drawn_as", ["annex", "print"])
def test_thirty_numbers_crowded_into_a_corner_never_overlap_nor_cover_the_scale_bar(drawn_as):
    items = crowded_corner()
    lon, lat = HARNES  # the print: Web Mercator over the view the person chose, here the crowd's square
    svg = figure.svg(items) if drawn_as == "annex" else figure.svg(
        items, aspect=0.62, projection=figure.WebMercator, extent=(lon - 0.0005, lat - 0.0003, lon + 0.015, lat + 0.01))
    placed = discs(svg)
    assert len(placed) == 31
    for index, (x, y, r) in enumerate(placed):
        for other_x, other_y, other_r in placed[index + 1:]:
            assert math.hypot(x - other_x, y - other_y) >= r + other_r
    scale = scale_box(svg)
    assert all(Point(x, y).buffer(r).disjoint(scale) for x, y, r in placed)
    width, height = (float(v) for v in ET.fromstring(svg).get("viewBox").split()[2:])
    assert all(r <= x <= width - r and r <= y <= height - r for x, y, r in placed)


def test_a_number_moved_off_its_item_is_joined_to_it_by_a_leader_line():
    svg = figure.svg(crowded_corner())
    root = ET.fromstring(svg)
    leaders = [g for g in root.iter(SVG + "g") if g.get("class") == "leader"]
    assert leaders  # the crowd does not fit on its points
    centres = {(x, y) for x, y, _r in discs(svg)}
    for leader in leaders:
        start, end = leader.find(SVG + "path").get("d")[1:].split(" L")
        assert tuple(map(float, end.split(","))) in centres  # it ends on a disc…
        dot = leader.find(SVG + "circle")
        assert tuple(map(float, start.split(","))) == (float(dot.get("cx")), float(dot.get("cy")))  # from its item


def test_a_number_with_room_stays_on_its_item():
    lon, lat = HARNES
    # Top left and bottom right: the scale bar is bottom left, the north arrow top right.
    svg = figure.svg([figure.Drawn(Point(lon, lat + 0.006), 1, "#c0392b"),
                      figure.Drawn(Point(lon + 0.01, lat), 2, "#c0392b")])
    assert "leader" not in svg
    assert len(discs(svg)) == 2


def test_a_zones_number_is_set_outside_the_plots_it_is_split_into():
    lon, lat = HARNES
    zone = box(lon, lat, lon + 0.001, lat + 0.0006)
    halves = [box(lon, lat, lon + 0.0005, lat + 0.0006), box(lon + 0.0005, lat, lon + 0.001, lat + 0.0006)]
    plots = zone.intersection(halves[0]).union(zone.intersection(halves[1]))
    svg = figure.svg([figure.Drawn(zone, 1, "#8a8a8a", outside=plots),
                      *(figure.Drawn(half, n, "#27ae60") for n, half in enumerate(halves, start=2))])
    root = ET.fromstring(svg)
    numbers = [g for g in root.iter(SVG + "g") if g.get("class") == "number"]
    zone_disc = next(g.find(SVG + "circle") for g in numbers if g.find(SVG + "text").text == "01")
    frame = figure._Frame(figure.geo.to_lambert93(zone).bounds, figure.WIDTH, round(figure.WIDTH * 0.7))
    plots_drawn = frame.shape(figure.geo.to_lambert93(plots))
    centre = Point(float(zone_disc.get("cx")), float(zone_disc.get("cy")))
    assert centre.buffer(figure.RADIUS).disjoint(plots_drawn)
