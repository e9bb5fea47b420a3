"""« Exporter »: the form in the panel (format, categories), and the file it downloads."""
from flask import Blueprint, Response, current_app, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from slugify import slugify

from ..formats import csv, geojson, gpkg, gpx, kml, umap
from ..i18n import lazy_gettext as _l
from ..loaders import id_number, with_map
from ..models import Category, Feature
from ..panel import render_in_panel
from .records import collect, heading

bp = Blueprint("exports", __name__, url_prefix="/cartes/<int:map_id>/export")

# code (also the file's extension): how the format is offered in the form, (label, what it holds)
OFFERED = {
    "geojson": (_l("GeoJSON"), _l("tous les éléments, pour les logiciels de SIG et les sites web")),
    "csv": (_l("CSV (tableur)"), _l("une ligne par élément : latitude et longitude des points, forme en WKT")),
    "kml": (_l("KML"), _l("Google Earth, Google My Maps : un dossier et une couleur par catégorie")),
    "gpx": (_l("GPX"), _l("GPS et applications de randonnée : points et lignes seulement (pas les zones)")),
    "gpkg": (_l("GeoPackage"), _l("QGIS : une couche pour les points, les lignes et les zones")),
    "umap": (_l("uMap"), _l("s'ouvre dans uMap (« Importer » une sauvegarde), un calque par catégorie")),
}
# code: how its file is written, (media type, the module of its format)
WRITTEN = {
    "geojson": ("application/geo+json", geojson),
    "csv": ("text/csv", csv),  # Flask adds the charset of a text/* type
    "kml": ("application/vnd.google-earth.kml+xml", kml),
    "gpx": ("application/gpx+xml", gpx),
    "gpkg": ("application/geopackage+sqlite3", gpkg),
    "umap": ("application/json", umap),
}


@bp.get("")
@with_map()
def form(map_):
    """The export's form: GeoJSON, every category of the legend ticked."""
    return _form(map_, "geojson", [c.id for c in Category.of_map(map_.id)])


@bp.get("/telecharger")
@with_map()
def download(map_):
    """The map's items of the ticked categories in the chosen format; the form again, said why, when it cannot."""
    code, ticked = request.args.get("format", ""), request.args.getlist("categorie", type=id_number)
    legend = {c.id for c in Category.of_map(map_.id)}
    chosen, cap = sorted(set(ticked) & legend), current_app.config["EXPORT_MAX_ITEMS"]
    errors = {}
    if code not in WRITTEN:
        errors["format"] = _("Choisissez un format.")
    if not chosen:
        errors["categorie"] = _("Choisissez au moins une catégorie.")
    elif Feature.more_in_view_than(map_, None, chosen, cap):
        # The file is made in memory: its size, and the server's, stay bounded whatever the map's.
        errors["categorie"] = _("Ces catégories comptent plus de %(count)s éléments, ce qu'un export ne peut "
                                "contenir : cochez-en moins et exportez en plusieurs fois.", count=format_decimal(cap))
    if errors:
        return _form(map_, code, ticked, errors, status=422)
    mimetype, module = WRITTEN[code]
    response = Response(module.write(heading(map_), collect(map_, chosen)), mimetype=mimetype)
    name = slugify(map_.name, separator="_", lowercase=False, max_length=60) or "carte"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{code}"'
    return response


def _form(map_, chosen, ticked, errors=None, status=200):
    return render_in_panel("exports/page.html", "exports/_form.html", map_, formats=OFFERED, chosen=chosen,
                           ticked=set(ticked), categories=Category.of_map(map_.id), errors=errors or {}, status=status)
