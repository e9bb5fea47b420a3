"""The form of a realised expense: the budget line it is spent on, what was bought, from whom, how much, when, and
whether it is committed or paid; and, when it is added, its first receipt."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired

from ..forms import MoneyField, options, strip, too_long
from ..i18n import lazy_gettext as _l
from ..loaders import id_or_none
from ..models.expense import LABEL_MAX, STATUSES, SUPPLIER_MAX


class ExpenseForm(FlaskForm):
    budget_line = SelectField(_l("Ligne du budget"), coerce=id_or_none,
                              validators=[InputRequired(_l("Choisissez la ligne du budget de cette dépense."))])
    label = StringField(_l("Dépense"), filters=[strip], validators=[
        DataRequired(_l("Dites ce qui a été acheté ou payé.")), too_long(LABEL_MAX)])
    supplier = StringField(_l("Fournisseur"), filters=[strip], validators=[too_long(SUPPLIER_MAX)])
    amount = MoneyField(_l("Montant (€)"), validators=[InputRequired(_l("Indiquez le montant."))])
    spent_on = DateField(_l("Date"), validators=[InputRequired(_l("Indiquez la date de la dépense."))],
                         invalid_value_message=_l("Date invalide."))
    status = SelectField(_l("Statut"), choices=options(STATUSES.items()), default="engagee")
    receipt = FileField(_l("Justificatif (PDF ou photo, facultatif)"))
    version = HiddenField()

    def __init__(self, lines, *args, **kwargs):
        """`lines`: the map's budget lines, which the expense may be spent on, as (line, its action)."""
        super().__init__(*args, **kwargs)
        self.budget_line.choices = options([("", _l("— choisir —")), *(
            (line.id, f"{action.position}. {action.title} · {line.label}") for line, action in lines)])

    @classmethod
    def for_expense(cls, expense, lines):
        form = cls(lines, formdata=None, obj=expense)
        form.budget_line.data, form.amount.data = expense.budget_line_id, expense.amount_cents
        return form

    def fields(self):
        """The typed values as Expense's columns."""
        return {"budget_line_id": self.budget_line.data, "label": self.label.data, "supplier": self.supplier.data or "",
                "amount_cents": self.amount.data, "spent_on": self.spent_on.data, "status": self.status.data}


class ReceiptForm(FlaskForm):
    receipt = FileField(_l("Justificatif (PDF ou photo)"), validators=[FileRequired(_l("Choisissez un fichier."))])
