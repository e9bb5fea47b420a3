"""Cutting a zone into equal plots and checking hand-drawn plots (app/plots/split.py).

Zones are drawn in Lambert-93 metres near Harnes, then turned into lon/lat, so their sizes are known.
"""
import math

import pytest
import shapely
from shapely import affinity
from shapely.geometry import LineString, Point, Polygon, box

from app.geo import from_lambert93, to_lambert93
from app.plots.split import SplitError, area_m2, check_plot, split_equal

X, Y = 689000, 7043000  # Harnes, in Lambert-93 metres
LONG_SIDE_DEGREES = 30


def in_metres(*corners):
    """A polygon from corners given in metres east and north of (X, Y)."""
    return Polygon([(X + dx, Y + dy) for dx, dy in corners])


def squares(west, south, east, north):
    """A rectangle in metres from (X, Y), as lon/lat."""
    return from_lambert93(box(X + west, Y + south, X + east, Y + north))


def wavy_parcel():
    """An irregular parcel of 240 vertices, about 40 m across, its edge waving in and out."""
    steps = 240
    return Polygon([(X + (20 + 3 * math.sin(5 * a)) * math.cos(a), Y + (14 + 2 * math.cos(3 * a)) * math.sin(a))
                    for a in (2 * math.pi * i / steps for i in range(steps))])


ZONES = {
    "rotated rectangle": affinity.rotate(box(X, Y, X + 40, Y + 12), LONG_SIDE_DEGREES, origin=(X, Y)),
    "L": in_metres((0, 0), (40, 0), (40, 10), (10, 10), (10, 30), (0, 30)),
    "U": in_metres((0, 0), (12, 0), (12, 40), (8, 40), (8, 6), (4, 6), (4, 40), (0, 40)),
    "square with a hole": box(X, Y, X + 30, Y + 30).difference(box(X + 10, Y + 10, X + 20, Y + 20)),
    "many vertices": wavy_parcel(),
}


@pytest.mark.parametrize("count", [2, 3, 5, 7])
@pytest.mark.parametrize("name", ZONES)
def test_pieces_have_equal_areas_and_tile_the_zone(name, count):
    zone = from_lambert93(ZONES[name])
    total = area_m2(zone)
    pieces = split_equal(zone, count)

    assert len(pieces) == count
    assert all(piece.is_valid and piece.geom_type in ("Polygon", "MultiPolygon") for piece in pieces)
    for piece in pieces:
        assert area_m2(piece) == pytest.approx(total / count, rel=1e-6)
    assert sum(area_m2(piece) for piece in pieces) == pytest.approx(total, rel=1e-6)
    for i, piece in enumerate(pieces):
        for other in pieces[i + 1:]:
            assert area_m2(piece.intersection(other)) < 1e-6
    assert area_m2(shapely.union_all(pieces).symmetric_difference(zone)) < 1e-6 * total


@pytest.mark.parametrize("count", [2, 3, 5, 7])
def test_a_rotated_rectangle_is_cut_across_its_long_side(count):
    pieces = split_equal(from_lambert93(ZONES["rotated rectangle"]), count)
    width = 40 / count
    assert len(pieces) == count
    for piece in pieces:
        # Moved next to (0, 0): GEOS finds the rectangle of a shape at Lambert-93's millions of metres 1e-4° off.
        projected = affinity.translate(to_lambert93(piece), -X, -Y)
        corners = shapely.get_coordinates(projected.minimum_rotated_rectangle)
        sides = [corners[i + 1] - corners[i] for i in range(2)]
        assert projected.area == pytest.approx(projected.minimum_rotated_rectangle.area, rel=1e-6)  # a rectangle
        assert sorted(math.hypot(*side) for side in sides) == pytest.approx(sorted((12, width)), rel=1e-6)
        along = next(side for side in sides if math.isclose(math.hypot(*side), width, rel_tol=1e-6))
        # Its width runs along the zone's long side (30° from east), whichever way round.
        assert math.degrees(math.atan2(along[1], along[0])) % 180 == pytest.approx(LONG_SIDE_DEGREES, abs=1e-6)


