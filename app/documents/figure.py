"""The map figure of the documents: the items in Lambert-93 as an SVG, each with its number in the colour of its
category, a scale bar and a north arrow. Vector, without basemap: sharp at any print size and made without network.
The numbers are placed by `labels`: on their item where there is room, else moved out with a leader line.
"""
import math
from dataclasses import dataclass
from typing import NamedTuple
from xml.sax.saxutils import escape

import shapely
from markupsafe import Markup
from shapely.geometry import Point

from .. import geo
from . import labels

WIDTH = 1000  # SVG units across; the height follows the figure's proportions
PADDING = 0.06  # of the drawing's size, around the items
RADIUS = 13  # of a number's circle, in SVG units
SCALE_LENGTHS = (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)  # m, the scale bar's round lengths


@dataclass(frozen=True)
class Drawn:
    """One item to draw: its shape (lon/lat), number and colour; `outside`, a lon/lat shape its number must not be
    set on (a zone's own plots, which carry their numbers)."""
    shape: object
    number: int
    colour: str
    outside: object = None


@dataclass(frozen=True)
class Overlay:
    """A line drawn over the items' shapes, numberless (a walk's route, `dashed` where it was not recorded)."""
    shape: object
    colour: str
    dashed: bool = False


def legend(categories, items):
    """(category, its items) in the legend's order, for the categories that have items: the numbered legend."""
    groups = [(category, [item for item in items if item.category_id == category.id]) for category in categories]
    return [(category, listed) for category, listed in groups if listed]


class Lambert93:
    """The documents' projection: true metres, where the figure's scale holds everywhere on a commune."""

    @staticmethod
    def project(shape):
        return geo.to_lambert93(shape)

    @staticmethod
    def metres_per_unit(_y):
        return 1.0


class WebMercator:
    """The basemap tiles' projection (EPSG:3857): a unit is a metre at the equator only, cos(latitude) here."""

    @staticmethod
    def project(shape):
        return geo.to_web_mercator(shape)

    @staticmethod
    def metres_per_unit(y):
        return math.cos(2 * math.atan(math.exp(y / 6378137.0)) - math.pi / 2)


def svg(items, aspect=0.7, projection=Lambert93, extent=None, backdrop=None, overlays=(), clip_id="frame"):
    """The figure of `items` (Drawn) as SVG markup, `aspect` high for 1 wide.

    `extent` (west, south, east, north in lon/lat) is the area shown, by default the items' and overlays' own;
    `backdrop(frame)` returns what is drawn under the items (the basemap's tiles, for a print); `overlays` (Overlay)
    are drawn over the items' shapes, under their numbers; `clip_id` names the figure's clip path, which must differ
    between the figures of one document.

    It is Markup, marked safe here and only here, because no text a person typed reaches it: it is made of numbers
    (coordinates, item numbers, sizes), this module's own French words, colours escaped as attributes (`_colour`;
    the legend's form lets only #rrggbb through anyway) and tile images as base64 of their bytes
    (`printing/tiles.backdrop`), and `clip_id`, a word the calling code chooses (« start », « end »), escaped all
    the same. Titles, labels and names stay in the legend beside it, escaped by Jinja.
    """
    return Markup(_svg(items, aspect, projection, extent, backdrop, overlays, escape(clip_id)))


