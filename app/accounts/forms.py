"""Account forms: sign up, log in, profile, forgotten, new and changed password."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from ..forms import strip
from ..i18n import lazy_gettext as _l
from ..models.user import EMAIL_MAX, PASSWORD_MIN

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Cette adresse e-mail ne semble pas valide."))
# Past what the column holds, PostgreSQL would refuse the address with an error instead of a message.
EMAIL_LENGTH = Length(max=EMAIL_MAX, message=_l("Cette adresse e-mail est trop longue (%(max)d caractères au plus).",
                                                max=EMAIL_MAX))


def _display_name():
    return StringField(_l("Nom affiché (prénom, pseudonyme…)"), filters=[strip], validators=[
        DataRequired(_l("Donnez le nom sous lequel vos contributions apparaîtront.")),
        Length(max=60, message=_l("Le nom affiché ne doit pas dépasser 60 caractères."))])


def _new_password(label=None):
    return PasswordField(label or _l("Mot de passe"), validators=[
        Length(min=PASSWORD_MIN, max=200,
               message=_l("Le mot de passe doit compter au moins %(min)d caractères.", min=PASSWORD_MIN))])


def _confirmation():
    return PasswordField(_l("Mot de passe, encore une fois"), validators=[
        EqualTo("password", message=_l("Les deux mots de passe ne sont pas identiques."))])


class SignupForm(FlaskForm):
    display_name = _display_name()
    email = EmailField(_l("Adresse e-mail"), filters=[strip], validators=[
        DataRequired(_l("Indiquez votre adresse e-mail.")), EMAIL, EMAIL_LENGTH])


class LoginForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), filters=[strip], validators=[
        DataRequired(_l("Indiquez votre adresse e-mail."))])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(_l("Indiquez votre mot de passe."))])
    # For a tablet prepared for a walk: the session outlives the browser (see REMEMBER_DAYS in config.py).
    remember = BooleanField(_l("Rester connecté sur cet appareil"))


class ProfileForm(FlaskForm):
    display_name = _display_name()


class ForgotForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), filters=[strip], validators=[
        DataRequired(_l("Indiquez votre adresse e-mail.")), EMAIL, EMAIL_LENGTH])


class ResetForm(FlaskForm):
    password = _new_password()
    confirm = _confirmation()


class PasswordForm(FlaskForm):
    """« Changer le mot de passe »: the current one first, so that a session left open cannot take the account."""
    current = PasswordField(_l("Mot de passe actuel"), validators=[
        DataRequired(_l("Indiquez votre mot de passe actuel."))])
    password = _new_password(_l("Nouveau mot de passe"))
    confirm = _confirmation()
