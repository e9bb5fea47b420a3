"""The new-map form, the map's opening view and its sharing (visibility) form."""
import math

from flask_wtf import FlaskForm
from wtforms import FloatField, IntegerField, RadioField, SelectField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from .. import legends, places
from ..forms import options, strip
from ..i18n import lazy_gettext as _l
from ..places.territories import TERRITORIES

VISIBILITY_LABELS = {
    "private": _l("Privée : seuls les membres du collectif la voient"),
    "link": _l("Par lien : toute personne qui a le lien secret peut la voir"),
    "public": _l("Publique : listée sur l'accueil, visible de tous"),
}


class MapForm(FlaskForm):
    name = StringField(_l("Nom de la carte"), filters=[strip], validators=[
        DataRequired(_l("Donnez un nom à la carte.")),
        Length(max=120, message=_l("Le nom ne doit pas dépasser 120 caractères."))])
    commune = SelectField(_l("Commune"), validate_choice=False)
    legend = SelectField(_l("Légende de départ"), default="carte-sensible")
    collective = SelectField(_l("Collectif"), coerce=int, validate_choice=False)
    visibility = RadioField(_l("Qui peut la voir"), choices=options(VISIBILITY_LABELS.items()), default="private")

    def __init__(self, collectives, *args, **kwargs):
        """`collectives`: those the account may create maps for."""
        super().__init__(*args, **kwargs)
        self.legend.choices = options(legends.choices())
        self.collectives = {c.id: c for c in collectives}
        self.collective.choices = options((c.id, c.name) for c in collectives)
        # The communes grouped by intercommunality; the first option, in no group, asks for a choice.
        self.commune.choices = [SelectChoice("", _l("— Choisir la commune —")), *(
            SelectChoice(c.code, c.name, optgroup=str(TERRITORIES[c.epci])) for c in places.communes().values())]

    def validate_collective(self, field):
        if field.data not in self.collectives:
            raise ValidationError(_l("Choisissez un de vos collectifs."))

    def validate_commune(self, field):
        if places.commune(field.data) is None:
            raise ValidationError(_l("Choisissez la commune de la carte dans la liste."))


VIEW_MESSAGE = _l("La vue n'a pas pu être enregistrée : centre ou zoom hors des limites de la carte.")
MIN_ZOOM, MAX_ZOOM = 5, 20  # from a département to the closest zoom the basemaps draw
MAX_LAT = 85.0511  # where Web Mercator, and so Leaflet, stops


def finite(_form, field):
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError(VIEW_MESSAGE)


class OpeningViewForm(FlaskForm):
    """The view the map opens on, as the page shows it now (sent by static/js/opening_view.js)."""
    lon = FloatField(invalid_value_message=VIEW_MESSAGE, validators=[
        InputRequired(VIEW_MESSAGE), finite, NumberRange(min=-180, max=180, message=VIEW_MESSAGE)])
    lat = FloatField(invalid_value_message=VIEW_MESSAGE, validators=[
        InputRequired(VIEW_MESSAGE), finite, NumberRange(min=-MAX_LAT, max=MAX_LAT, message=VIEW_MESSAGE)])
    zoom = IntegerField(invalid_value_message=VIEW_MESSAGE, validators=[
        InputRequired(VIEW_MESSAGE), NumberRange(min=MIN_ZOOM, max=MAX_ZOOM, message=VIEW_MESSAGE)])


class VisibilityForm(FlaskForm):
    visibility = RadioField(_l("Qui peut voir la carte"), choices=options(VISIBILITY_LABELS.items()))