def _svg(items, aspect, projection, extent, backdrop, overlays, clip_id="frame"):
    height = round(WIDTH * aspect)
    if not items and not overlays and extent is None:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="figure">'
                f'<text x="{WIDTH / 2}" y="{height / 2}" text-anchor="middle" font-size="28">'
                f'Aucun élément sur la carte</text></svg>')
    projected = [(projection.project(item.shape), item) for item in items]
    over = [(projection.project(overlay.shape), overlay) for overlay in overlays]
    shown = projection.project(geo.box(*extent)) if extent else shapely.GeometryCollection(
        [s for s, _ in projected + over])
    frame = _Frame(shown.bounds, WIDTH, height, projection, padding=0 if extent else PADDING)
    zones = [_path(shape, frame, item.colour, fill=True) for shape, item in projected
             if shape.geom_type in ("Polygon", "MultiPolygon")]
    lines = [_path(shape, frame, item.colour, fill=False) for shape, item in projected
             if shape.geom_type in ("LineString", "MultiLineString")]
    lines += [f'<g class="route">{_path(shape, frame, overlay.colour, fill=False, dashed=overlay.dashed)}</g>'
              for shape, overlay in over]
    scale = _ScaleBar.fitted(frame, height)
    numbers = _numbers(items, projection, frame, [scale.box, _north_box(frame)])
    under = backdrop(frame) if backdrop else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'viewBox="0 0 {WIDTH} {height}" class="figure" font-family="DejaVu Sans, sans-serif">'
            f'<clipPath id="{clip_id}"><rect width="{WIDTH}" height="{height}"/></clipPath>'
            f'<rect width="{WIDTH}" height="{height}" fill="#fbfaf6"/><g clip-path="url(#{clip_id})">{under}'
            f'{"".join(zones)}{"".join(lines)}{"".join(numbers)}</g>'
            f'<rect width="{WIDTH}" height="{height}" fill="none" stroke="#888"/>'
            f'{scale.svg()}{_north(frame)}</svg>')


class _Frame:
    """Projected units to SVG units: the bounds fitted in the box (with a margin), north up, same scale both ways."""

    def __init__(self, bounds, width, height, projection=Lambert93, padding=PADDING):
        west, south, east, north = bounds
        span_x, span_y = max(east - west, 30.0), max(north - south, 30.0)  # a lone point still gets 30 m around
        self.units_per_metre = min(width / (span_x * (1 + 2 * padding)), height / (span_y * (1 + 2 * padding)))
        self.centre = ((west + east) / 2, (south + north) / 2)
        self.size = (width, height)
        # For the scale bar: SVG units per true metre, where the figure's centre is.
        self.units_per_true_metre = self.units_per_metre / projection.metres_per_unit(self.centre[1])

    def __call__(self, x, y):
        return (round(self.size[0] / 2 + (x - self.centre[0]) * self.units_per_metre, 1),
                round(self.size[1] / 2 - (y - self.centre[1]) * self.units_per_metre, 1))

    def inverse(self, u, v):
        """SVG units back to projected units."""
        return (self.centre[0] + (u - self.size[0] / 2) / self.units_per_metre,
                self.centre[1] - (v - self.size[1] / 2) / self.units_per_metre)

    def shape(self, projected):
        """A projected shape in SVG units (y down)."""
        scale, middle = (self.units_per_metre, -self.units_per_metre), (self.size[0] / 2, self.size[1] / 2)
        return shapely.transform(projected, lambda xy: (xy - self.centre) * scale + middle)


def _rings(shape):
    """Every ring or line of a shape, as sequences of (x, y)."""
    if shape.geom_type.startswith("Multi"):
        return [ring for part in shape.geoms for ring in _rings(part)]
    if shape.geom_type == "Polygon":
        return [shape.exterior.coords, *(hole.coords for hole in shape.interiors)]
    return [shape.coords]


def _colour(value):
    """A colour as an attribute value, whatever it holds (the legend's form only lets #rrggbb through)."""
    return escape(value, {'"': "&quot;"})


def _path(shape, frame, colour, fill, dashed=False):
    colour = _colour(colour)
    d = " ".join("M" + " L".join(f"{x},{y}" for x, y in (frame(*point[:2]) for point in ring)) + (" Z" if fill else "")
                 for ring in _rings(shape))
    style = (f'fill="{colour}" fill-opacity="0.35" fill-rule="evenodd" stroke="{colour}" stroke-width="2.5"' if fill
             else f'fill="none" stroke="{colour}" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"')
    if dashed:
        style += ' stroke-dasharray="2 8"'
    return f'<path d="{d}" {style}/>'


