"""The geometry of shared plots: cutting a zone into equal plots, and checking a hand-drawn plot.

Shapes come in and go out in lon/lat (EPSG:4326); every area and every cut is worked out in
Lambert-93 metres (EPSG:2154), where a square metre is a square metre.

A zone is cut by straight lines perpendicular to its long side (the long side of its minimum
rotated rectangle), so each household gets a strip running across the zone, as gardeners share
a parcel. On a concave zone (a U whose arms run along the cuts, an L cut diagonally) or across a
hole, a straight cut can leave one plot in two parts: that plot is kept as one MultiPolygon rather
than moved or merged, so the number of plots and their areas stay exactly as asked; the collective
may redraw it.
"""
import math
from itertools import pairwise
from numbers import Integral

import numpy
import shapely
from flask_babel import format_decimal
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon

from ..geo import from_lambert93, to_lambert93
from ..i18n import lazy_gettext as _l

# A collective shares a zone between a few households, a big one between a few dozen; past 50
# strips are too thin to garden and the request is more likely a typo.
PLOTS_MIN = 2
PLOTS_MAX = 50
# Under a square metre a plot is not a plot: the zone is too small, or the count a typo.
PLOT_MIN_M2 = 1.0
# Each cut stops when its plot is this close to its share (relative): far below what anyone can
# measure on the ground, and the sum of all errors stays far under the 0.5 % a gardener would notice.
CUT_AREA_TOLERANCE = 1e-9
# Bisection halves the search at each step: 200 steps go far past float precision on any zone,
# so the loop ends even if rounding keeps an area just outside the tolerance.
CUT_STEPS_MAX = 200
# The cutting strips reach this far past the zone on each side, so no edge of the zone lies on theirs.
STRIP_MARGIN_M = 1.0
# Hand drawing and snapping are imprecise: a plot may stick out of its zone, or into a neighbour,
# by this share of its own area or by this many square metres (a sliver along an edge), whichever is larger.
OVERSHOOT_SHARE = 0.005
OVERSHOOT_MIN_M2 = 0.05
_AREAL = ("Polygon", "MultiPolygon")


class SplitError(ValueError):
    """A zone that cannot be split as asked; its message is French, for the person who asked."""


def area_m2(shape):
    """The area of a lon/lat shape in square metres (0 for lines and points)."""
    return to_lambert93(shape).area


def split_equal(zone, count):
    """The zone cut into `count` plots of equal area, in order along its long side.

    Cuts are straight lines perpendicular to the long side of the zone's minimum rotated rectangle.
    Plots run from the west end of the long side to its east end (south to north when it runs due
    north–south). Each plot is a Polygon, or a MultiPolygon when a straight cut across a concave
    or holed zone leaves it in parts. Raises SplitError for a count outside 2–50, a zone that is not a valid
    surface, or plots that would be under a square metre.
    """
    _check_count(count)
    _check_zone(zone)
    projected = to_lambert93(zone)
    share = projected.area / count
    if share < PLOT_MIN_M2:
        raise SplitError(_l("La zone est trop petite pour %(count)d parcelles : chacune ferait moins de %(min)s m².",
                            count=count, min=_number(PLOT_MIN_M2, '#,##0.##')))
    along, across = _axes(projected)
    strips = _Strips(projected, along, across)
    cuts = [strips.start]
    for k in range(1, count):
        cuts.append(strips.cut_for(k * share, share, cuts[-1]))
    cuts.append(strips.end)
    return [_to_lon_lat(_polygonal(projected.intersection(strips.between(a, b)))) for a, b in pairwise(cuts)]


def check_plot(parent, plot, others=()):
    """French messages on what is wrong with a hand-drawn plot; an empty list when it is fine.

    The plot must be a valid surface inside its parent zone and must not overlap the other plots
    of that zone; `others` is an iterable of (title, shape) pairs, the title naming the plot in the
    message. Overshoots up to OVERSHOOT_SHARE of the plot or OVERSHOOT_MIN_M2 are let through.
    """
    if getattr(plot, "geom_type", None) not in _AREAL or plot.is_empty:
        return [_l("La parcelle doit être une zone : dessinez un polygone.")]
    if not plot.is_valid:
        return [_l("La parcelle n'est pas valide : redessinez-la sans que ses bords se croisent.")]
    projected = to_lambert93(plot)
    allowed = max(OVERSHOOT_SHARE * projected.area, OVERSHOOT_MIN_M2)
    errors = []
    outside = projected.difference(to_lambert93(parent)).area
    if outside > allowed:
        errors.append(_l("La parcelle dépasse de la zone dont elle fait partie (%(area)s en dehors).",
                         area=_square_metres(outside)))
    for title, shape in others:
        overlap = projected.intersection(to_lambert93(shape)).area
        if overlap > allowed:
            errors.append(_l("La parcelle chevauche « %(title)s » (%(area)s).",
                             title=title, area=_square_metres(overlap)))
    return errors


