"""The forms of a person's rights."""
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired

from ..i18n import lazy_gettext as _l


class DeleteAccountForm(FlaskForm):
    """« Supprimer mon compte »: the password, so that a session left open cannot delete the account."""
    password = PasswordField(_l("Votre mot de passe, pour confirmer"), validators=[
        DataRequired(_l("Indiquez votre mot de passe pour confirmer."))])
