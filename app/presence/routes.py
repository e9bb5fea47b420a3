"""« Also on the map »: each open map page says it is there every few seconds and gets who else is."""
import secrets

from flask import Blueprint, render_template, session
from flask_babel import gettext as _

from ..authorship import current_author, shown_name
from ..database import commit_keeping_loaded
from ..extensions import db
from ..loaders import with_map
from ..models import Presence

bp = Blueprint("presence", __name__, url_prefix="/cartes/<int:map_id>")

VISITOR = "visitor"  # session key: a random id per browser, so two people with one name count twice


@bp.post("/presence")
@with_map()
def here(map_):
    visitor = session.setdefault(VISITOR, secrets.token_hex(8))
    Presence.here(map_.id, visitor, current_author())
    commit_keeping_loaded(db.session())  # the map stays loaded for the names below, not read again
    # Each as the person may read it (« un membre » to a visitor of a public map), each once.
    names = (shown_name(map_, name, nobody=_("Visiteur")) for name in Presence.others(map_.id, visitor))
    return render_template("presence/_others.html", others=list(dict.fromkeys(names)))
