"""Collective forms: founding one, inviting members, changing a member's role."""
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..accounts.forms import EMAIL
from ..forms import options, strip
from ..i18n import lazy_gettext as _l
from ..models.collective import NAME_MAX

KIND_LABELS = {
    "commune": _l("Commune"), "epci": _l("EPCI (communauté d'agglomération, de communes)"),
    "centre-social": _l("Centre social"), "ccas": _l("CCAS"), "association-habitants": _l("Association d'habitants"),
    "association": _l("Association"), "groupement": _l("Groupement (collectif informel, bailleur et habitants…)"),
}
ROLE_LABELS = {
    "viewer": _l("Lecteur : voit les cartes privées"),
    "contributor": _l("Contributeur : ajoute et modifie des éléments, commente"),
    "editor": _l("Éditeur : et supprime, restaure, gère la légende et modère"),
    "owner": _l("Responsable : et gère le partage, les liens et les membres"),
}
ROLE_NAMES = {"viewer": _l("Lecteur"), "contributor": _l("Contributeur"), "editor": _l("Éditeur"),
              "owner": _l("Responsable")}


class CollectiveForm(FlaskForm):
    name = StringField(_l("Nom du collectif"), filters=[strip], validators=[
        DataRequired(_l("Donnez un nom au collectif.")),
        Length(max=NAME_MAX, message=_l("Le nom ne doit pas dépasser %(max)d caractères.", max=NAME_MAX))])
    kind = SelectField(_l("Type"), choices=options(KIND_LABELS.items()),
                       validators=[DataRequired(_l("Choisissez le type de collectif."))])


class InviteForm(FlaskForm):
    role = SelectField(_l("Rôle"), choices=options(ROLE_LABELS.items()), default="contributor")
    email = EmailField(_l("Adresse e-mail (facultatif : sinon, partagez le lien vous-même)"), filters=[strip],
                       validators=[Optional(), EMAIL, Length(max=254)])


class RoleForm(FlaskForm):
    role = SelectField(_l("Rôle"), choices=options(ROLE_NAMES.items()))
