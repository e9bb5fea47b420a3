"""The form of a project action, with its budget lines, its objectifs chiffrés and the items it concerns."""
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
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError
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


class BudgetLineForm(RowForm):
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


class IndicatorForm(RowForm):
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
    lead_partner = StringField(_l("Porteur de l'action"), filters=[strip], validators=[too_long(PARTNER_MAX)])
    partners = TextAreaField(_l("Partenaires (un par ligne)"), filters=[strip], validators=[too_long(PARTNERS_MAX)])
    budget_lines = FieldList(FormField(BudgetLineForm), min_entries=BLANK_ROWS)
    indicators = FieldList(FormField(IndicatorForm), min_entries=BLANK_ROWS)
    features = SelectMultipleField(_l("Éléments de la carte concernés"), coerce=int,
                                   widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    version = HiddenField()

    def __init__(self, features, *args, **kwargs):
        """`features`: the map's live items, which may be ticked."""
        super().__init__(*args, **kwargs)
        self.features.choices = options((feature.id, f"{feature.number:02d} · {feature.title}") for feature in features)

    @classmethod
    def for_action(cls, action, features):
        """The form filled with an action as stored, with one blank row of each list to add to."""
        form = cls(features, formdata=None, obj=action)
        form.features.data = [feature.id for feature in action.features]
        form.budget_lines.entries = []
        for line in action.budget_lines:
            form.budget_lines.append_entry({"label": line.label, "amount": line.amount_cents, "kind": line.kind,
                                            "funder": line.funder, "cofunder": line.cofunder,
                                            "cofunder_status": line.cofunder_status})
        form.indicators.entries = []
        for indicator in action.indicators:
            form.indicators.append_entry({"label": indicator.label, "target": indicator.target,
                                          "reached": indicator.reached})
        form.add_blank_rows()
        return form

    def add_blank_rows(self):
        for rows in (self.budget_lines, self.indicators):
            if not rows.entries or not rows.entries[-1].form.is_blank:
                rows.append_entry()

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("La fin doit venir après le début."))

    def filled_budget_lines(self):
        """The fields of the rows typed in, in their order, as BudgetLine's keyword arguments."""
        return [{"label": row.label.data, "amount_cents": row.amount.data, "kind": row.kind.data,
                 "funder": row.funder.data, "cofunder": row.cofunder.data or "",
                 "cofunder_status": row.cofunder_status.data or ""}
                for row in (entry.form for entry in self.budget_lines) if not row.is_blank]

    def filled_indicators(self):
        """(label, target, reached) of the rows typed in, in their order."""
        return [(row.label.data, row.target.data, row.reached.data)
                for row in (entry.form for entry in self.indicators) if not row.is_blank]
