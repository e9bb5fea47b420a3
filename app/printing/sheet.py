"""A printed map: the paper, the extent, the basemap and the categories chosen, turned into what the page shows —
the figure on its basemap, the numbered legend of what it shows, and the notices (a basemap that could not be had)."""
from dataclasses import dataclass
from datetime import date

from flask import current_app

from .. import geo
from ..documents import figure
from ..i18n import lazy_gettext as _l
from ..models import Category, Feature
from . import legend, tiles

PAPERS = {"A4": (210, 297), "A3": (297, 420)}
MARGIN_MM, FOOT_MM = 10, 14  # the page's margins: the ERBM mention and the page number are in the foot
HEADER_MM = 22
MAP_GAP_MM = 4  # between the map and the legend


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
    figure_svg: object  # Markup, from figure.svg
    legend_pages: list  # legend.paged: the columns of each page, of what the figure shows only
    notices: list
    attribution: str
    made_on: date

    @property
    def figure(self):
        """The SVG for a template: `figure.svg` marks it safe, holding no typed text (see there)."""
        return self.figure_svg

    @property
    def page_css(self):
        size, margins = f"{self.width_mm}mm {self.height_mm}mm", f"{MARGIN_MM}mm {MARGIN_MM}mm {FOOT_MM}mm"
        return f"@page {{ size: {size}; margin: {margins}; }}"


def missing_tiles_notice(count):
    return _l("Le fond de carte n'a pas pu être chargé en entier (%(count)d tuiles manquantes) : la carte est "
              "imprimée sans lui là où il manque.", count=count)


@dataclass(frozen=True)
class Drawing:
    """The figure of a document's map and what goes with it: the items it shows, the SVG (Markup, from figure.svg),
    the notices (a basemap that could not be had) and the basemap's credit."""
    items: list
    svg: object
    notices: list
    attribution: str


def drawn(map_, options, width_mm, height_mm):
    """The figure of what `options` choose (extent, basemap, categories), `width_mm` × `height_mm` on paper: for the
    print and the communication kit's poster alike."""
    items = Feature.listed_in_view(map_, options.extent, sorted(options.category_ids))
    if options.extent:  # the database compares bounding boxes; what the view shows is decided on the shapes
        view = geo.box(*options.extent)
        items = [item for item in items if item.shape.intersects(view)]
    notices = []
    underlay = (tiles.Underlay(options.basemap, width_mm, current_app.config["PRINT_TILE_DIR"]) if options.basemap
                else None)
    shapes = [figure.Drawn(item.shape, item.number, item.category.colour) for item in items]
    svg = figure.svg(shapes, aspect=height_mm / width_mm, projection=figure.WebMercator, extent=options.extent,
                     backdrop=underlay)
    if underlay and underlay.missing:
        notices.append(missing_tiles_notice(underlay.missing))
    return Drawing(items, svg, notices, underlay.credit if underlay else "")


def make(map_, options):
    width, height = PAPERS[options.paper]
    if options.landscape:
        width, height = height, width
    inner_w, inner_h = width - 2 * MARGIN_MM, height - MARGIN_MM - FOOT_MM - HEADER_MM
    map_w, map_h = (inner_w * 0.7, inner_h) if options.landscape else (inner_w, inner_h * 0.62)
    drawing = drawn(map_, options, map_w, map_h)
    notices = drawing.notices
    # Under the map in portrait, beside it in landscape; every box keeps two lines for the credit, the last one
    # holding it.
    first = (legend.Box(inner_w - map_w - MAP_GAP_MM, inner_h) if options.landscape
             else legend.Box(inner_w, inner_h - map_h - MAP_GAP_MM))
    first = first.less(2 * legend.LINE_MM + sum(legend.notice_height(notice, first.width) for notice in notices))
    then = legend.Box(inner_w, height - MARGIN_MM - FOOT_MM - legend.CONTINUED_HEADING_MM - 2 * legend.LINE_MM)
    pages = legend.paged(figure.legend(Category.of_map(map_.id), drawing.items), first, then)
    return Sheet(width, height, round(map_w, 1), round(map_h, 1), drawing.svg, pages, notices, drawing.attribution,
                 date.today())
