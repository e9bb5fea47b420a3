"""Diagnostics en marchant: the map's walks, starting one, its route from the tablet's GPS, ending it, its report."""
from contextlib import suppress

from flask import Blueprint, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from ..access import EDIT, MANAGE
from ..authorship import current_author
from ..extensions import db
from ..forms import with_valid_form
from ..loaders import with_map, with_walk
from ..models import Walk
from ..panel import render_in_panel
from ..rendering import json_error, render, wants_fragment
from .forms import WalkForm
from .report import report_context, report_figure
from .trace import TraceError, read_route

bp = Blueprint("walks", __name__, url_prefix="/cartes/<int:map_id>/marches")


@bp.get("")
@with_map()
def index(map_):
    """The map's walks, latest first, in the panel."""
    return render_in_panel("walks/index.html", "walks/_list.html", map_, walks=Walk.of_map(map_.id))


@bp.get("/nouvelle")
@with_map(EDIT)
def new(map_):
    """The form that starts a walk (whoever opens it is likely to lead it)."""
    return _form(map_, WalkForm(formdata=None, facilitator=current_author()))


@bp.post("")
@with_map(EDIT)
@with_valid_form(WalkForm, lambda form, map_: _form(map_, form, 422))
def create(map_, form):
    """Start a walk; the panel then shows it running and the page's script records the route."""
    walk = Walk.start(map_, form.held_on.data, form.facilitator.data, form.participants.data, form.theme.data)
    db.session.commit()
    return _panel(map_, walk, started=True)


def _form(map_, form, status=200):
    return render_in_panel("walks/new.html", "walks/_form.html", map_, form=form, status=status)


@bp.get("/<int:walk_id>")
@with_walk()
def show(map_, walk):
    """The walk in the panel (while it runs: its counters and « Terminer »), or its printable report page with its
    map."""
    context = report_context(walk)
    if not wants_fragment():
        context["figure_svg"] = report_figure(walk, context["noted"])
    return render("walks/report.html", "walks/_walk.html", map=map_, walk=walk, **context)


@bp.post("/<int:walk_id>/trace")
@with_walk(EDIT)
def trace(map_, walk):
    """Keep the whole route sent so far (JSON from the tablet, or a form field for a route drawn afterwards)."""
    try:
        route = read_route(*_sent_route())
    except TraceError as error:
        return json_error(error, 400) if request.is_json else _panel(map_, walk, errors=[error], status=422)
    walk.record_route(route)
    db.session.commit()
    if request.is_json:
        return _trace_state(walk, route.dropped)
    return _panel(map_, walk, notices=[_("Parcours enregistré.")])


def _sent_route():
    """(positions, accuracies, breaks) as the request carries them; None when it carries nothing readable."""
    if not request.is_json:
        return request.form.get("positions"), request.form.get("accuracies"), request.form.get("breaks")
    data = request.get_json(silent=True)
    data = data if isinstance(data, dict) else {}
    return data.get("positions"), data.get("accuracies"), data.get("breaks")


def _trace_state(walk, dropped=0):
    response = jsonify(positions=walk.position_count, length_m=round(walk.distance_m, 1), dropped=dropped,
                       running=walk.is_running, csrf=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:walk_id>/terminer")
@with_walk(EDIT)
def end(map_, walk):
    """End the walk, keeping the last of its route when the tablet sends it along."""
    if request.form.get("positions"):
        with suppress(TraceError):  # ending never fails on a bad last send: the route stored before stays
            walk.record_route(read_route(*_sent_route()))
    walk.end()
    db.session.commit()
    return _panel(map_, walk, notices=[_("Marche terminée. Son compte rendu est prêt.")])


@bp.post("/<int:walk_id>/supprimer")
@with_walk(MANAGE)
def delete(map_, walk):
    """Delete a walk (one started by mistake); the items noted during it stay on the map."""
    walk.remove()
    db.session.commit()
    if not wants_fragment():
        return redirect(url_for("walks.index", map_id=map_.id), 303)
    return render_in_panel("walks/index.html", "walks/_list.html", map_, walks=Walk.of_map(map_.id),
                           notices=[_("Marche supprimée ; les éléments notés restent sur la carte.")])


def _panel(map_, walk, notices=(), errors=(), status=200, started=False):
    """The walk in the panel after a change (without htmx: the list of walks); `started`: this tablet records it."""
    if not wants_fragment():
        return redirect(url_for("walks.index", map_id=map_.id), 303)
    return render("walks/_walk.html", "walks/_walk.html", status=status, map=map_, walk=walk, notices=notices,
                  errors=errors, started=started, **report_context(walk))
