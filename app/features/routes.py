"""Features of a map: the list, the GeoJSON layer, and creating, showing, editing, deleting one."""
from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from ..access import ADD, EDIT, MANAGE, access_to
from ..authorship import current_author
from ..database import commit_keeping_loaded
from ..extensions import db
from ..history import past
from ..loaders import id_number, with_feature, with_map
from ..maps import embed as embedding
from ..models import Feature
from ..panel import PAGE_SIZE, PROPOSALS_CHANGED, feature_saved, list_context, render_in_panel
from ..photos.images import PhotoRejected
from . import saving
from .forms import FeatureForm
from .layer import layer_response

bp = Blueprint("features", __name__, url_prefix="/cartes/<int:map_id>")


@bp.get("/elements")
@with_map()
def index(map_):
    """The list of the map's features (`?corbeille=1`: the deleted ones): its next page (`?depuis=`), or as many as
    were shown (`?montres=`, sent by the list when it refreshes itself)."""
    trash = request.args.get("corbeille") == "1"
    offset = request.args.get("depuis", 0, type=id_number)
    shown = request.args.get("montres", PAGE_SIZE, type=id_number)
    fragment = "features/_more.html" if offset else "features/_list.html"
    return render_in_panel("features/index.html", fragment, map_, **list_context(
        map_, trash, max(offset, 0), shown, category_ids=embedding.categories(request.args, map_)))


@bp.get("/elements.geojson")
@with_map()
def geojson(map_):
    """The features (or clusters) in a view, as GeoJSON, with an ETag."""
    return layer_response(map_, request.args, current_app.config["CLUSTER_THRESHOLD"])


@bp.get("/au/<day>/elements.geojson")
@with_map()
def geojson_on(map_, day):
    """The items as they were at the end of that day (« Voir la carte au … »), from the history, as GeoJSON."""
    return past.layer_response(map_, day, request.args)


@bp.get("/elements/nouveau")
@with_map(ADD)
def new(map_):
    """The form for a shape just drawn on the map (the map fills its geometry field)."""
    return _new_form(map_, FeatureForm(map_, formdata=None, kind=request.args.get("forme")))


@bp.post("/elements")
@with_map(ADD)
def create(map_):
    """Save a new feature with the map's next number; the same form sent again gives the same feature."""
    access = access_to(map_)
    form = FeatureForm(map_, proposing=access.moderated)
    if form.sent_before is not None:  # sent again (the answer was lost, or the outbox replays it): nothing to add
        return feature_saved(map_, form.sent_before, [])
    if form.proposed_before is not None:  # a resident's drawing sent again: it waits once
        return _proposed(map_, form.proposed_before.title)
    if not form.validate_on_submit():
        return _new_form(map_, form, 422)
    if access.moderated:  # a resident's drawing waits for an editor
        saving.propose(map_, access, form, author=current_author())
        return _proposed(map_, form.title.data)
    try:  # the item and its photo are saved together, or neither: a refused photo leaves the form as it was
        feature = saving.create(map_, form, author=current_author())
    except PhotoRejected as refusal:
        form.photo.errors.append(str(refusal))
        return _new_form(map_, form, refusal.status)
    return feature_saved(map_, feature, form.notices)


def _proposed(map_, title):
    """Thanks: the drawing waits for the map's team."""
    return render_in_panel("features/proposed.html", "features/_proposed.html", map_, title=title,
                           trigger=PROPOSALS_CHANGED)


def _new_form(map_, form, status=200):
    """The new item's form: empty, or again with what was typed and why it was not saved."""
    return render_in_panel("features/new.html", "features/_form.html", map_, form=form, feature=None, status=status)


@bp.get("/elements/<int:feature_id>")
@with_feature()
def show(map_, feature):
    """One feature in the panel, highlighted on the map."""
    return render_in_panel("features/show.html", "features/_detail.html", map_, feature=feature, notices=[])


@bp.get("/elements/<int:feature_id>/modifier")
@with_feature(EDIT)
def edit(map_, feature):
    """The form to change a feature's text, category or shape."""
    form = FeatureForm.for_feature(map_, feature)
    return render_in_panel("features/edit.html", "features/_form.html", map_, form=form, feature=feature)


@bp.post("/elements/<int:feature_id>")
@with_feature(EDIT)
def update(map_, feature):
    """Save changes, unless someone else saved this feature since the form was opened."""
    form = FeatureForm(map_, shape_required=False, plot=feature.plot)
    if not form.validate_on_submit():
        return _edit_form(map_, form, feature, 422)
    if form.version.data != feature.version:
        if form.matches(feature):  # the same change sent twice (the outbox replaying it): already there
            return feature_saved(map_, feature, [])
        return _conflict(map_, feature, form)
    try:
        feature.edit(form.chosen_category, form.title.data, form.description.data, form.shape, author=current_author())
        commit_keeping_loaded(db.session())
    except StaleDataError:  # someone saved between our check and our write: the database refused ours
        db.session.rollback()
        return _conflict(map_, Feature.get_in_map(map_.id, feature.id), form)
    return feature_saved(map_, feature, form.notices)


def _conflict(map_, feature, form):
    """409: the other person's version beside this person's input, which is kept; saving again now
    overwrites knowingly, since the form then carries the current version."""
    form.version.data, form.version.raw_data = feature.version, None  # raw_data would re-render the stale one
    return _edit_form(map_, form, feature, 409, conflict=True)


def _edit_form(map_, form, feature, status, conflict=False):
    """The form of an item's changes again, with what was typed and why it was not saved."""
    return render_in_panel("features/edit.html", "features/_form.html", map_, form=form, feature=feature,
                           conflict=conflict, status=status)


@bp.post("/elements/<int:feature_id>/supprimer")
@with_feature(MANAGE)
def delete(map_, feature):
    """Move a feature to the bin; it keeps its number and can be restored."""
    if not feature.is_deleted:
        feature.soft_delete(author=current_author())
        commit_keeping_loaded(db.session())
    return feature_saved(map_, feature, [_("Élément supprimé. Vous pouvez le restaurer.")])


@bp.post("/elements/<int:feature_id>/restaurer")
@with_feature(MANAGE)
def restore(map_, feature):
    """Bring a deleted feature back, with its number."""
    if feature.is_deleted:
        feature.restore(author=current_author())
        commit_keeping_loaded(db.session())
    return feature_saved(map_, feature, [_("Élément restauré.")])

