"""Accounts: sign up, log in and out, display name, password changed or forgotten.

No answer tells whether an address has an account: sign-up and « mot de passe oublié » answer the same words
and send the link to the address itself (a new account gets its password from that link, so nobody can take an
address that is not theirs), and login refuses an unknown address with the same words and the same hashing work
as a wrong password.
"""
import math
import re
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db
from ..forms import form_page, with_valid_form
from ..mail import deliver_link, public_url
from ..models import User
from . import throttle
from .forms import ForgotForm, LoginForm, PasswordForm, ProfileForm, ResetForm, SignupForm
from .tokens import reset_token, user_of

bp = Blueprint("accounts", __name__, url_prefix="/compte")


def _with_valid_form(make_form, template):
    """The view receives its form once what was sent is valid; until then, the form's page."""
    return with_valid_form(make_form, lambda form: form_page(template, form))


@bp.route("/inscription", methods=["GET", "POST"])
@_with_valid_form(SignupForm, "accounts/signup.html")
def signup(form):
    """Ask for a name and an address; the password is chosen from the link sent to that address."""
    user = User.by_email(form.email.data)
    if user is None or not user.has_password:
        user = user or User.sign_up(form.email.data, form.display_name.data)
        db.session.commit()
        _send_link(user, _("Bienvenue sur Voyette"),
                   _("Pour choisir votre mot de passe et ouvrir votre compte (lien valable une heure) :"))
    else:  # its owner learns that someone tried, and may choose a new password; the page says no more
        _send_link(user, _("Votre compte Voyette"),
                   _("Quelqu'un (vous ?) a voulu créer un compte Voyette avec cette adresse, qui en a déjà un. "
                     "Si vous avez oublié votre mot de passe, choisissez-en un nouveau (lien valable une heure) :"))
    flash(_("Un lien pour choisir votre mot de passe vient d'être envoyé à cette adresse, par e-mail ou, à "
            "défaut, à l'administrateur du serveur. Il est valable une heure."))
    return redirect(url_for("accounts.login"), 303)


@bp.route("/connexion", methods=["GET", "POST"])
@_with_valid_form(LoginForm, "accounts/login.html")
def login(form):
    """Log in; repeated failures wait longer each time (see throttle.py), never the owner's own device."""
    wait = throttle.wait_before_login(form.email.data)
    if wait:
        return _too_many(form, wait)
    user = User.authenticate(form.email.data, form.password.data)
    if user is None:
        throttle.failed(form.email.data)
        db.session.commit()
        form.password.errors.append(_("Adresse ou mot de passe incorrect."))
        return render_template("accounts/login.html", form=form), 422
    login_user(user)
    # A permanent session (rather than Flask-Login's remember cookie) also keeps the form token of the pages the
    # tablet holds offline. It names the account's session generation like any session, so logging out anywhere
    # or a new password ends it too.
    session.permanent = form.remember.data
    return throttle.trust_device(redirect(_safe_next(request.args.get("next")), 303), user)


@bp.post("/deconnexion")
def logout():
    """Log out here and on every other device (one forgotten on a shared computer too).

    The whole session goes, not only the account: the view keys, contribution links and pseudonym this browser
    held while logged in would otherwise open the maps to the next person at a shared computer. Only the form
    token stays: it guards against other sites, not against whoever sits at this browser, and the forms of its
    other open tabs (the login form) keep working. The login slow-down's device cookie is a cookie of its own."""
    if current_user.is_authenticated:
        current_user.end_sessions()
        db.session.commit()
    forget_session()
    return redirect(url_for("maps.index"), 303)


def forget_session():
    """Empty this browser's session but for its form token (see `logout`), and log it out."""
    form_token = current_app.config["WTF_CSRF_FIELD_NAME"]
    kept = {form_token: session[form_token]} if form_token in session else {}
    session.clear()
    session.update(kept)
    logout_user()  # after: it marks a "remember me" cookie for deletion in the session


@bp.route("", methods=["GET", "POST"])
@login_required
@_with_valid_form(lambda: ProfileForm(obj=current_user), "accounts/profile.html")
def profile(form):
    """Change the name shown on one's changes and comments."""
    current_user.display_name = form.display_name.data
    db.session.commit()
    flash(_("Votre nom affiché est enregistré."))
    return redirect(url_for("accounts.profile"), 303)