def test_pieces_come_in_order_along_the_long_side():
    pieces = split_equal(from_lambert93(ZONES["rotated rectangle"]), 5)
    direction = (math.cos(math.radians(LONG_SIDE_DEGREES)), math.sin(math.radians(LONG_SIDE_DEGREES)))
    positions = [to_lambert93(piece).centroid.x * direction[0] + to_lambert93(piece).centroid.y * direction[1]
                 for piece in pieces]
    assert positions == sorted(positions)
    assert positions[-1] - positions[0] == pytest.approx(40 * 4 / 5, rel=1e-6)


def test_a_straight_cut_across_both_arms_of_a_u_keeps_the_plot_in_two_parts():
    pieces = split_equal(from_lambert93(ZONES["U"]), 5)
    # The U is 40 m tall, so the cuts run east–west; above its 6 m base each plot takes a bit of both arms.
    assert pieces[-1].geom_type == "MultiPolygon" and len(pieces[-1].geoms) == 2
    assert pieces[0].geom_type == "Polygon"


@pytest.mark.parametrize("count", [1, 51, 0, -3, 2.5, True, "3"])
def test_a_count_outside_2_to_50_is_refused(count):
    with pytest.raises(SplitError, match="de 2 à 50"):
        split_equal(squares(0, 0, 20, 20), count)


@pytest.mark.parametrize("zone", [
    from_lambert93(LineString([(X, Y), (X + 40, Y)])),
    from_lambert93(Point(X, Y)),
    Polygon(),
    None,
])
def test_a_zone_that_is_not_a_surface_is_refused(zone):
    with pytest.raises(SplitError, match="surface"):
        split_equal(zone, 3)


def test_a_self_crossing_zone_is_refused():
    bowtie = from_lambert93(in_metres((0, 0), (20, 20), (20, 0), (0, 20)))
    with pytest.raises(SplitError, match="pas valide"):
        split_equal(bowtie, 3)


def test_a_square_metre_cannot_be_shared_by_five():
    with pytest.raises(SplitError) as refused:
        split_equal(squares(0, 0, 1, 1), 5)
    assert str(refused.value) == "La zone est trop petite pour 5 parcelles : chacune ferait moins de 1 m²."


def test_area_in_square_metres():
    assert area_m2(squares(0, 0, 40, 12)) == pytest.approx(480, rel=1e-6)
    assert area_m2(from_lambert93(LineString([(X, Y), (X + 40, Y)]))) == 0


ZONE = squares(0, 0, 20, 20)


def test_a_plot_inside_its_zone_is_fine():
    assert check_plot(ZONE, squares(2, 2, 10, 10), [("Chez Léa", squares(10, 2, 18, 10))]) == []


def test_a_plot_sticking_out_says_by_how_much():
    errors = check_plot(ZONE, squares(12, 0, 24.1, 3))
    assert [str(e) for e in errors] == ["La parcelle dépasse de la zone dont elle fait partie (12,3 m² en dehors)."]


def test_a_plot_overlapping_a_sibling_names_it():
    siblings = [("Chez Léa", squares(10, 0, 13.4, 3)), ("Au fond", squares(0, 10, 20, 20))]
    errors = check_plot(ZONE, squares(12, 0, 20, 3), siblings)
    assert [str(e) for e in errors] == ["La parcelle chevauche « Chez Léa » (4,2 m²)."]


@pytest.mark.parametrize("plot", [
    squares(10, 10, 20.01, 20),   # 0.1 m² out of 100 m²: within 0.5 % of the plot
    squares(19, 10, 20.04, 11),   # 0.04 m² out of a 1 m² plot: within the 0.05 m² any edge may be off by
], ids=["share of the plot", "sliver"])
def test_an_overshoot_within_the_drawing_tolerance_is_let_through(plot):
    assert check_plot(ZONE, plot, [("Voisin", squares(0, 0, 10, 10)), ("Derrière", squares(20, 10, 30, 20))]) == []


def test_a_plot_must_be_a_surface():
    errors = check_plot(ZONE, from_lambert93(LineString([(X, Y), (X + 10, Y)])))
    assert [str(e) for e in errors] == ["La parcelle doit être une zone : dessinez un polygone."]


def test_plots_from_a_split_pass_the_check_against_each_other():
    zone = from_lambert93(ZONES["U"])
    pieces = split_equal(zone, 7)
    assert len(pieces) == 7
    for i, piece in enumerate(pieces):
        others = [(f"Parcelle {j + 1}", other) for j, other in enumerate(pieces) if j != i]
        assert check_plot(zone, piece, others) == []
