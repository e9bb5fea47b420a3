"""« Also on the map »: each open map page says it is there every few seconds and gets who else is."""
import secrets

from flask import Blueprint, render_template, session
from flask_babel import gettext as _

from ..authorship import current_author
from ..extensions import db
from ..loaders import with_map
from ..models import Presence

bp = Blueprint("presence", __name__, url_prefix="/cartes/<int:map_id>")

VISITOR = "visitor"  # session key: a random id per browser, so two people with one name count twice


@bp.post("/presence")
@with_map()
def here(map_):
    # The map's id is read before the commit, which expires the map: reading it after would load the map again.
    map_id, visitor = map_.id, session.setdefault(VISITOR, secrets.token_hex(8))
    Presence.here(map_id, visitor, current_author() or _("Visiteur"))
    db.session.commit()
    return render_template("presence/_others.html", others=Presence.others(map_id, visitor))
