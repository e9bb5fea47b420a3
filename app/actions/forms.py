"""The form of a project action, with its budget lines, its objectifs chiffrés and the items it concerns; the form
of a dated measurement of one of its objectives."""
from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..dossier import rules
from ..forms import MoneyField, RowForm, options, strip, too_long
from ..i18n import lazy_gettext as _l
from ..models.action import (
    COFUNDER_STATUSES,
    DESCRIPTION_MAX,
    LABEL_MAX,
    PARTNER_MAX,
    PARTNERS_MAX,
    STATUSES,
    TITLE_MAX,
)

BLANK_ROWS = 1  # empty rows offered after the filled ones, to type a new line without a round trip
COUNT_MESSAGE = _l("Un nombre entier, 0 ou plus.")
COUNT_MAX = 1_000_000_000  # far more than anything a collective counts, well within an integer column
NOT_THIS_ACTIONS = _l("Cette ligne n'est pas de cette action : rouvrez le formulaire.")
HAS_EXPENSES = _l("Cette ligne a des dépenses réalisées : supprimez-les d'abord.")
HAS_MEASUREMENTS = _l("Cet objectif a des mesures : supprimez-les d'abord.")


class _StoredRow(RowForm):
    """A row of the action's form that shows a stored row (empty for a new one): the row is changed in place, so that
    what hangs from it (a line's realised expenses, an objective's measurements) stays with it."""
    row_id = HiddenField()


class BudgetLineForm(_StoredRow):
    """One expected expense; a row left wholly empty is no line."""
    REQUIRED = {"label": _l("Nommez la dépense."), "amount": _l("Indiquez le montant.")}
    label = StringField(_l("Dépense"), filters=[strip], validators=[too_long(LABEL_MAX)])
    amount = MoneyField(_l("Montant (€)"))
    kind = SelectField(_l("Nature"), choices=options((code, kind.label) for code, kind in rules.EXPENSE_KINDS.items()))
    funder = SelectField(_l("Financé par"), choices=options(rules.FUNDERS.items()), default=rules.STATE)
    cofunder = StringField(_l("Nom du cofinanceur"), filters=[strip], validators=[too_long(PARTNER_MAX)])
    cofunder_status = SelectField(_l("Cofinancement"), choices=options([("", "—"), *COFUNDER_STATUSES.items()]),
                                  default="")

    @property
    def is_blank(self):
        return not self.label.data and self.amount.data is None and not self.amount.errors

    def validate(self, extra_validators=None):
        """A line paid by « Autre financeur » names it and says whether it is granted, as the plan lists it; a
        name on a line another funder pays would be lost, so it is refused rather than dropped."""
        valid = super().validate(extra_validators)
        if self.is_blank or self.cofunder.errors or self.cofunder_status.errors:
            return valid
        if self.funder.data != rules.CO_FUNDER:
            if self.cofunder.data:
                self.cofunder.errors.append(_l("Seul un « Autre financeur » se nomme ici : choisissez-le, "
                                               "ou effacez ce nom."))
        elif not self.cofunder.data:
            self.cofunder.errors.append(_l("Nommez le cofinanceur."))
        elif not self.cofunder_status.data:
            self.cofunder_status.errors.append(_l("Indiquez si ce cofinancement est acquis ou sollicité."))
        return valid and not self.cofunder.errors and not self.cofunder_status.errors


class IndicatorForm(_StoredRow):
    """One objectif chiffré: what is counted, the target, and what was reached once done."""
    REQUIRED = {"label": _l("Nommez ce qui est compté."), "target": _l("Indiquez l'objectif.")}
    label = StringField(_l("Indicateur"), filters=[strip], validators=[too_long(LABEL_MAX)])
    target = IntegerField(_l("Objectif"), invalid_value_message=COUNT_MESSAGE,
                          validators=[Optional(), NumberRange(min=0, max=COUNT_MAX, message=COUNT_MESSAGE)])
    reached = IntegerField(_l("Atteint"), invalid_value_message=COUNT_MESSAGE,
                           validators=[Optional(), NumberRange(min=0, max=COUNT_MAX, message=COUNT_MESSAGE)])

    @property
    def is_blank(self):
        return not self.label.data and self.target.data is None and self.reached.data is None and not self.errors


