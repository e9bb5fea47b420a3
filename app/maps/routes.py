"""Maps: the list of maps, creating one, and the map page."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required

from .. import legends
from ..access import CREATE_MAP, SEE, collectives_where
from ..extensions import db
from ..loaders import id_number, with_map
from ..models import Map
from ..panel import map_page_context
from .forms import MapForm

bp = Blueprint("maps", __name__)


@bp.get("/")
def index():
    """The home page: the public maps and the account's collectives' maps, and the form to start a new one."""
    chosen = request.args.get("collectif", type=id_number)
    return _index(MapForm(collectives_where(CREATE_MAP), formdata=None, collective=chosen))


def _index(form, status=200):
    mine = [c.id for c in collectives_where(SEE)]
    return render_template("maps/index.html", maps=Map.listed(mine), form=form), status


@bp.post("/cartes")
@login_required
def create():
    """Create a map for one of the account's collectives, with its starting legend, and open it."""
    form = MapForm(collectives_where(CREATE_MAP))
    if not form.validate_on_submit():
        return _index(form, 422)
    map_ = Map(name=form.name.data, commune=form.commune.data, collective_id=form.collective.data,
               visibility=form.visibility.data)
    map_.renew_share_token()
    legends.apply(map_, form.legend.data)
    db.session.add(map_)
    db.session.commit()
    return redirect(url_for("maps.show", map_id=map_.id), 303)


@bp.get("/cartes/<int:map_id>")
@with_map()
def show(map_):
    """The map page: the map, its legend and its list of features."""
    return render_template("maps/show.html", **map_page_context(map_))
