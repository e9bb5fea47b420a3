"""« Imprimer »: the choices in the panel, a preview, and the print as PDF or PNG."""
from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from slugify import slugify

from .. import geo
from ..documents import render
from ..loaders import id_number, with_map
from ..models import Category, Feature
from ..panel import render_in_panel
from .sheet import PAPERS, Options, make

bp = Blueprint("printing", __name__, url_prefix="/cartes/<int:map_id>/impression")

PREVIEW_DPI, PNG_DPI = 60, 200


@bp.get("")
@with_map()
def form(map_):
    return render_in_panel("printing/page.html", "printing/_form.html", map_, args={}, errors={},
                           categories=Category.of_map(map_.id), basemaps=current_app.config["BASEMAPS"],
                           papers=PAPERS)


@bp.get("/fichier")
@with_map()
def sheet(map_):
    """The print (`sortie`: pdf, png, or apercu for a small PNG shown in the panel)."""
    options, errors = _options(map_)
    output = request.args.get("sortie", "pdf")
    if errors or output not in ("pdf", "png", "apercu"):
        return render_in_panel("printing/page.html", "printing/_form.html", map_, args=request.args,
                               errors=errors or {"sortie": _("Choisissez PDF ou PNG.")},
                               categories=Category.of_map(map_.id), basemaps=current_app.config["BASEMAPS"],
                               papers=PAPERS, status=422)
    made = make(map_, options)
    pdf = render.pdf(render_template("printing/sheet.html", map=map_, sheet=made), made.page_css)
    if output == "pdf":
        return _file(pdf, "application/pdf", map_, options, "pdf")
    png = render.first_page_png(pdf, PREVIEW_DPI if output == "apercu" else PNG_DPI)
    return _file(png, "image/png", map_, options, "png", attached=output == "png")


def _options(map_):
    """The choices of the query string, each checked, and French messages for those that are wrong."""
    args, errors = request.args, {}
    paper = args.get("papier", "A4")
    if paper not in PAPERS:
        errors["papier"] = _("Choisissez A4 ou A3.")
    extent = None
    if args.get("etendue") == "vue":
        try:
            extent = geo.parse_bbox(args.get("bbox", ""))
        except ValueError:
            errors["etendue"] = _("La vue de la carte n'a pas été transmise : choisissez « Toute la carte ».")
    basemaps = {basemap["key"]: basemap for basemap in current_app.config["BASEMAPS"]}
    basemap = basemaps.get(args.get("fond", "")) if args.get("fond") != "aucun" else None
    if args.get("fond") not in (*basemaps, "aucun", None):
        errors["fond"] = _("Choisissez un fond de carte de la liste.")
    legend = {category.id for category in Category.of_map(map_.id)}
    ticked = frozenset(args.getlist("categorie", type=id_number)) & legend
    if "categorie" in args and not ticked:
        errors["categorie"] = _("Choisissez au moins une catégorie.")
    options = Options(paper, args.get("sens") == "paysage", extent, basemap, ticked or frozenset(legend))
    cap = current_app.config["PRINT_MAX_ITEMS"]
    # A print is drawn in memory, each item numbered: bounded whatever the map's size (and past this, unreadable).
    if not errors and Feature.more_in_view_than(map_, extent, sorted(options.category_ids), cap):
        errors["etendue"] = _("Cette impression montrerait plus de %(count)s éléments, trop pour les lire : "
                              "zoomez sur la partie à imprimer et choisissez « La vue actuelle de la carte », ou "
                              "moins de catégories.", count=format_decimal(cap))
    return options, errors


def _file(data, mimetype, map_, options, extension, attached=True):
    response = Response(data, mimetype=mimetype)
    if attached:
        name = slugify(map_.name, separator="_", lowercase=False, max_length=50) or "carte"
        orientation = "paysage" if options.landscape else "portrait"
        filename = f"Carte_{name}_{options.paper}_{orientation}.{extension}"
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
