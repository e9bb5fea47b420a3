"""What the annex says, gathered once for its PDF and its DOCX: the dossier and its call, the map figure with its
numbered legend, the call's topics with what each cites, the actions, the planning and the financing plan."""
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _

from ..dossier import calls, facts, planning
from ..models import Action, Category, Dossier, Feature
from ..printing import legend, tiles
from ..printing.sheet import missing_tiles_notice
from . import figure, financing

# The figure page of the annex, A4 portrait within documents.css's margins (16, 15 and 20 mm): the figure as wide as
# the text, 0.7 as high; under it the legend in the room left (its heading, the figure's heading and the credit out).
TEXT_MM = (180, 261)
FIGURE_ASPECT = 0.7
FIGURE_PAGE_TAKEN_MM = 12 + TEXT_MM[0] * FIGURE_ASPECT + 9  # « La carte sensible du projet », the figure, « Légende »


@dataclass(frozen=True)
class Topic:
    code: str
    title: object
    text: str
    actions: list
    items: list


@dataclass(frozen=True)
class Annex:
    map: object
    dossier: object
    actions: list  # those in the project, in their order
    topics: list
    legend: list  # (category, its items by number), in the legend's order
    legend_pages: list  # the same, laid out by printing/legend.py: as much as fits under the figure, then pages
    figure_svg: object  # Markup, from figure.svg
    money: object
    plan: dict
    plan_rows: list
    call: object  # the calls.Call the dossier answers: its name, its topics, its mention
    made_on: date
    figure_note: str | None = None  # why the figure shows only some items
    basemap_note: object = None  # tiles of the basemap that could not be had
    attribution: str = ""  # the basemap's, when drawn

    @property
    def figure(self):
        """The SVG for a template: `figure.svg` marks it safe, holding no typed text (see there)."""
        return self.figure_svg


def gather(map_, today=None):
    dossier = Dossier.of_map(map_)
    call = calls.of_dossier(dossier)
    every_action = Action.of_map(map_.id)
    actions = facts.in_project(every_action)
    cap = current_app.config["PRINT_MAX_ITEMS"]
    # Like a print, a figure holds at most `cap` numbered items: past it, those the annex cites (bounded by its text).
    crowded = Feature.more_in_view_than(map_, None, None, cap)
    cited = {number for code in call.annex_topics for number in dossier.cited(code, "items")}
    items = Feature.live_by_numbers(map_.id, cited) if crowded else Feature.listed(map_.id)[0]
    figure_note = _("La carte compte plus de %(count)s éléments : la figure et sa légende montrent ceux que "
                    "l'annexe cite.", count=format_decimal(cap)) if crowded else None
    by_number, by_id = {item.number: item for item in items}, {action.id: action for action in every_action}
    topics = [Topic(code, title, (dossier.annex or {}).get(code, ""),
                    [by_id[i] for i in dossier.cited(code, "actions") if i in by_id],
                    [by_number[n] for n in dossier.cited(code, "items") if n in by_number])
              for code, title in call.annex_topics.items()]
    drawn = [figure.Drawn(item.shape, item.number, item.category.colour) for item in items]
    basemaps = current_app.config["BASEMAPS"]
    underlay = tiles.Underlay(basemaps[0], TEXT_MM[0], current_app.config["PRINT_TILE_DIR"]) if basemaps else None
    svg = figure.svg(drawn, aspect=FIGURE_ASPECT, projection=figure.WebMercator, backdrop=underlay)
    ordered = figure.legend(Category.of_map(map_.id), items)
    money, today = facts.money(actions), today or date.today()
    return Annex(map_, dossier, actions, topics, ordered, _legend_pages(ordered, figure_note), svg,
                 money, planning.plan(actions, dossier.notified_on, call, today), financing.rows(actions, call), call,
                 today,
                 figure_note, missing_tiles_notice(underlay.missing) if underlay and underlay.missing else None,
                 underlay.credit if underlay else "")


def _legend_pages(ordered, figure_note):
    credit = 2 * legend.LINE_MM
    note = legend.notice_height(figure_note, TEXT_MM[0]) if figure_note else 0
    first = legend.Box(TEXT_MM[0], TEXT_MM[1] - FIGURE_PAGE_TAKEN_MM - credit - note)
    then = legend.Box(TEXT_MM[0], TEXT_MM[1] - legend.CONTINUED_HEADING_MM - credit)
    return legend.paged(ordered, first, then)
