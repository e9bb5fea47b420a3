"""The comment form."""
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import strip
from ..i18n import lazy_gettext as _l
from ..models.comment import AUTHOR_MAX, BODY_MAX


class CommentForm(FlaskForm):
    pseudonym = StringField(_l("Votre prénom ou pseudonyme (facultatif)"), filters=[strip], validators=[
        Length(max=AUTHOR_MAX, message=_l("Le pseudonyme ne doit pas dépasser %(max)d caractères.", max=AUTHOR_MAX))])
    body = TextAreaField(_l("Commentaire"), filters=[strip], validators=[
        DataRequired(_l("Écrivez votre commentaire.")),
        Length(max=BODY_MAX, message=_l("Le commentaire ne doit pas dépasser %(max)d caractères.", max=BODY_MAX))])
