"""Features of a map: the list, the GeoJSON layer, and creating, showing, editing, deleting one."""
from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..loaders import with_feature, with_map
from ..models import Feature
from ..rendering import render, wants_fragment
from .forms import FeatureForm
from .layer import layer_response

bp = Blueprint("features", __name__, url_prefix="/cartes/<int:map_id>")
CHANGED = "features-changed"


PAGE_SIZE = 50


def list_context(map_, trash=False, offset=0):
    """One page of the panel's list of features (or of the deleted ones when `trash`)."""
    features, total = Feature.listed(map_.id, deleted=trash, offset=offset, limit=PAGE_SIZE)
    following = offset + PAGE_SIZE
    return {"features": features, "total": total, "trash": trash,
            "next_offset": following if following < total else None}


def _page(template, map_, **context):
    """A whole map page with something in its panel, or that something alone for htmx."""
    from ..maps.routes import map_page_context
    fragment = context.pop("fragment")
    status = context.pop("status", 200)
    trigger = context.pop("trigger", None)
    return render(template, fragment, status=status, trigger=trigger, **map_page_context(map_, **context))


@bp.get("/elements")
@with_map
def index(map_):
    """The list of the map's features (`?corbeille=1`: the deleted ones)."""
    trash = request.args.get("corbeille") == "1"
    offset = request.args.get("depuis", 0, type=int)
    fragment = "features/_rows.html" if offset else "features/_list.html"
    return _page("features/index.html", map_, fragment=fragment, **list_context(map_, trash, max(offset, 0)))


@bp.get("/elements.geojson")
@with_map
def geojson(map_):
    """The features (or clusters) in a view, as GeoJSON, with an ETag."""
    return layer_response(map_, request.args, current_app.config["CLUSTER_THRESHOLD"])


@bp.get("/elements/nouveau")
@with_map
def new(map_):
    """The form for a shape just drawn on the map (the map fills its geometry field)."""
    form = FeatureForm(map_, formdata=None, kind=request.args.get("forme"))
    return _page("features/new.html", map_, fragment="features/_form.html", form=form, feature=None)


@bp.post("/elements")
@with_map
def create(map_):
    """Save a new feature with the map's next number."""
    form = FeatureForm(map_)
    if not form.validate_on_submit():
        return _page("features/new.html", map_, fragment="features/_form.html", form=form, feature=None, status=422)
    feature = Feature.create(map_, form.chosen_category, form.title.data, form.description.data, form.shape)
    db.session.commit()
    return _saved(map_, feature, form.notices)


@bp.get("/elements/<int:feature_id>")
@with_feature
def show(map_, feature):
    """One feature in the panel, highlighted on the map."""
    return _page("features/show.html", map_, fragment="features/_detail.html", feature=feature, notices=[])


@bp.get("/elements/<int:feature_id>/modifier")
@with_feature
def edit(map_, feature):
    """The form to change a feature's text, category or shape."""
    form = FeatureForm(map_, obj=feature, shape_required=False, category=feature.category_id)
    return _page("features/edit.html", map_, fragment="features/_form.html", form=form, feature=feature)


@bp.post("/elements/<int:feature_id>")
@with_feature
def update(map_, feature):
    """Save changes, unless someone else saved this feature since the form was opened."""
    form = FeatureForm(map_, shape_required=False)
    if not form.validate_on_submit():
        return _page("features/edit.html", map_, fragment="features/_form.html", form=form, feature=feature, status=422)
    if form.version.data != feature.version:
        form.version.data = feature.version  # saving again now overwrites knowingly
        return _page("features/edit.html", map_, fragment="features/_form.html", form=form, feature=feature,
                     conflict=True, status=409)
    feature.edit(form.chosen_category, form.title.data, form.description.data, form.shape)
    db.session.commit()
    return _saved(map_, feature, form.notices)


@bp.post("/elements/<int:feature_id>/supprimer")
@with_feature
def delete(map_, feature):
    """Move a feature to the bin; it keeps its number and can be restored."""
    if not feature.is_deleted:
        feature.soft_delete()
        db.session.commit()
    return _saved(map_, feature, [_("Élément supprimé. Vous pouvez le restaurer.")])


@bp.post("/elements/<int:feature_id>/restaurer")
@with_feature
def restore(map_, feature):
    """Bring a deleted feature back, with its number."""
    if feature.is_deleted:
        feature.restore()
        db.session.commit()
    return _saved(map_, feature, [_("Élément restauré.")])


def _saved(map_, feature, notices):
    """After a change: the feature in the panel, and an event so the list, legend and map refresh."""
    if not wants_fragment():
        return redirect(url_for("features.show", map_id=map_.id, feature_id=feature.id), 303)
    return _page("features/show.html", map_, fragment="features/_detail.html", feature=feature,
                 notices=notices, trigger=CHANGED)
