"""Dated measurements of an action's objectifs chiffrés, on the action's page: add one (date, value, who counted),
delete one. The latest is what the objective has reached (`Indicator.current_reached`)."""
from flask import Blueprint, abort, redirect, url_for
from flask_babel import gettext as _

from ..access import EDIT
from ..extensions import db
from ..loaders import with_indicator
from ..panel import render_in_panel
from ..rendering import wants_fragment
from .forms import MeasurementForm

bp = Blueprint("measurements", __name__, url_prefix="/cartes/<int:map_id>/actions/<int:action_id>/objectifs")


@bp.post("/<int:indicator_id>/mesures")
@with_indicator(EDIT)
def create(map_, action, indicator):
    """Add a measurement; a refused one comes back in its objective's form, with the message and the input."""
    form = MeasurementForm.of(indicator)
    if not form.validate_on_submit():
        return _action(map_, action, status=422, refused=(indicator.id, form))
    indicator.measure(form.measured_on.data, form.value.data, form.counted_by.data or "")
    db.session.commit()
    return _action(map_, action, notices=[_("Mesure ajoutée.")])


@bp.post("/<int:indicator_id>/mesures/<int:measurement_id>/supprimer")
@with_indicator(EDIT)
def delete(map_, action, indicator, measurement_id):
    measurement = indicator.measurement(measurement_id) or abort(404)
    indicator.measurements.remove(measurement)  # delete-orphan: the row goes at the commit
    db.session.commit()
    return _action(map_, action, notices=[_("Mesure supprimée.")])


@bp.app_template_global()
def measurement_form(indicator, refused=None):
    """The form of an objective on its action's page: the one just refused, with its input, or a blank one."""
    if refused and refused[0] == indicator.id:
        return refused[1]
    return MeasurementForm.of(indicator, formdata=None)


def _action(map_, action, status=200, notices=(), refused=None):
    """The action's page, where measurements are listed; after a change without htmx, a redirect to it."""
    if status == 200 and not wants_fragment():
        return redirect(url_for("actions.show", map_id=map_.id, action_id=action.id), 303)
    return render_in_panel("actions/show.html", "actions/_detail.html", map_, status=status, action=action,
                           notices=list(notices), refused=refused)
