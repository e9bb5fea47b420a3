"""« Importer »: choose a file, see what it holds and how it will be read, then import every item or none."""
from collections import Counter
from functools import wraps

from flask import Blueprint, request
from flask_babel import gettext as _

from ..access import EDIT, MANAGE, access_to
from ..authorship import current_author
from ..extensions import db
from ..loaders import with_map
from ..models import Category, Parcel
from ..panel import FEATURES_CHANGED, render_in_panel
from .kept import forget, keep, kept
from .reading import ACCEPTED, ImportError_, read
from .saving import Choices, is_cadastre, missing_categories, new_categories, parcel_rows, plan, write

bp = Blueprint("imports", __name__, url_prefix="/cartes/<int:map_id>/import")

TITLE_NAMES = ("titre", "title", "name", "nom", "libelle", "label")
DESCRIPTION_NAMES = ("description", "desc", "descriptio", "commentaire", "comment", "notes")
# A uMap layer and a KML folder are usually a category (Voyette's exports write one per category).
CATEGORY_NAMES = ("categorie", "catégorie", "category", "calque", "layer", "dossier")


@bp.get("")
@with_map(EDIT)
def form(map_):
    return _in_panel(map_, "imports/_upload.html", error=None)


@bp.post("")
@with_map(EDIT)
def preview(map_):
    """Read the file and show what it holds and how it will be imported; nothing is written yet."""
    upload = request.files.get("fichier")
    if upload is None or not upload.filename:
        return _in_panel(map_, "imports/_upload.html", error=_("Choisissez un fichier."), status=422)
    try:
        source = read(upload.read(), upload.filename)
    except ImportError_ as error:
        return _in_panel(map_, "imports/_upload.html", error=str(error), status=422)
    return _preview(map_, source, keep(source, map_.id), upload.filename, _guessed_choices(map_, source))


def _with_kept_reading(view):
    """What the preview read (its token is in the form), for `view(map_, token, source)`: the file is never read
    again; once the reading is gone, the upload form again with a message."""
    @wraps(view)
    def wrapped(map_):
        token = request.form.get("jeton", "")
        source = kept(token, map_.id)
        if source is None:
            return _in_panel(map_, "imports/_upload.html", status=422,
                             error=_("Ce fichier n'est plus disponible : choisissez-le de nouveau."))
        return view(map_, token, source)
    return wrapped


@bp.post("/apercu")
@with_map(EDIT)
@_with_kept_reading
def repreview(map_, token, source):
    """The preview again, read with the choices just made (title, description, category)."""
    choices = _chosen_choices(map_, source) or _guessed_choices(map_, source)
    return _preview(map_, source, token, None, choices)


@bp.post("/confirmer")
@with_map(EDIT)
@_with_kept_reading
def confirm(map_, token, source):
    """Import every item the preview showed, in one transaction: all of them, or none if anything fails."""
    if request.form.get("reference") == "1" and is_cadastre(source):
        return _import_reference_layer(map_, source, token)
    choices = _chosen_choices(map_, source)
    if choices is None:
        return _preview(map_, source, token, None, _guessed_choices(map_, source), status=422)
    planned, left_out = plan(source, choices, Category.of_map(map_.id))
    try:
        created = write(map_, planned, author=current_author())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    forget(token)
    return _in_panel(map_, "imports/_done.html", count=len(created), left_out=left_out,
                     cut=sum(p.cut for p in planned), first=created[0] if created else None,
                     trigger=FEATURES_CHANGED)


def _import_reference_layer(map_, source, token):
    """The land registry's parcels become the map's reference layer (replacing the one it had), in one go."""
    rows = parcel_rows(source)
    Parcel.replace_layer(map_, rows)
    db.session.commit()
    forget(token)
    return _in_panel(map_, "imports/_done.html", count=0, parcels=len(rows), left_out=[], first=None,
                     trigger=FEATURES_CHANGED)


def _preview(map_, source, token, filename, choices, status=200):
    legend = Category.of_map(map_.id)
    planned, left_out = plan(source, choices, legend)
    kinds = Counter(p.shape.geom_type.replace("Multi", "") for p in planned)
    counts = {kind: kinds[kind] for kind in ("Point", "LineString", "Polygon")}
    return _in_panel(map_, "imports/_preview.html", source=source, token=token, filename=filename, choices=choices,
                     planned=planned, left_out=left_out, counts=counts, categories=legend,
                     cadastre=is_cadastre(source), status=status, may_add_categories=_may_change_legend(map_),
                     missing=missing_categories(source, choices, legend), added=new_categories(planned))


def _may_change_legend(map_):
    """Whether the person may add categories (the legend's editors: `categories.routes`)."""
    return access_to(map_).can(MANAGE)


def _guessed_choices(map_, source):
    names = {name.lower(): name for name in source.field_names}
    title = next((names[n] for n in TITLE_NAMES if n in names), None)
    description = next((names[n] for n in DESCRIPTION_NAMES if n in names), None)
    category_field = next((names[n] for n in CATEGORY_NAMES if n in names), None)
    return Choices(title, description, category_field, Category.of_map(map_.id)[0],
                   create_missing=category_field is not None and _may_change_legend(map_))


def _chosen_choices(map_, source):
    """The choices sent with the confirmation, each checked against the file and the legend; None if one is not."""
    legend = {str(c.id): c for c in Category.of_map(map_.id)}
    fields = set(source.field_names)
    title, description, by_field = (request.form.get(name) or None for name in ("titre", "description", "champ"))
    category = legend.get(request.form.get("categorie", ""))
    if category is None or any(value is not None and value not in fields for value in (title, description, by_field)):
        return None
    create_missing = request.form.get("creer_categories") == "1" and _may_change_legend(map_)
    return Choices(title, description, by_field, category, create_missing)


def _in_panel(map_, part, status=200, **context):
    """The import's page with `part` (the upload, the preview, or what was done) in the panel."""
    return render_in_panel("imports/page.html", part, map_, part=part, status=status, accepted_extensions=ACCEPTED,
                           **context)
