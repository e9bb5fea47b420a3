"""Maps: the list of maps, creating one, the map page, and deleting a map."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import legends, places
from ..access import ADMIN, CREATE_MAP, MANAGE, SEE, collectives_where
from ..extensions import db
from ..forms import TypedNameForm, with_valid_form
from ..i18n import lazy_gettext as _l
from ..loaders import id_number, with_embedded_map, with_map
from ..models import Map
from ..panel import embed_page_context, map_page_context
from ..rendering import render, wants_fragment
from ..security import framable
from . import embed as embedding
from .deleting import delete_map
from .forms import MapForm, OpeningViewForm

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
    map_ = Map(name=form.name.data, collective_id=form.collective.data, visibility=form.visibility.data)
    map_.place_in(places.commune(form.commune.data), places.COMMUNE_ZOOM)
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


@bp.get("/cartes/<int:map_id>/supprimer")
@with_map(ADMIN)
def confirm_delete(map_):
    """The page that deletes the map: its backup offered first, then its name to type."""
    return _deletion_page(map_, _typed_name(map_, formdata=None))


@bp.post("/cartes/<int:map_id>/supprimer")
@with_map(ADMIN)
def delete(map_):
    """Delete the map and all it holds, once its name is typed; then its collective's page says so."""
    form = _typed_name(map_)
    if not form.validate_on_submit():
        return _deletion_page(map_, form, 422)
    name, collective_id = map_.name, map_.collective_id
    delete_map(map_)
    flash(_("La carte « %(name)s » est supprimée, avec tout ce qu'elle contenait.", name=name))
    if collective_id is None:
        return redirect(url_for("maps.index"), 303)
    return redirect(url_for("collectives.show", collective_id=collective_id), 303)


def _typed_name(map_, **kwargs):
    return TypedNameForm(map_.name, _l("Pour confirmer, tapez le nom de la carte : %(name)s", name=map_.name),
                         _l("Ce n'est pas le nom de la carte : rien n'est supprimé. Tapez-le exactement comme il "
                            "est écrit, majuscules et accents compris."), **kwargs)


def _deletion_page(map_, form, status=200):
    return render_template("maps/delete.html", map=map_, form=form), status


def _opening_view(map_, form, saved=False, status=200):
    """The button again, with what became of the view; the whole map page without htmx."""
    context = {"map": map_, "opening_form": form, "saved": saved}
    if not wants_fragment():
        context = map_page_context(map_, **context)
    return render("maps/show.html", "maps/_opening_view.html", status, **context)


@bp.post("/cartes/<int:map_id>/vue-d-ouverture")
@with_map(MANAGE)
@with_valid_form(OpeningViewForm, lambda form, map_: _opening_view(map_, form, status=422))
def save_opening_view(map_, form):
    """The view shown now becomes the one the map opens on, for everyone (the map's editors only)."""
    map_.open_on(form.lon.data, form.lat.data, form.zoom.data)
    db.session.commit()
    return _opening_view(map_, OpeningViewForm(formdata=None), saved=True)


@bp.get("/cartes/<int:map_id>/integrer")
@framable
@with_embedded_map
def embed(map_):
    """A public map in another site's frame (« Intégrer à un site »): read-only, its legend and list, as any visitor
    sees it; the options of its query string (maps/embed.py)."""
    return render_template("maps/embed.html", **embed_page_context(map_, embedding.read(request.args, map_)))