class _Strips:
    """Strips of a projected zone perpendicular to its long side, positioned by their distance along it."""

    def __init__(self, zone, along, across):
        self.zone, self.along, self.across = zone, along, across
        points = shapely.get_coordinates(zone)
        positions = points @ along
        offsets = points @ across
        self.start, self.end = positions.min() - STRIP_MARGIN_M, positions.max() + STRIP_MARGIN_M
        self.low, self.high = offsets.min() - STRIP_MARGIN_M, offsets.max() + STRIP_MARGIN_M

    def between(self, a, b):
        """The rectangle from position a to position b along the long side, wider than the zone."""
        corners = [(a, self.low), (b, self.low), (b, self.high), (a, self.high)]
        return Polygon([tuple(s * self.along + t * self.across) for s, t in corners])

    def cut_for(self, target, share, after):
        """Where to cut (past `after`) so the zone before the cut has `target` m², found by bisection."""
        low, high = after, self.end
        middle = (low + high) / 2
        for _step in range(CUT_STEPS_MAX):
            middle = (low + high) / 2
            area = self.zone.intersection(self.between(self.start, middle)).area
            if abs(area - target) <= CUT_AREA_TOLERANCE * share or middle in (low, high):
                break
            low, high = (middle, high) if area < target else (low, middle)
        return middle


def _check_count(count):
    """2 to 50 plots, a whole number."""
    if isinstance(count, bool) or not isinstance(count, Integral) or not PLOTS_MIN <= count <= PLOTS_MAX:
        raise SplitError(_l("Le nombre de parcelles doit être un nombre entier de %(min)d à %(max)d.",
                            min=PLOTS_MIN, max=PLOTS_MAX))


def _check_zone(zone):
    """A valid, non-empty surface; a line or a point has nothing to share."""
    if getattr(zone, "geom_type", None) not in _AREAL or zone.is_empty or zone.area == 0:
        raise SplitError(_l("La zone à partager doit être une surface : dessinez un polygone."))
    if not zone.is_valid:
        raise SplitError(_l("La zone à partager n'est pas valide : redessinez-la sans que ses bords se croisent."))


def _axes(projected):
    """Unit vectors along the long side of the minimum rotated rectangle and across it.

    The long side points east (north when it runs due north–south) so the plots come in a stable order;
    a square rectangle has no long side and takes its first edge. The rectangle is found on the zone
    moved next to (0, 0): at Lambert-93's millions of metres GEOS finds it 1e-4° off, enough to tilt a cut.
    """
    local = affinity.translate(projected, *-shapely.get_coordinates(projected)[0])
    corners = shapely.get_coordinates(shapely.oriented_envelope(local))
    first, second = corners[1] - corners[0], corners[2] - corners[1]
    side = second if math.hypot(*second) > math.hypot(*first) else first
    along = side / math.hypot(*side)
    if along[0] < 0 or (along[0] == 0 and along[1] < 0):
        along = -along
    return along, numpy.array((-along[1], along[0]))


def _polygonal(shape):
    """Only the surfaces of an overlay result: a cut through a vertex can add stray points or lines."""
    if shape.geom_type in _AREAL:
        return shape
    polygons = [part for part in shapely.get_parts(shape) if part.geom_type == "Polygon" and not part.is_empty]
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _to_lon_lat(shape):
    """A projected plot back in lon/lat, still valid after the round of reprojection."""
    shape = from_lambert93(shape)
    return shape if shape.is_valid else _polygonal(shapely.make_valid(shape))


def _square_metres(value):
    """12,3 m²: one decimal, because an overshoot just past the tolerance is well under a square metre
    (formatting.area rounds to whole square metres and would print « 0 m² »)."""
    return f"{_number(value, '#,##0.0')} m²"


def _number(value, pattern):
    """A number written the French way (comma decimal, thin space between thousands)."""
    return format_decimal(value, format=pattern)
