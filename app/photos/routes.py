"""Photos of a feature: adding one, seeing it (full or as a thumbnail), correcting its date, deleting it."""
from flask import Blueprint, Response, abort, current_app, redirect, request, send_from_directory, url_for

from .. import dates
from ..access import ADD, EDIT, MANAGE, VIEW, access_to
from ..authorship import current_author
from ..extensions import db
from ..loaders import with_feature
from ..models import Photo
from ..panel import render_in_panel
from ..rendering import wants_fragment
from . import store
from .forms import PhotoDateForm, PhotoForm
from .images import PhotoRejected

bp = Blueprint("photos", __name__, url_prefix="/cartes/<int:map_id>/elements/<int:feature_id>/photos")

CACHE = "private, max-age=86400"  # a photo never changes under its URL; private, as its map may be


@bp.app_template_global()
def photos_of(feature):
    """A feature's photos, for its panel (which is rendered by the features' routes too): none while they are hidden."""
    return [] if _hidden(feature.map, feature) else Photo.of_feature(feature.id)


def _hidden(map_, feature):
    """An item may be binned for its photo: only who may restore it (an editor) then sees its photos."""
    return feature.is_deleted and not access_to(map_).can(MANAGE)


@bp.post("")
@with_feature(ADD)
def create(map_, feature):
    """Add a photo; the same upload sent again (same uuid) adds nothing. A refused file leaves everything as it was."""
    form, status = PhotoForm(), 422
    if form.validate_on_submit():
        try:
            store.attach(feature, form.photo.data, uuid=form.uuid.data, author=current_author(),
                         taken_at=form.taken_at)
            db.session.commit()
            return _done(map_, feature)
        except PhotoRejected as refusal:  # nothing of it is kept: no row, and no file once rolled back
            db.session.rollback()
            form.photo.errors.append(refusal.message)
            status = refusal.status
    return _section(map_, feature, next(iter(form.errors.values()))[0], status=status)


@bp.get("/<int:photo_id>")
@with_feature(VIEW)
def show(map_, feature, photo_id):
    """The photo itself (cleaned: upright, at most 2048 px, no metadata)."""
    return _file(map_, feature, photo_id, thumbnail=False)


@bp.get("/<int:photo_id>/miniature")
@with_feature(VIEW)
def thumbnail(map_, feature, photo_id):
    """The photo's thumbnail (at most 320 px)."""
    return _file(map_, feature, photo_id, thumbnail=True)


@bp.post("/<int:photo_id>/date")
@with_feature(EDIT)
def redate(map_, feature, photo_id):
    """Correct the day a photo was taken; a wrong or future day is said beside its field, the photo unchanged."""
    if _hidden(map_, feature) or feature.is_deleted:  # an item in the bin is restored first, as for adding one
        abort(404)
    photo = Photo.get_in_feature(feature.id, photo_id) or abort(404)
    form = PhotoDateForm()
    if not form.validate_on_submit():
        refusal = next(iter(form.errors.values()))[0]
        return _section(map_, feature, date_refused=(photo.id, refusal, request.form.get("taken_on", "")), status=422)
    photo.redate(form.taken_on.data, dates.zone())
    db.session.commit()
    return _done(map_, feature)


@bp.post("/<int:photo_id>/supprimer")
@with_feature(MANAGE)
def delete(map_, feature, photo_id):
    """Delete a photo for good, its files with it."""
    store.remove(Photo.get_in_feature(feature.id, photo_id) or abort(404))
    db.session.commit()
    return _done(map_, feature)


def _file(map_, feature, photo_id, thumbnail):
    if _hidden(map_, feature):
        abort(404)
    photo = Photo.get_in_feature(feature.id, photo_id) or abort(404)
    name, accel = store.filename(photo.stored_name, thumbnail), current_app.config["PHOTO_ACCEL"]
    if accel:  # the rights are checked: nginx sends the file from its internal location, which nothing else reaches
        response = Response(status=200, mimetype="image/jpeg")
        response.headers["X-Accel-Redirect"] = accel.rstrip("/") + "/" + name
    else:
        response = send_from_directory(store.directory(), name, mimetype="image/jpeg", conditional=True)
    response.headers["Cache-Control"] = CACHE
    return response


def _done(map_, feature):
    """After a change: the photos again for htmx, the feature's page otherwise."""
    if not wants_fragment():
        return redirect(url_for("features.show", map_id=map_.id, feature_id=feature.id), 303)
    return _section(map_, feature)


def _section(map_, feature, photo_error=None, status=200, date_refused=None):
    """The photos of the item (`date_refused`: the photo whose date was refused, why, and the day as typed)."""
    return render_in_panel("features/show.html", "photos/_section.html", map_, feature=feature, notices=[],
                           photo_error=photo_error, date_refused=date_refused, status=status)
