"""« Importer »: choose a file, see what it holds and how it will be read, then import every item or none."""
import secrets
import time
from functools import wraps
from pathlib import Path

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from ..access import EDIT
from ..authorship import current_author
from ..extensions import db
from ..loaders import with_map
from ..models import Category, Parcel
from ..panel import FEATURES_CHANGED, render_in_panel
from .reading import ImportError_, read
from .saving import Choices, is_cadastre, parcel_rows, plan, write

bp = Blueprint("imports", __name__, url_prefix="/cartes/<int:map_id>/import")

TITLE_NAMES = ("titre", "title", "name", "nom", "libelle", "label")
DESCRIPTION_NAMES = ("description", "desc", "descriptio", "commentaire", "comment", "notes")
CATEGORY_NAMES = ("categorie", "catégorie", "category", "calque", "layer")  # a uMap layer is usually a category
KEPT_FOR = 24 * 3600  # an upload waiting for its confirmation is kept a day at most


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
    data = upload.read()
    try:
        source = read(data, upload.filename)
    except ImportError_ as error:
        return _in_panel(map_, "imports/_upload.html", error=str(error), status=422)
    token = _keep(data, upload.filename)
    return _preview(map_, source, token, upload.filename, _guessed_choices(map_, source))


def _with_file_read_again(view):
    """Read again the file the preview showed (its token is in the form) for `view(map_, token, path, source)`;
    once the file is gone, the upload form again with a message."""
    @wraps(view)
    def wrapped(map_):
        token = request.form.get("jeton", "")
        path = _kept(token)
        if path is None:
            return _in_panel(map_, "imports/_upload.html", status=422,
                             error=_("Ce fichier n'est plus disponible : choisissez-le de nouveau."))
        return view(map_, token, path, read(path.read_bytes(), path.name))
    return wrapped


@bp.post("/apercu")
@with_map(EDIT)
@_with_file_read_again
def repreview(map_, token, _path, source):
    """The preview again, read with the choices just made (title, description, category)."""
    choices = _chosen_choices(map_, source) or _guessed_choices(map_, source)
    return _preview(map_, source, token, None, choices)


@bp.post("/confirmer")
@with_map(EDIT)
@_with_file_read_again
def confirm(map_, token, path, source):
    """Import every item the preview showed, in one transaction: all of them, or none if anything fails."""
    if request.form.get("reference") == "1" and is_cadastre(source):
        return _import_reference_layer(map_, source, path)
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
    path.unlink(missing_ok=True)
    return _in_panel(map_, "imports/_done.html", count=len(created), left_out=left_out,
                     cut=sum(p.cut for p in planned), first=created[0].number if created else None,
                     trigger=FEATURES_CHANGED)


def _import_reference_layer(map_, source, path):
    """The land registry's parcels become the map's reference layer (replacing the one it had), in one go."""
    rows = parcel_rows(source)
    Parcel.replace_layer(map_, rows)
    db.session.commit()
    path.unlink(missing_ok=True)
    return _in_panel(map_, "imports/_done.html", count=0, parcels=len(rows), left_out=[], first=None,
                     trigger=FEATURES_CHANGED)


def _preview(map_, source, token, filename, choices, status=200):
    legend = Category.of_map(map_.id)
    planned, left_out = plan(source, choices, legend)
    counts = {kind: sum(1 for p in planned if p.shape.geom_type.replace("Multi", "") == kind)
              for kind in ("Point", "LineString", "Polygon")}
    return _in_panel(map_, "imports/_preview.html", source=source, token=token, filename=filename, choices=choices,
                     planned=planned, left_out=left_out, counts=counts, categories=legend,
                     cadastre=is_cadastre(source), status=status)


def _guessed_choices(map_, source):
    names = {name.lower(): name for name in source.field_names}
    title = next((names[n] for n in TITLE_NAMES if n in names), None)
    description = next((names[n] for n in DESCRIPTION_NAMES if n in names), None)
    category_field = next((names[n] for n in CATEGORY_NAMES if n in names), None)
    return Choices(title, description, category_field, Category.of_map(map_.id)[0])


def _chosen_choices(map_, source):
    """The choices sent with the confirmation, each checked against the file and the legend; None if one is not."""
    legend = {str(c.id): c for c in Category.of_map(map_.id)}
    fields = set(source.field_names)
    title, description, by_field = (request.form.get(name) or None for name in ("titre", "description", "champ"))
    category = legend.get(request.form.get("categorie", ""))
    if category is None or any(value is not None and value not in fields for value in (title, description, by_field)):
        return None
    return Choices(title, description, by_field, category)


def _folder():
    folder = Path(current_app.config["IMPORT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():  # uploads never confirmed
        if time.time() - old.stat().st_mtime > KEPT_FOR:
            old.unlink(missing_ok=True)
    return folder


def _keep(data, filename):
    token = secrets.token_urlsafe(16)
    suffix = Path(secure_filename(filename) or "import").suffix.lower()
    (_folder() / f"{token}{suffix}").write_bytes(data)
    return token


def _kept(token):
    """The upload of that token (a name this server made: no path in it can come from the person), or None."""
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    return next(_folder().glob(f"{token}.*"), None)


def _in_panel(map_, part, status=200, **context):
    """The import's page with `part` (the upload, the preview, or what was done) in the panel."""
    return render_in_panel("imports/page.html", part, map_, part=part, status=status, **context)
