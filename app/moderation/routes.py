"""The moderation queue: residents' proposals that wait for an editor to validate, correct or reject them."""
from functools import wraps

from flask import Blueprint, Response, abort, request, url_for
from flask_babel import gettext as _

from ..access import MANAGE
from ..authorship import current_author, shown_name
from ..extensions import db
from ..features.forms import FeatureForm
from ..formats import geojson
from ..loaders import with_map
from ..models import Proposal
from ..panel import FEATURES_CHANGED, PROPOSALS_CHANGED, feature_saved, render_in_panel
from .forms import RejectForm

bp = Blueprint("moderation", __name__, url_prefix="/cartes/<int:map_id>/moderation")

QUEUE_SHOWN = 50  # residents may send any number of proposals: the queue's page does not grow with them
LAYER_SHOWN = 500  # nor does the map's drawing of those that wait


def with_proposal(view):
    """Pass a waiting proposal of this map to someone who may moderate it; decided ones are gone (404)."""
    @wraps(view)
    @with_map(MANAGE)
    def wrapper(map_, proposal_id, **kwargs):
        proposal = Proposal.get_in_map(map_.id, proposal_id)
        if proposal is None or proposal.status != "waiting":
            abort(404)
        return view(map_=map_, proposal=proposal, **kwargs)
    return wrapper


@bp.get("")
@with_map(MANAGE)
def index(map_):
    return _queue(map_)


@bp.get("/propositions.geojson")
@with_map(MANAGE)
def layer(map_):
    """The waiting proposals as GeoJSON, drawn on the map of those who moderate; each opens in the panel."""
    texts = [p.as_geojson(status="waiting", url=url_for("moderation.show", map_id=map_.id, proposal_id=p.id),
                          tooltip=_("En attente : « %(title)s » de %(author)s", title=p.title,
                                    author=shown_name(map_, p.author)))
             for p in Proposal.waiting(map_.id, limit=LAYER_SHOWN)]
    return Response(geojson.collection(texts), mimetype="application/geo+json")


@bp.get("/<int:proposal_id>")
@with_proposal
def show(map_, proposal):
    """One waiting proposal in the panel (tapped on the map), to validate, correct or reject."""
    return render_in_panel("moderation/show.html", "moderation/_show.html", map_, proposal=proposal,
                           rejecting=None, reject_form=RejectForm(formdata=None))


def _queue(map_, status=200, trigger=None, notice=None, rejecting=None, reject_form=None):
    """The oldest QUEUE_SHOWN proposals (the next come as these are decided) and how many wait in all."""
    return render_in_panel("moderation/index.html", "moderation/_queue.html", map_, status=status, trigger=trigger,
                           proposals=Proposal.waiting(map_.id, limit=QUEUE_SHOWN),
                           total=Proposal.count_waiting(map_.id), notice=notice, rejecting=rejecting,
                           reject_form=reject_form or RejectForm(formdata=None))


@bp.post("/<int:proposal_id>/valider")
@with_proposal
def validate(map_, proposal):
    """The proposal becomes a numbered item, live for everyone."""
    feature = proposal.validate(map_, author=current_author())
    db.session.commit()
    return _queue(map_, trigger=FEATURES_CHANGED,
                  notice=_("« %(title)s » est sur la carte, n° %(number)d.", title=feature.title,
                           number=feature.number))


@bp.route("/<int:proposal_id>/modifier", methods=["GET", "POST"])
@with_proposal
def edit(map_, proposal):
    """Correct the text, the category or the shape, then validate."""
    if request.method == "GET":
        form = FeatureForm.for_proposal(map_, proposal)
    else:
        form = FeatureForm(map_, shape_required=False)
    if request.method == "GET" or not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_in_panel("moderation/edit.html", "moderation/_edit.html", map_, status=status, form=form,
                               proposal=proposal)
    proposal.edit(form.chosen_category, form.title.data, form.description.data, form.shape)
    feature = proposal.validate(map_, author=current_author())
    db.session.commit()
    return feature_saved(map_, feature, [_("Proposition corrigée et validée.")])


@bp.post("/<int:proposal_id>/refuser")
@with_proposal
def reject(map_, proposal):
    form = RejectForm()
    if not form.validate_on_submit():
        return _queue(map_, status=422, rejecting=proposal.id, reject_form=form)
    proposal.reject(map_, form.reason.data, author=current_author())
    db.session.commit()
    return _queue(map_, trigger=PROPOSALS_CHANGED,
                  notice=_("Proposition « %(title)s » refusée.", title=proposal.title))
