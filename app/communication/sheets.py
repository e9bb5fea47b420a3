"""The kit's two sheets, laid out before WeasyPrint runs: one page each, every box of a known height.

- The poster (A4 or A3, portrait): the map's name, the map on the first basemap with every item's number (the
  print's figure, `printing/sheet.drawn`), its numbered legend as far as it fits (`printing/legend.py`; what does not
  fit is counted: the QR code leads to the whole map), then a band with the QR code, what it opens, who runs the
  project and the State's mention.
- The flyer (A5): a few lines asking residents for their ideas, the QR code of a contribution link, the same names
  and mention.
"""
from dataclasses import dataclass
from datetime import date

from flask import current_app

from ..documents import figure, financing
from ..dossier import calls, facts
from ..i18n import lazy_gettext as _l
from ..models import Action, Category, Dossier
from ..models.action import COFUNDER_STATUSES
from ..printing import legend
from ..printing.sheet import PAPERS, Options, drawn
from . import qr

POSTERS = {"affiche-A4": "A4", "affiche-A3": "A3"}  # the form's value: the paper
FLYER = "flyer-A5"
SUPPORTS = {"affiche-A4": _l("Affiche A4"), "affiche-A3": _l("Affiche A3"),
            FLYER: _l("Flyer A5 : inviter les habitants à ajouter leurs idées")}

# The poster on A4, in mm; on A3 every length is √2 larger (the legend's type apart, which printing/legend.py sets).
MARGIN_MM, HEADER_MM, BAND_MM, GAP_MM = 12, 22, 54, 4
MAP_ASPECT = 0.6  # of the map's width: the demo's 18 items and their legend fit on A4
SLACK_MM = 2  # left under the legend, so that rounding never sends the band to a second page
QR_OF_BAND = 0.9  # the QR code's side, of the band's height
FLYER_MM, FLYER_MARGIN_MM, FLYER_QR_MM = (148, 210), 12, 56  # static/css/documents.css has its boxes' heights
PARTNERS_SHOWN = 8  # a poster names the first partners of the dossier's list; the band has room for no more


@dataclass(frozen=True)
class Names:
    """Who the sheet names, as the dossier has them: the holder (the map's collective until the dossier names one),
    its partners, and the co-funders that granted their share."""
    holder: str
    partners: list
    cofunders: list


@dataclass(frozen=True)
class Poster:
    paper: str
    width_mm: float
    height_mm: float
    scale: float  # of every length of the A4 layout
    map_width_mm: float
    map_height_mm: float
    legend_height_mm: float
    figure_svg: object  # Markup, from figure.svg
    columns: list  # the legend's columns that fit (legend.paged's first page)
    left_out: int  # the items the legend has no room for
    notices: list
    attribution: str
    target: object  # targets.Target
    qr: str  # data: URI
    names: Names
    made_on: date

    @property
    def figure(self):
        """The SVG for a template: `figure.svg` marks it safe, holding no typed text (see there)."""
        return self.figure_svg

    def mm(self, length):
        """A length of the A4 layout on this paper, in mm."""
        return round(length * self.scale, 1)

    @property
    def header_mm(self):
        return self.mm(HEADER_MM)

    @property
    def band_mm(self):
        return self.mm(BAND_MM)

    @property
    def gap_mm(self):
        return self.mm(GAP_MM)

    @property
    def qr_mm(self):
        return self.mm(BAND_MM * QR_OF_BAND)

    @property
    def page_css(self):
        return _page_css(self.width_mm, self.height_mm, self.mm(MARGIN_MM))


@dataclass(frozen=True)
class Flyer:
    target: object
    qr: str
    names: Names
    made_on: date
    qr_mm: float = FLYER_QR_MM

    @property
    def page_css(self):
        return _page_css(*FLYER_MM, FLYER_MARGIN_MM)


def _page_css(width, height, margin):
    """The sheet's page: its size and margins, no page number (one page) nor running mention (the band has it)."""
    return (f"@page {{ size: {width}mm {height}mm; margin: {margin}mm; @bottom-left {{ content: none }} "
            f"@bottom-right {{ content: none }} }}")


def names(map_):
    """Who the map's sheets name (`Names`), from its dossier and the budget lines of the actions in the project."""
    dossier = Dossier.of_map(map_)
    holder = dossier.holder_name or (map_.collective.name if map_.collective else "")
    partners = [line.strip() for line in (dossier.partners or "").splitlines() if line.strip()]
    actions = facts.in_project(Action.of_map(map_.id))
    plan_rows = financing.rows(actions, calls.of_dossier(dossier))
    granted = [each.name for each in financing.cofunders(plan_rows, facts.money(actions))
               if each.status == COFUNDER_STATUSES["acquis"] and each.name != financing.UNNAMED]
    cofunders = [name for name in dict.fromkeys(granted) if name not in partners]
    return Names(holder, partners[:PARTNERS_SHOWN], cofunders)


def poster(map_, support, target):
    """The poster on the paper of `support` (a key of POSTERS), its QR code opening `target`."""
    paper = POSTERS[support]
    width, height = PAPERS[paper]
    scale = width / PAPERS["A4"][0]
    inner_w = width - 2 * MARGIN_MM * scale
    inner_h = height - 2 * MARGIN_MM * scale
    map_w, map_h = inner_w, inner_w * MAP_ASPECT
    basemaps = current_app.config["BASEMAPS"]
    categories = Category.of_map(map_.id)
    drawing = drawn(map_, Options(paper, False, None, basemaps[0] if basemaps else None,
                                  frozenset(category.id for category in categories)), map_w, map_h)
    legend_h = inner_h - (HEADER_MM + BAND_MM + 2 * GAP_MM + SLACK_MM) * scale - map_h
    box = legend.Box(inner_w, legend_h).less(
        legend.LINE_MM + sum(legend.notice_height(notice, inner_w) for notice in drawing.notices))  # « … et N autres »
    pages = legend.paged(figure.legend(categories, drawing.items), box, box)
    left_out = sum(line.item is not None for page in pages[1:] for column in page for line in column)
    return Poster(paper, width, height, scale, round(map_w, 1), round(map_h, 1), round(legend_h, 1), drawing.svg,
                  pages[0], left_out, drawing.notices, drawing.attribution, target, qr.data_uri(target.url),
                  names(map_), date.today())


def flyer(map_, target):
    """The flyer, its QR code opening `target` (a contribution link)."""
    return Flyer(target, qr.data_uri(target.url), names(map_), date.today())
