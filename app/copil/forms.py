"""The form of a COPIL meeting: its date, who came, and its decisions, each of which may become a new action or
update one of the map's actions."""
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from ..dossier import rules
from ..forms import RowForm, options, strip, too_long
from ..i18n import lazy_gettext as _l
from ..loaders import id_or_none
from ..models.action import STATUSES
from ..models.copil import ATTENDEES_MAX, DECISION_MAX, OWNER_MAX

DECISIONS_MAX = 50  # decisions of one meeting: far more than a committee takes, and the form stays bounded
NEW, UPDATE = "new", "update"  # what a decision does to the actions, when it does something
FOLLOW_UPS = {"": _l("Pas d'action"), NEW: _l("Devient une nouvelle action"),
              UPDATE: _l("Met à jour une action")}
INVALID_DATE = _l("Date invalide.")


class DecisionForm(RowForm):
    """One decision: what, who sees to it, by when, and what it does to the actions (only the first time: a decision
    that made or changed an action keeps it, `decision_id` says which stored decision the row is)."""
    REQUIRED = {"text": _l("Écrivez la décision.")}
    decision_id = HiddenField()
    text = TextAreaField(_l("Décision"), filters=[strip], validators=[too_long(DECISION_MAX)])
    owner = StringField(_l("Qui s'en charge"), filters=[strip], validators=[too_long(OWNER_MAX)])
    due_on = DateField(_l("Échéance"), validators=[Optional()], invalid_value_message=INVALID_DATE)
    follow_up = SelectField(_l("Suite sur les actions"), choices=options(FOLLOW_UPS.items()), default="")
    kind = SelectField(_l("Type de la nouvelle action"), choices=options(rules.ACTION_TYPES.items()),
                       default=next(iter(rules.ACTION_TYPES)))  # a row sent without it is no refusal
    action = SelectField(_l("Action à mettre à jour"), coerce=id_or_none)
    status = SelectField(_l("Nouvel avancement"), choices=options([("", _l("Inchangé")), *STATUSES.items()]),
                         default="")
    ends_on = DateField(_l("Nouvelle date de fin"), validators=[Optional()], invalid_value_message=INVALID_DATE)

    @property
    def is_blank(self):
        return (not self.text.data and not self.owner.data and self.due_on.data is None and not self.due_on.errors
                and not self.follow_up.data)

    @property
    def stored_id(self):
        """The id of the stored decision this row is, None for a new one."""
        return id_or_none(self.decision_id.data)

    def validate(self, extra_validators=None):
        """An update names its action and changes its status, its end, or both."""
        valid = super().validate(extra_validators)
        if self.is_blank or self.follow_up.data != UPDATE:
            return valid
        if self.action.data is None and not self.action.errors:
            self.action.errors.append(_l("Choisissez l'action à mettre à jour."))
        if not self.status.data and self.ends_on.data is None and not self.ends_on.errors:
            self.status.errors.append(_l("Indiquez le nouvel avancement, la nouvelle date de fin, ou les deux."))
        return valid and not self.action.errors and not self.status.errors


class MeetingForm(FlaskForm):
    held_on = DateField(_l("Date de la réunion"), validators=[DataRequired(_l("Indiquez la date de la réunion."))],
                        invalid_value_message=INVALID_DATE)
    attendees = TextAreaField(_l("Présents (une personne ou une structure par ligne)"), filters=[strip], validators=[
        DataRequired(_l("Nommez au moins une personne ou une structure présente.")), too_long(ATTENDEES_MAX)])
    decisions = FieldList(FormField(DecisionForm), min_entries=1)
    version = HiddenField()

    def __init__(self, actions, *args, **kwargs):
        """`actions`: the map's actions, which a decision may update."""
        super().__init__(*args, **kwargs)
        self._actions = {action.id: action for action in actions}
        self._choices = options([("", _l("— Choisir —")), *((a.id, f"{a.position}. {a.title}") for a in actions)])
        self._offer_actions()

    @classmethod
    def for_meeting(cls, meeting, actions):
        """The form filled with a meeting as stored, with a blank decision to add one."""
        form = cls(actions, formdata=None, obj=meeting)
        form.decisions.entries, form.decisions.last_index = [], -1  # the stored ones from row 0 on
        for decision in meeting.decisions:
            form.decisions.append_entry({"decision_id": str(decision.id), "text": decision.text,
                                         "owner": decision.owner, "due_on": decision.due_on})
        form.add_blank_row()
        return form

    def add_blank_row(self):
        """One blank decision after the others (« Ajouter une décision »), to type a new one without a round trip."""
        rows = self.decisions
        if not rows.entries or not rows.entries[-1].form.is_blank:
            rows.append_entry()
        self._offer_actions()

    def _offer_actions(self):
        for entry in self.decisions:
            entry.form.action.choices = self._choices

    def validate(self, extra_validators=None):
        """The fields' own rules, then: a bounded number of decisions, and an action's new end after its start."""
        valid = super().validate(extra_validators)
        if len(self.filled_decisions()) > DECISIONS_MAX:
            self.held_on.errors = [*self.held_on.errors, _l("Pas plus de %(max)d décisions par réunion.",
                                                            max=DECISIONS_MAX)]
            valid = False
        for row in self.filled_decisions():
            action = self._actions.get(row.action.data)
            if (row.follow_up.data == UPDATE and action is not None and row.ends_on.data and action.starts_on
                    and row.ends_on.data < action.starts_on):
                row.ends_on.errors.append(_l("La fin doit venir après le début de l'action."))
                valid = False
        return valid

    def filled_decisions(self):
        """The rows typed in, in their order."""
        return [row for row in (entry.form for entry in self.decisions) if not row.is_blank]
