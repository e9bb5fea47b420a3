"""Maps: the list of maps, creating one, and the map page."""
from flask import Blueprint, redirect, render_template, url_for

from .. import legends
from ..extensions import db
from ..loaders import with_map
from ..models import Map
from ..panel import map_page_context
from .forms import MapForm

bp = Blueprint("maps", __name__)


@bp.get("/")
def index():
    """The home page: every map, and the form to start a new one."""
    return render_template("maps/index.html", maps=Map.listed(), form=MapForm())


@bp.post("/cartes")
def create():
    """Create a map with its starting legend and open it."""
    form = MapForm()
    if not form.validate_on_submit():
        return render_template("maps/index.html", maps=Map.listed(), form=form), 422
    map_ = Map(name=form.name.data, commune=form.commune.data)
    legends.apply(map_, form.legend.data)
    db.session.add(map_)
    db.session.commit()
    return redirect(url_for("maps.show", map_id=map_.id), 303)


@bp.get("/cartes/<int:map_id>")
@with_map
def show(map_):
    """The map page: the map, its legend and its list of features."""
    return render_template("maps/show.html", **map_page_context(map_))
