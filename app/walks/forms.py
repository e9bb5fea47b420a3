"""The form that starts a diagnostic en marchant."""
from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from ..forms import strip
from ..i18n import lazy_gettext as _l
from ..models.walk import FACILITATOR_MAX, PARTICIPANTS_MAX, THEME_MAX

PARTICIPANTS_MESSAGE = _l("Le nombre de participants est un nombre entier de 0 à %(max)d.", max=PARTICIPANTS_MAX)


class WalkForm(FlaskForm):
    held_on = DateField(_l("Date"), default=date.today, invalid_value_message=_l("Indiquez la date de la marche."),
                        validators=[DataRequired(_l("Indiquez la date de la marche."))])
    facilitator = StringField(_l("Animateur ou animatrice"), filters=[strip], validators=[
        DataRequired(_l("Indiquez qui anime la marche.")),
        Length(max=FACILITATOR_MAX,
               message=_l("Le nom ne doit pas dépasser %(max)d caractères.", max=FACILITATOR_MAX))])
    # A typed word or an empty box gets the same French message as a number out of range.
    participants = IntegerField(_l("Nombre de participants"), invalid_value_message=PARTICIPANTS_MESSAGE,
                                validators=[NumberRange(min=0, max=PARTICIPANTS_MAX, message=PARTICIPANTS_MESSAGE)])
    theme = StringField(_l("Thème"), filters=[strip], validators=[
        Length(max=THEME_MAX, message=_l("Le thème ne doit pas dépasser %(max)d caractères.", max=THEME_MAX))])
