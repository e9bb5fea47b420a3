"""The moderation form: why a proposal is rejected."""
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import strip
from ..i18n import lazy_gettext as _l


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Raison du refus"), filters=[strip], validators=[
        DataRequired(_l("Dites pourquoi la proposition est refusée : cela reste dans le suivi de la carte.")),
        Length(max=1000, message=_l("Pas plus de 1 000 caractères."))])
