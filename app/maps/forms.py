"""The new-map form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from .. import legends
from ..forms import strip


class MapForm(FlaskForm):
    name = StringField(_l("Nom de la carte"), filters=[strip], validators=[
        DataRequired(_l("Donnez un nom à la carte.")),
        Length(max=120, message=_l("Le nom ne doit pas dépasser 120 caractères."))])
    commune = StringField(_l("Commune"), filters=[strip], validators=[
        Length(max=120, message=_l("Le nom de la commune ne doit pas dépasser 120 caractères."))])
    legend = SelectField(_l("Légende de départ"), default="carte-sensible")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.legend.choices = legends.choices()
