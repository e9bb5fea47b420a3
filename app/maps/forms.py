"""The new-map form and the map's sharing (visibility) form."""
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Length

from .. import legends
from ..forms import options, strip
from ..i18n import lazy_gettext as _l

VISIBILITY_LABELS = {
    "private": _l("Privée : seuls les membres du collectif la voient"),
    "link": _l("Par lien : toute personne qui a le lien secret peut la voir"),
    "public": _l("Publique : listée sur l'accueil, visible de tous"),
}


class MapForm(FlaskForm):
    name = StringField(_l("Nom de la carte"), filters=[strip], validators=[
        DataRequired(_l("Donnez un nom à la carte.")),
        Length(max=120, message=_l("Le nom ne doit pas dépasser 120 caractères."))])
    commune = StringField(_l("Commune"), filters=[strip], validators=[
        Length(max=120, message=_l("Le nom de la commune ne doit pas dépasser 120 caractères."))])
    legend = SelectField(_l("Légende de départ"), default="carte-sensible")
    collective = SelectField(_l("Collectif"), coerce=int, validate_choice=False)
    visibility = RadioField(_l("Qui peut la voir"), choices=options(VISIBILITY_LABELS.items()), default="private")

    def __init__(self, collectives, *args, **kwargs):
        """`collectives`: those the account may create maps for."""
        super().__init__(*args, **kwargs)
        self.legend.choices = options(legends.choices())
        self.collectives = {c.id: c for c in collectives}
        self.collective.choices = options((c.id, c.name) for c in collectives)

    def validate_collective(self, field):
        if field.data not in self.collectives:
            raise ValidationError(_l("Choisissez un de vos collectifs."))


class VisibilityForm(FlaskForm):
    visibility = RadioField(_l("Qui peut voir la carte"), choices=options(VISIBILITY_LABELS.items()))
