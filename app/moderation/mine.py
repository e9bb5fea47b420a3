"""« Mes propositions »: what a resident proposed through their contribution link, from this browser, and what
became of it (waiting, validated with its number, or refused with the reason), for as long as the link works."""
from functools import wraps

from flask import Blueprint, Response, abort, url_for
from flask_babel import gettext as _

from ..access import ADD, access_to
from ..formats import geojson
from ..loaders import with_map
from ..models import Proposal
from ..panel import render_in_panel

bp = Blueprint("proposals", __name__, url_prefix="/cartes/<int:map_id>")

SHOWN = 200  # a resident's afternoon: the list and the map's drawing of their proposals do not grow past it
DRAWN = ("waiting", "rejected")  # a validated one is an item of the map, drawn as such


def with_own_proposals(view):
    """Pass this browser's proposals through its live contribution link; nobody else has any here (403)."""
    @wraps(view)
    @with_map(ADD)
    def wrapper(map_, **kwargs):
        access = access_to(map_)
        if not access.moderated or access.contributor is None:
            abort(403)
        return view(map_=map_, proposals=Proposal.of_contributor(access.link, access.contributor, limit=SHOWN),
                    **kwargs)
    return wrapper


@bp.get("/propositions")
@with_own_proposals
def index(map_, proposals):
    return render_in_panel("moderation/mine.html", "moderation/_mine.html", map_, proposals=proposals)


@bp.get("/propositions.geojson")
@with_own_proposals
def layer(map_, proposals):
    """The resident's waiting and refused proposals, drawn on their map in the proposals' style."""
    listed = url_for("proposals.index", map_id=map_.id)
    texts = [p.as_geojson(status=p.status, url=listed, tooltip=_status(p)) for p in proposals if p.status in DRAWN]
    return Response(geojson.collection(texts), mimetype="application/geo+json")


def _status(proposal):
    """« En attente : « Banc » », or « Refusée : raison », as the map's tooltip says it."""
    if proposal.status == "rejected":
        return _("« %(title)s », refusée : %(reason)s", title=proposal.title, reason=proposal.reason)
    return _("« %(title)s », en attente de validation", title=proposal.title)
