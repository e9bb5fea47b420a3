"""The forms of shared plots: cutting a zone into equal plots, and assigning a plot for a season."""
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from ..forms import options, strip, too_long
from ..i18n import lazy_gettext as _l
from ..models.feature import TITLE_MAX
from ..models.plot import HOLDER_MAX, NOTE_MAX
from .split import PLOTS_MAX, PLOTS_MIN

COUNT_MESSAGE = _l("Un nombre entier de %(min)d à %(max)d.", min=PLOTS_MIN, max=PLOTS_MAX)


class SplitForm(FlaskForm):
    count = IntegerField(_l("Nombre de parcelles"), default=4, invalid_value_message=COUNT_MESSAGE, validators=[
        InputRequired(COUNT_MESSAGE), NumberRange(min=PLOTS_MIN, max=PLOTS_MAX, message=COUNT_MESSAGE)])
    category = SelectField(_l("Catégorie des parcelles"), coerce=int)
    name = StringField(_l("Nom des parcelles"), default=_l("Parcelle"), filters=[strip], validators=[
        DataRequired(_l("Donnez un nom aux parcelles.")), too_long(TITLE_MAX - 4)],
        description=_l("Numérotées à la suite : « Parcelle 1 », « Parcelle 2 »…"))

    def __init__(self, categories, *args, **kwargs):
        """`categories`: those of the legend that take zones."""
        super().__init__(*args, **kwargs)
        self.category.choices = options((c.id, f"{c.icon} {c.label}".strip()) for c in categories)


class AssignForm(FlaskForm):
    holder = StringField(_l("Attribuée à (foyer ou groupe : un prénom ou un pseudonyme)"), filters=[strip],
                         validators=[too_long(HOLDER_MAX)])
    season_start = DateField(_l("Saison : du"), validators=[Optional()], invalid_value_message=_l("Date invalide."))
    season_end = DateField(_l("au"), validators=[Optional()], invalid_value_message=_l("Date invalide."))
    note = TextAreaField(_l("Note"), filters=[strip], validators=[too_long(NOTE_MAX)])

    def validate_season_end(self, field):
        if field.data and self.season_start.data and field.data < self.season_start.data:
            raise ValidationError(_l("La fin de la saison doit venir après son début."))
