"""Writing a validated meeting form: the meeting, its decisions, and what the new decisions do to the actions."""
from flask_babel import gettext as _

from ..dossier import copil
from ..extensions import db
from ..formatting import long_date
from ..models import Action, CopilDecision, CopilMeeting, Dossier
from ..models.action import TITLE_MAX
from ..models.copil import CREATED, UPDATED
from ..models.map import utcnow
from .forms import NEW, UPDATE


def record(map_, form):
    """A new meeting with today's COPIL report frozen in it, taken before its decisions change any action: the report
    is what the committee looked at (in the session, to commit)."""
    meeting = CopilMeeting(map_id=map_.id, report=copil.freeze(map_, Dossier.of_map(map_)))
    db.session.add(meeting)
    write(meeting, map_, form)
    return meeting


def write(meeting, map_, form):
    """Replace the meeting's date, attendees and decisions by the form's. A row of a stored decision of this meeting
    updates it (a decision that already made or changed an action keeps it and does it only once); a row naming
    another decision, or none, is a new one; a decision no row names goes, its action stays."""
    meeting.held_on, meeting.attendees = form.held_on.data, form.attendees.data
    meeting.updated_at = utcnow()  # an UPDATE of the row even when only its decisions change: the version moves on
    stored = {decision.id: decision for decision in meeting.decisions}
    kept = []
    for position, row in enumerate(form.filled_decisions()):
        decision = stored.pop(row.stored_id, None)
        if decision is None:
            decision = CopilDecision(meeting=meeting)
            db.session.add(decision)  # before its action's queries flush the session
        decision.position, decision.text, decision.owner = position, row.text.data, row.owner.data or ""
        decision.due_on = row.due_on.data
        if not decision.outcome:
            _follow_up(decision, row, map_, meeting)
        kept.append(decision)
    meeting.decisions = kept


def _follow_up(decision, row, map_, meeting):
    """What the decision does to the actions, as its row says; the form offered the map's actions only."""
    if row.follow_up.data == NEW:
        new_action(decision, map_, meeting, row.kind.data)
    elif row.follow_up.data == UPDATE:
        update_action(decision, Action.get_in_map(map_.id, row.action.data), row.status.data or None, row.ends_on.data)


def new_action(decision, map_, meeting, kind):
    """The decision becomes a new action of `kind`: planned, ending at its due date, titled by its first line, led
    by its owner."""
    decision.action = Action.add(
        map_, kind=kind, title=_title(decision.text), status="planned", ends_on=decision.due_on,
        lead_partner=decision.owner, description=_("Décidé au COPIL du %(day)s : %(text)s",
                                                   day=long_date(meeting.held_on), text=decision.text))
    decision.outcome = CREATED


def update_action(decision, action, status, ends_on):
    """The decision gives the action a new status and/or end (None: that one stays), and says so."""
    decision.set_status, decision.set_ends_on = status, ends_on
    action.status = status or action.status
    action.ends_on = ends_on or action.ends_on
    decision.action, decision.outcome = action, UPDATED


def _title(text):
    """An action's title from a decision: its first line, cut to fit with « … »."""
    first = text.splitlines()[0].strip()
    return first if len(first) <= TITLE_MAX else first[:TITLE_MAX - 1].rstrip() + "…"
