"""Sharing forms: a contribution link for residents, and the pseudonym a resident types."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import options, strip
from ..i18n import lazy_gettext as _l

LIFETIMES = {"7": _l("une semaine"), "30": _l("un mois"), "90": _l("trois mois"), "0": _l("jusqu'à révocation")}


class ContributionLinkForm(FlaskForm):
    label = StringField(_l("Pour qui, pour quoi (ex. : diagnostic en marchant du 12 mai)"), filters=[strip],
                        validators=[Length(max=120, message=_l("Pas plus de 120 caractères."))])
    moderated = BooleanField(_l("Les contributions attendent ma validation (ou celle d'un éditeur)"), default=True)
    lifetime = SelectField(_l("Valable"), choices=options(LIFETIMES.items()), default="30")


class PseudonymForm(FlaskForm):
    pseudonym = StringField(_l("Votre prénom ou pseudonyme"), filters=[strip], validators=[
        DataRequired(_l("Indiquez un prénom ou un pseudonyme : il apparaîtra à côté de vos contributions.")),
        Length(max=60, message=_l("Pas plus de 60 caractères."))])
