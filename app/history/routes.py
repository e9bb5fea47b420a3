"""A map's history: every change, who made it and what it changed; restoring an item; the change feed."""
from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from ..access import MANAGE, NAMES, access_to
from ..authorship import current_author
from ..extensions import db
from ..formatting import moment
from ..loaders import id_number, with_map
from ..models import Feature, Revision
from ..models.revision import PAGE_SIZE
from ..panel import feature_saved, map_page_context, past_page_context, render_in_panel
from ..rendering import render
from . import past
from .changes import changes_response

bp = Blueprint("history", __name__, url_prefix="/cartes/<int:map_id>")


@bp.get("/changements")
@with_map()
def changes(map_):
    """What changed after `?depuis=N`: open maps poll this to show others' changes without reloading."""
    return changes_response(map_, request.args.get("depuis"))


@bp.get("/au")
@with_map()
def past_map(map_):
    """The map as it was at the end of `?date=` (« Voir la carte au … »), read only, from the history; a wrong date
    gives today's map with the message beside the date field."""
    asked = request.args.get("date", "")
    try:
        day = past.parse_day(asked)
        items = past.items_on(map_.id, day)
    except ValueError as refusal:  # an unreadable day, one to come, or too big a map
        return render_template("maps/show.html", **map_page_context(map_, past_error=str(refusal),
                                                                    past_asked=asked)), 422
    return render_template("maps/past.html", **past_page_context(map_, day, items))


@bp.get("/historique")
@with_map()
def index(map_):
    """The newest changes (`?element=ID`: of one item; `?auteur=NAME`: by one person; `?avant=SEQ`: older ones)."""
    feature_id = request.args.get("element", type=id_number)
    feature = Feature.get_in_map(map_.id, feature_id) if feature_id else None
    if feature_id and feature is None:
        abort(404)
    older_than = request.args.get("avant", type=id_number)
    access = access_to(map_)
    # One person's changes for those who read names only: to anyone else, a name in the address would tell
    # whether that name took part.
    author = request.args.get("auteur") if access.can(NAMES) else None
    revisions = Revision.listed(map_.id, feature_id, older_than, author=author, moderation=access.can(MANAGE))
    fragment = "history/_entries.html" if older_than else "history/_list.html"
    more = revisions[-1].seq if len(revisions) == PAGE_SIZE else None
    return render_in_panel("history/index.html", fragment, map_, revisions=revisions, feature=feature,
                           author=author, older_than=more)


@bp.post("/historique/<int:revision_id>/retablir")
@with_map(MANAGE)
def revert(map_, revision_id):
    """Give an item back the state it had after that change; the restore is itself a change."""
    revision = db.session.get(Revision, revision_id)
    if revision is None or revision.map_id != map_.id or revision.feature is None or not revision.after:
        abort(404)
    feature = revision.feature
    notices = [_("L'élément a retrouvé son état du %(when)s.", when=moment(revision.created_at))]
    try:
        kept = feature.revert_to(revision.after, author=current_author())
    except ValueError:  # nothing was changed
        return render("errors/page.html", "errors/_message.html", status=422, message=_(
            "Cet état de l'élément ne peut pas être rétabli : l'historique ne le décrit pas lisiblement."))
    if not kept:  # its category of then was deleted for good since
        notices.append(_("Sa catégorie d'alors n'existe plus sur cette carte : il garde sa catégorie actuelle."))
    db.session.commit()
    return feature_saved(map_, feature, notices)