@bp.route("/mot-de-passe", methods=["GET", "POST"])
@login_required
@_with_valid_form(PasswordForm, "accounts/password.html")
def change_password(form):
    """A new password, given the current one; every other session of the account ends."""
    wait = throttle.wait_before_login(current_user.email)  # the current password is guessed no faster here
    if wait:
        return _too_many(form, wait, field=form.current, template="accounts/password.html")
    if not current_user.check_password(form.current.data):
        throttle.failed(current_user.email)
        db.session.commit()
        form.current.errors.append(_("Mot de passe actuel incorrect."))
        return render_template("accounts/password.html", form=form), 422
    current_user.change_password(form.password.data)
    db.session.commit()
    login_user(current_user)  # this session takes the new generation; the others are over
    flash(_("Votre nouveau mot de passe est enregistré ; vos autres sessions sont fermées."))
    return redirect(url_for("accounts.profile"), 303)


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@_with_valid_form(ForgotForm, "accounts/forgot.html")
def forgot(form):
    """Mail the typed address a reset link, or, when it has no account, the way to create one: the same work and
    the same answer either way."""
    user = User.by_email(form.email.data)
    if user is not None:
        _send_link(user, _("Nouveau mot de passe Voyette"),
                   _("Pour choisir un nouveau mot de passe (lien valable une heure) :"))
    else:
        _mail(form.email.data, _("Nouveau mot de passe Voyette"),
              _("Aucun compte Voyette n'a cette adresse. Pour en créer un :"),
              public_url("accounts.signup"))
    flash(_("Si un compte existe avec cette adresse, un lien pour choisir un nouveau mot de passe vient d'être "
            "envoyé par e-mail ou, à défaut, à l'administrateur du serveur."))
    return redirect(url_for("accounts.login"), 303)


@bp.route("/nouveau-mot-de-passe/<token>", methods=["GET", "POST"])
def reset(token):
    """Choose a password from a link: a new account's first one, or a new one; every other session ends."""
    user = user_of(token)
    if user is None:
        flash(_("Ce lien n'est plus valable : demandez-en un nouveau."))
        return redirect(url_for("accounts.forgot"), 303)
    form, first = ResetForm(), not user.has_password
    if not form.validate_on_submit():
        return form_page("accounts/reset.html", form, first=first)
    user.change_password(form.password.data)
    db.session.commit()
    login_user(user)
    flash(_("Bienvenue, %(name)s : votre compte est créé.", name=user.display_name) if first
          else _("Votre nouveau mot de passe est enregistré ; vos autres sessions sont fermées."))
    return throttle.trust_device(redirect(_safe_next(request.args.get("next")), 303), user)


def _send_link(user, subject, text):
    """The password link, to the address alone; it leads back to the page the person came from (an invitation…)."""
    next_ = request.args.get("next")
    link = public_url("accounts.reset", token=reset_token(user), next=_safe_next(next_) if next_ else None)
    _mail(user.email, subject, text, link)


def _mail(address, subject, text, link):
    if throttle.may_mail(address):
        deliver_link(address, subject, text, link)


def _too_many(form, wait, field=None, template="accounts/login.html"):
    """429, the wait said next to the field (the address, input kept) and in Retry-After."""
    (field or form.email).errors.append(_("Trop d'essais : réessayez dans %(delay)s.", delay=throttle.in_words(wait)))
    return render_template(template, form=form), 429, {"Retry-After": str(math.ceil(wait))}


def _safe_next(target):
    """A path of this site only (an open redirect would help phishing). Checked as a browser will read it:
    browsers drop tabs and newlines from a URL and take a backslash for a slash, so "/\t/evil.example" and
    "/\\evil.example" both lead to //evil.example."""
    read = re.sub(r"[\t\n\r]", "", target or "").replace("\\", "/")
    parts = urlsplit(read)
    if read.startswith("/") and not read.startswith("//") and not (parts.scheme or parts.netloc) and read.isprintable():
        return read
    return url_for("maps.index")


def load_user(session_id):
    return User.by_session_id(session_id)
