"""Maps: the list of maps, creating one, and the map page."""
from flask import Blueprint, current_app, redirect, render_template, url_for

from .. import legends
from ..extensions import db
from ..loaders import with_map
from ..models import Map
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


def map_page_context(map_, **extra):
    """What every page built on the map page needs (a feature, a form or the legend editor in its panel)."""
    from ..categories.routes import legend_context
    from ..features.routes import list_context
    context = {"map": map_, "map_config": _map_config(map_), **legend_context(map_)}
    if "features" not in extra:
        context.update(list_context(map_))
    return {**context, **extra}


def _map_config(map_):
    """What map.js reads from the page: where the data is, the basemaps, the view, the drawing tools."""
    static = lambda path: url_for("static", filename=path)
    return {
        "center": [map_.center_lon, map_.center_lat], "zoom": map_.zoom,
        "basemaps": current_app.config["BASEMAPS"],
        "mapUrl": url_for("maps.show", map_id=map_.id),
        "layerUrl": url_for("features.geojson", map_id=map_.id),
        "featureUrl": url_for("features.show", map_id=map_.id, feature_id=0).removesuffix("0"),
        "newUrl": url_for("features.new", map_id=map_.id),
        "editor": [static("vendor/geoman/leaflet-geoman.css"), static("vendor/geoman/leaflet-geoman.js"),
                   static("js/editor.js")],
    }