def _numbers(items, projection, frame, obstacles):
    """Each item's number disc where `labels` sets it, leaders under discs; the items placed in numbers' order."""
    order = sorted(range(len(items)), key=lambda index: items[index].number)
    ordered = [items[index] for index in order]
    anchors = [frame(*_xy(projection.project(Point(geo.label_point(item.shape))))) for item in ordered]
    outside = {index: _covers(frame.shape(projection.project(item.outside))) for index, item in enumerate(ordered)
               if item.outside is not None}
    centres = labels.place(anchors, frame.size, RADIUS, obstacles, outside)
    drawn = [_number(anchor, centre, item) for anchor, centre, item in zip(anchors, centres, ordered, strict=True)]
    return [leader for leader, _disc in drawn] + [disc for _leader, disc in drawn]  # no leader over a disc


def _xy(point):
    return point.x, point.y


def _covers(area):
    """Whether a disc centred at (x, y) would lie on `area` (SVG units)."""
    shapely.prepare(area)
    return lambda x, y: area.intersects(Point(x, y).buffer(RADIUS, quad_segs=4))


def _number(anchor, centre, item):
    """The disc with its number, and, moved off its anchor, the leader line from a dot on the anchor to the disc."""
    colour = _colour(item.colour)
    (ax, ay), (x, y) = anchor, (round(centre[0], 1), round(centre[1], 1))
    leader = ""
    if math.hypot(x - ax, y - ay) > RADIUS:
        leader = (f'<g class="leader"><path d="M{ax},{ay} L{x},{y}" stroke="{colour}" stroke-width="1.5"/>'
                  f'<circle cx="{ax}" cy="{ay}" r="3.5" fill="{colour}" stroke="#fff" stroke-width="1"/></g>')
    return leader, (f'<g class="number"><circle class="disc" cx="{x}" cy="{y}" r="{RADIUS}" fill="{colour}" '
                    f'stroke="#fff" stroke-width="2"/><text x="{x}" y="{y + 4.5}" text-anchor="middle" font-size="13" '
                    f'font-weight="bold" fill="#fff">{item.number:02d}</text></g>')


class _ScaleBar(NamedTuple):
    """A round length close to a fifth of the figure's width, bottom left, on a light box numbers keep off."""
    x: float
    y: float
    length: float
    label: str

    @classmethod
    def fitted(cls, frame, height):
        metres = min(SCALE_LENGTHS, key=lambda length: abs(length * frame.units_per_true_metre - WIDTH / 5))
        label = f"{metres // 1000} km" if metres >= 1000 else f"{metres} m"
        return cls(24, height - 24, metres * frame.units_per_true_metre, label)

    @property
    def box(self):
        return labels.Box(self.x - 8, self.y - 30, self.x + self.length + 8, self.y + 10)

    def svg(self):
        x, y, length = self.x, self.y, self.length
        return (f'<g class="scale"><rect x="{x - 8}" y="{y - 30}" width="{length + 16}" height="40" fill="#fff" '
                f'fill-opacity="0.8"/><path d="M{x},{y - 8} V{y} H{x + length:.1f} V{y - 8}" fill="none" '
                f'stroke="#222" stroke-width="2.5"/><text x="{x + length / 2:.1f}" y="{y - 12}" text-anchor="middle" '
                f'font-size="16">{self.label}</text></g>')


def _north_tip(frame):
    return frame.size[0] - 40, 30


def _north_box(frame):
    x, y = _north_tip(frame)
    return labels.Box(x - 12, y - 2, x + 12, y + 52)


def _north(frame):
    x, y = _north_tip(frame)
    return (f'<g><path d="M{x},{y} l-11,30 l11,-8 l11,8 Z" fill="#222"/>'
            f'<text x="{x}" y="{y + 50}" text-anchor="middle" font-size="16" font-weight="bold">N</text></g>')
