"""A printed map: the paper, the extent, the basemap and the categories chosen, turned into what the page shows —
the figure on its basemap, the numbered legend of what it shows, and the notices (a basemap that could not be had)."""
from dataclasses import dataclass
from datetime import date

from flask import current_app
from markupsafe import Markup

from .. import geo
from ..documents import figure
from ..i18n import lazy_gettext as _l
from ..models import Category, Feature
from . import tiles

PAPERS = {"A4": (210, 297), "A3": (297, 420)}
MARGIN_MM = 10
HEADER_MM = 22


@dataclass(frozen=True)
class Options:
    paper: str  # a key of PAPERS
    landscape: bool
    extent: tuple | None  # (west, south, east, north) in lon/lat: the view; None: the whole map
    basemap: dict | None  # one of config BASEMAPS, or None for none
    category_ids: frozenset


@dataclass(frozen=True)
class Sheet:
    width_mm: float
    height_mm: float
    map_width_mm: float
    map_height_mm: float
    figure_svg: str
    legend: list  # (category, items) in the legend's order, only what the figure shows
    notices: list
    attribution: str
    made_on: date

    @property
    def figure(self):
        """The SVG for the template: made here from checked colours, numbers and the tiles' own bytes."""
        return Markup(self.figure_svg)

    @property
    def page_css(self):
        return f"@page {{ size: {self.width_mm}mm {self.height_mm}mm; margin: {MARGIN_MM}mm {MARGIN_MM}mm 14mm; }}"


def make(map_, options):
    width, height = PAPERS[options.paper]
    if options.landscape:
        width, height = height, width
    inner_w, inner_h = width - 2 * MARGIN_MM, height - MARGIN_MM - 14 - HEADER_MM
    map_w, map_h = (inner_w * 0.7, inner_h) if options.landscape else (inner_w, inner_h * 0.62)
    items = Feature.listed_in_view(map_, options.extent, sorted(options.category_ids))
    if options.extent:  # the database compares bounding boxes; what the view shows is decided on the shapes
        view = geo.box(*options.extent)
        items = [item for item in items if item.shape.intersects(view)]
    notices, missing = [], []

    def backdrop(frame):
        zoom = tiles.zoom_for(frame, map_w, options.basemap.get("max_zoom", 19))
        svg, lost = tiles.backdrop(options.basemap, zoom, frame, current_app.config["PRINT_TILE_DIR"])
        missing.append(lost)
        return svg

    drawn = [figure.Drawn(item.shape, item.number, item.category.colour) for item in items]
    svg = figure.svg(drawn, aspect=map_h / map_w, projection=figure.WebMercator, extent=options.extent,
                     backdrop=backdrop if options.basemap else None)
    if missing and missing[0]:
        notices.append(_l("Le fond de carte n'a pas pu être chargé en entier (%(count)d tuiles manquantes) : la carte "
                          "est imprimée sans lui là où il manque.", count=missing[0]))
    attribution = options.basemap["attribution"] if options.basemap and not (missing and missing[0]) else ""
    return Sheet(width, height, round(map_w, 1), round(map_h, 1), svg, figure.legend(Category.of_map(map_.id), items),
                 notices, attribution, date.today())