class ActionForm(FlaskForm):
    kind = SelectField(_l("Type d'action (AMI)"), choices=options(rules.ACTION_TYPES.items()))
    title = StringField(_l("Titre"), filters=[strip], validators=[
        DataRequired(_l("Donnez un titre à l'action.")), too_long(TITLE_MAX)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[too_long(DESCRIPTION_MAX)])
    starts_on = DateField(_l("Début"), validators=[Optional()], invalid_value_message=_l("Date invalide."))
    ends_on = DateField(_l("Fin"), validators=[Optional()], invalid_value_message=_l("Date invalide."))
    status = SelectField(_l("Avancement"), choices=options(STATUSES.items()), default="planned")
    # « Suivi »: when it really started and ended, beside the planned dates the dossier keeps.
    started_on = DateField(_l("Commencée le"), validators=[Optional()], invalid_value_message=_l("Date invalide."))
    finished_on = DateField(_l("Terminée le"), validators=[Optional()], invalid_value_message=_l("Date invalide."))
    lead_partner = StringField(_l("Porteur de l'action"), filters=[strip], validators=[too_long(PARTNER_MAX)])
    partners = TextAreaField(_l("Partenaires (un par ligne)"), filters=[strip], validators=[too_long(PARTNERS_MAX)])
    budget_lines = FieldList(FormField(BudgetLineForm), min_entries=BLANK_ROWS)
    indicators = FieldList(FormField(IndicatorForm), min_entries=BLANK_ROWS)
    features = SelectMultipleField(_l("Éléments de la carte concernés"), coerce=int,
                                   widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    version = HiddenField()

    def __init__(self, features, *args, action=None, **kwargs):
        """`features`: the map's live items, which may be ticked; `action`: the stored action the form edits, whose
        rows alone its rows may name."""
        super().__init__(*args, **kwargs)
        self.action = action
        self.features.choices = options((feature.id, f"{feature.number:02d} · {feature.title}") for feature in features)

    @classmethod
    def for_action(cls, action, features):
        """The form filled with an action as stored, with one blank row of each list to add to."""
        form = cls(features, formdata=None, obj=action, action=action)
        form.features.data = [feature.id for feature in action.features]
        # Filled from `obj` first, the lists start again from their first name (budget_lines-0-…).
        form.budget_lines.entries, form.budget_lines.last_index = [], -1
        for line in action.budget_lines:
            form.budget_lines.append_entry(_line_values(line))
        form.indicators.entries, form.indicators.last_index = [], -1
        for indicator in action.indicators:
            form.indicators.append_entry(_indicator_values(indicator))
        form.add_blank_rows()
        return form

    def add_blank_rows(self):
        for rows in (self.budget_lines, self.indicators):
            if not rows.entries or not rows.entries[-1].form.is_blank:
                rows.append_entry()

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("La fin doit venir après le début."))

    def validate_finished_on(self, field):
        if field.data and not self.started_on.data and not self.started_on.errors:
            raise ValidationError(_l("Indiquez aussi quand elle a commencé."))
        if field.data and self.started_on.data and field.data < self.started_on.data:
            raise ValidationError(_l("Elle ne peut pas s'être terminée avant d'avoir commencé."))

    def validate_budget_lines(self, field):
        _check_rows(field, self.action.budget_lines if self.action else [], "expenses", HAS_EXPENSES, _line_values)

    def validate_indicators(self, field):
        _check_rows(field, self.action.indicators if self.action else [], "measurements", HAS_MEASUREMENTS,
                    _indicator_values)

    def filled_budget_lines(self):
        """(stored row's id or "", fields as BudgetLine's keyword arguments) of the rows typed in, in their order."""
        return [(row.row_id.data or "", {"label": row.label.data, "amount_cents": row.amount.data,
                                         "kind": row.kind.data, "funder": row.funder.data,
                                         "cofunder": row.cofunder.data or "",
                                         "cofunder_status": row.cofunder_status.data or ""})
                for row in (entry.form for entry in self.budget_lines) if not row.is_blank]

    def filled_indicators(self):
        """(stored row's id or "", fields as Indicator's keyword arguments) of the rows typed in, in their order."""
        return [(row.row_id.data or "", {"label": row.label.data, "target": row.target.data,
                                         "reached": row.reached.data})
                for row in (entry.form for entry in self.indicators) if not row.is_blank]


def _line_values(line):
    """A stored budget line as its row of the form shows it."""
    return {"row_id": line.id, "label": line.label, "amount": line.amount_cents, "kind": line.kind,
            "funder": line.funder, "cofunder": line.cofunder, "cofunder_status": line.cofunder_status}


def _indicator_values(indicator):
    return {"row_id": indicator.id, "label": indicator.label, "target": indicator.target,
            "reached": indicator.reached}


def _check_rows(rows, stored, children, in_use_message, values_of):
    """The rows name the action's own rows, each once; a row that has `children` (its expenses, its measurements)
    is not removed, whether the form clears it or leaves it out: it comes back with `in_use_message` beside it.
    A removed row would take them with it (their foreign keys cascade), unseen on this page."""
    by_id = {str(row.id): row for row in stored}
    named = set()
    for row in (entry.form for entry in rows.entries):
        if not row.row_id.data:
            continue
        stored_row = by_id.get(str(row.row_id.data))
        if stored_row is None or row.row_id.data in named:
            row.row_id.errors = [NOT_THIS_ACTIONS]
            continue
        named.add(str(row.row_id.data))
        if row.is_blank and getattr(stored_row, children):
            row.row_id.errors = [in_use_message]
    for missing in stored:
        if str(missing.id) not in named and getattr(missing, children):
            rows.append_entry(values_of(missing)).form.row_id.errors = [in_use_message]
    if any(entry.form.row_id.errors for entry in rows.entries):
        raise ValidationError(_l("Certaines lignes ne peuvent pas être enregistrées ainsi."))


class MeasurementForm(FlaskForm):
    """A count of an objective on a day, and who counted. Several are on an action's page, one per objective: each
    has its prefix, so that its fields' ids are its own. The CSRF token is the page's plain `csrf_token` field, which
    the app checks on every POST (`extensions.csrf`), not a prefixed one of this form."""
    class Meta:
        csrf = False

    measured_on = DateField(_l("Date du comptage"), default=date.today, invalid_value_message=_l("Date invalide."),
                            validators=[InputRequired(_l("Indiquez la date du comptage."))])
    value = IntegerField(_l("Valeur"), invalid_value_message=COUNT_MESSAGE, validators=[
        InputRequired(_l("Indiquez ce qui a été compté.")), NumberRange(min=0, max=COUNT_MAX, message=COUNT_MESSAGE)])
    counted_by = StringField(_l("Compté par"), filters=[strip], validators=[too_long(PARTNER_MAX)])

    @classmethod
    def of(cls, indicator, **kwargs):
        """The form of that objective on the action's page (blank unless `formdata` is given)."""
        return cls(prefix=f"mesure-{indicator.id}", **kwargs)

    def validate_measured_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("Ce jour n'est pas encore passé : datez la mesure du jour où elle a été faite."))
