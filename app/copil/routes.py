"""COPIL meetings: recording one (its report frozen that day), reading, editing and deleting it. Read by the map's
members who see the project, written by those who edit it, as the COPIL report is."""
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from ..access import EDIT, PROJECT, access_to
from ..dossier import calls, copil
from ..extensions import db
from ..loaders import with_map, with_meeting
from ..models import Action, CopilMeeting, Dossier
from .forms import MeetingForm
from .saving import record, write

bp = Blueprint("copil", __name__, url_prefix="/cartes/<int:map_id>/copil/reunions")


@bp.get("/nouvelle")
@with_map(EDIT)
def new(map_):
    """An empty meeting form, dated today."""
    form = MeetingForm(Action.of_map(map_.id), formdata=None, held_on=date.today())
    return _form(map_, form)


@bp.post("")
@with_map(EDIT)
def create(map_):
    """Record the meeting with today's report frozen in it, unless something is wrong or more rows are asked."""
    form = MeetingForm(Action.of_map(map_.id))
    if _more_rows(form) or not form.validate_on_submit():
        return _form(map_, form, status=200 if _more_rows(form) else 422)
    meeting = record(map_, form)
    db.session.commit()
    flash(_("Réunion du COPIL enregistrée, avec le point d'étape de ce jour."))
    return redirect(url_for("copil.show", map_id=map_.id, meeting_id=meeting.id), 303)


@bp.get("/<int:meeting_id>")
@with_meeting(PROJECT)
def show(map_, meeting):
    """A past meeting: who came, its decisions and the actions they made or changed, its report as it was."""
    return render_template("copil/show.html", **_meeting_context(map_, meeting),
                           can_edit=access_to(map_).can(EDIT))


@bp.get("/<int:meeting_id>/modifier")
@with_meeting(EDIT)
def edit(map_, meeting):
    return _form(map_, MeetingForm.for_meeting(meeting, Action.of_map(map_.id)), meeting)


@bp.post("/<int:meeting_id>")
@with_meeting(EDIT)
def update(map_, meeting):
    """Save the changes, unless someone else saved this meeting since the form was opened (then the form comes back
    as typed, beside what they saved)."""
    form = MeetingForm(Action.of_map(map_.id))
    if _more_rows(form) or not form.validate_on_submit():
        return _form(map_, form, meeting, status=200 if _more_rows(form) else 422)
    if form.version.data != str(meeting.version):
        return _conflict(map_, meeting, form)
    try:
        write(meeting, map_, form)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return _conflict(map_, CopilMeeting.get_in_map(map_.id, meeting.id), form)
    flash(_("Réunion du COPIL enregistrée."))
    return redirect(url_for("copil.show", map_id=map_.id, meeting_id=meeting.id), 303)


@bp.post("/<int:meeting_id>/supprimer")
@with_meeting(EDIT)
def delete(map_, meeting):
    """Delete the meeting and its decisions; the actions they made or changed stay as they are."""
    db.session.delete(meeting)
    db.session.commit()
    flash(_("Réunion du COPIL supprimée ; les actions de ses décisions restent."))
    return redirect(url_for("dossier.steering", map_id=map_.id), 303)


def _meeting_context(map_, meeting):
    """What a meeting's page and PDF show: the meeting, and its report thawed from what was frozen."""
    return {"map": map_, "meeting": meeting, "frozen": True, "call": calls.of_dossier(Dossier.of_map(map_)),
            **copil.thaw(meeting.report)}


def _more_rows(form):
    """« Ajouter une décision »: the form comes back with another blank row, nothing saved."""
    if "more" not in request.form:
        return False
    form.add_blank_row()
    return True


def _form(map_, form, meeting=None, status=200, conflict=False):
    page = render_template("copil/form.html", map=map_, form=form, meeting=meeting, conflict=conflict,
                           applied={d.id: d for d in meeting.decisions if d.outcome} if meeting else {})
    return page, status


def _conflict(map_, meeting, form):
    """409: the stored meeting beside this person's input, kept; saving again then overwrites knowingly."""
    if meeting is None:  # deleted meanwhile: saving again records it anew
        return _form(map_, form, status=409, conflict=True)
    form.version.data, form.version.raw_data = str(meeting.version), None
    return _form(map_, form, meeting, status=409, conflict=True)
