"""The forms of a person's rights."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, ValidationError
from wtforms.validators import DataRequired

from ..i18n import lazy_gettext as _l


class DeleteAccountForm(FlaskForm):
    """« Supprimer mon compte »: the password, so that a session left open cannot delete the account."""
    password = PasswordField(_l("Votre mot de passe, pour confirmer"), validators=[
        DataRequired(_l("Indiquez votre mot de passe pour confirmer."))])


class EraseForm(FlaskForm):
    """An owner erases one person's contributions on the map: whom, and what goes rather than losing the name."""
    who = SelectField(_l("La personne"), validate_choice=False)  # the route gives the choices and checks the answer
    items = BooleanField(_l("Supprimer ses éléments, avec leurs photos, commentaires et historique"))
    comments = BooleanField(_l("Supprimer ses commentaires"))
    photos = BooleanField(_l("Supprimer ses photos"))

    def chose(self, members, pseudonyms):
        """Offer those people (`traces.contributors`): « m<id> » a member, « p<pseudonym> » a resident."""
        self.who.choices = [("", _l("— choisir —"))] + [(f"m{user_id}", name) for user_id, name in members] + \
            [(f"p{name}", _l("%(name)s (pseudonyme)", name=name)) for name in pseudonyms]
        return self

    def validate_who(self, field):
        if field.data not in {value for value, _label in field.choices} or not field.data:
            raise ValidationError(_l("Choisissez la personne dont les contributions sont à effacer."))
