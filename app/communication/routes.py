"""« Kit de communication »: the page where a member chooses the poster (A4, A3) or the flyer and what its QR code
opens, and the PDF it makes, rendered as the other documents are (`documents/render.py`)."""
from flask import Blueprint, current_app, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _

from ..access import EDIT, access_to
from ..documents import render
from ..documents.routes import download, file_name
from ..loaders import with_map
from ..models import Dossier, Feature
from . import qr, sheets, targets

bp = Blueprint("communication", __name__, url_prefix="/cartes/<int:map_id>/communication")

STEMS = {"affiche-A4": "Affiche_A4", "affiche-A3": "Affiche_A3", sheets.FLYER: "Flyer"}


@bp.get("")
@with_map(EDIT)
def kit(map_):
    return _page(map_, {})


@bp.get("/fichier")
@with_map(EDIT)
def sheet(map_):
    """The chosen sheet as PDF, or the page again with what is wrong said beside its choice."""
    support, target, errors = _choice(map_)
    if errors:
        return _page(map_, errors, 422)
    if support == sheets.FLYER:
        made, template = sheets.flyer(map_, target), "communication/flyer.html"
    else:
        made, template = sheets.poster(map_, support, target), "communication/poster.html"
    pdf = render.pdf(render_template(template, map=map_, sheet=made), made.page_css)
    return download(pdf, file_name(STEMS[support], map_, Dossier.of_map(map_), "pdf"), "pdf")


def _choice(map_):
    """(support, target, {field: French message}) from the query string."""
    support, key, errors = request.args.get("support", ""), request.args.get("lien", ""), {}
    target = targets.chosen(map_, key)
    if support not in sheets.SUPPORTS:
        errors["support"] = _("Choisissez une affiche A4, une affiche A3 ou le flyer.")
    if target is None:
        errors["lien"] = _("Choisissez ce que le QR code ouvre, parmi les liens proposés.")
    elif support == sheets.FLYER and not target.invites:
        errors["lien"] = _("Le flyer invite les habitants à ajouter leurs idées : choisissez un lien de contribution.")
    cap = current_app.config["PRINT_MAX_ITEMS"]
    # The poster draws every item with its number, as a print does: bounded whatever the map's size.
    if support in sheets.POSTERS and Feature.more_in_view_than(map_, None, None, cap):
        errors["support"] = _("La carte compte plus de %(count)s éléments, trop pour une affiche lisible : faites le "
                              "flyer, ou imprimez une partie de la carte avec « Imprimer ».", count=format_decimal(cap))
    return support, target, errors


def _page(map_, errors, status=200):
    offered = targets.offered(map_)
    codes = {target.key: qr.data_uri(target.url) for target in offered}
    chosen = {"support": request.args.get("support", next(iter(sheets.SUPPORTS))),
              "lien": request.args.get("lien", offered[0].key if offered else "")}
    page = render_template("communication/kit.html", map=map_, chosen=chosen, errors=errors, targets=offered,
                           codes=codes, supports=sheets.SUPPORTS, names=sheets.names(map_),
                           invites=any(target.invites for target in offered), local_address=targets.local_address(),
                           can_admin=access_to(map_).can_admin)
    # The page holds the links' secret addresses: no copy of it stays in a shared tablet's service worker.
    return page, status, {"Cache-Control": "private, no-store"}
