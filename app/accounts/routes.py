"""Accounts: sign up, log in and out, display name, forgotten password."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db
from ..mail import deliver_link
from ..models import LoginAttempt, User
from ..models.user import normalise_email
from .forms import ForgotForm, LoginForm, ProfileForm, ResetForm, SignupForm
from .tokens import reset_token, user_of

bp = Blueprint("accounts", __name__, url_prefix="/compte")


@bp.route("/inscription", methods=["GET", "POST"])
def signup():
    """Create an account and log in with it."""
    form = SignupForm()
    if not form.validate_on_submit():
        return render_template("accounts/signup.html", form=form), 422 if form.is_submitted() else 200
    user = User(email=normalise_email(form.email.data), display_name=form.display_name.data)
    user.set_password(form.password.data)
    db.session.add(user)
    db.session.commit()
    login_user(user)
    flash(_("Bienvenue, %(name)s : votre compte est créé.", name=user.display_name))
    return redirect(_safe_next(request.args.get("next")), 303)


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    """Log in; after too many failures for one address, wait before trying again."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), 422 if form.is_submitted() else 200
    if LoginAttempt.too_many(form.email.data):
        form.email.errors.append(_("Trop d'essais pour cette adresse : réessayez dans un quart d'heure."))
        return render_template("accounts/login.html", form=form), 429
    user = User.by_email(form.email.data)
    if user is None or not user.check_password(form.password.data):
        LoginAttempt.failed(form.email.data)
        db.session.commit()
        form.password.errors.append(_("Adresse ou mot de passe incorrect."))
        return render_template("accounts/login.html", form=form), 422
    login_user(user)
    return redirect(_safe_next(request.args.get("next")), 303)


@bp.post("/deconnexion")
def logout():
    logout_user()
    return redirect(url_for("maps.index"), 303)


@bp.route("", methods=["GET", "POST"])
@login_required
def profile():
    """Change the name shown on one's changes and comments."""
    form = ProfileForm(obj=current_user)
    if not form.validate_on_submit():
        return render_template("accounts/profile.html", form=form), 422 if form.is_submitted() else 200
    current_user.display_name = form.display_name.data
    db.session.commit()
    flash(_("Votre nom affiché est enregistré."))
    return redirect(url_for("accounts.profile"), 303)


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
def forgot():
    """Mail a reset link (always logged too); the answer is the same whether the address has an account."""
    form = ForgotForm()
    if not form.validate_on_submit():
        return render_template("accounts/forgot.html", form=form), 422 if form.is_submitted() else 200
    user = User.by_email(form.email.data)
    if user is not None:
        link = url_for("accounts.reset", token=reset_token(user), _external=True)
        deliver_link(user.email, _("Nouveau mot de passe Voyette"),
                     _("Pour choisir un nouveau mot de passe (lien valable une heure) :"), link)
    flash(_("Si un compte existe avec cette adresse, un lien pour choisir un nouveau mot de passe vient d'être "
            "envoyé par e-mail ou, à défaut, à l'administrateur du serveur."))
    return redirect(url_for("accounts.login"), 303)


@bp.route("/nouveau-mot-de-passe/<token>", methods=["GET", "POST"])
def reset(token):
    """Choose a new password from a reset link."""
    user = user_of(token)
    if user is None:
        flash(_("Ce lien n'est plus valable : demandez-en un nouveau."))
        return redirect(url_for("accounts.forgot"), 303)
    form = ResetForm()
    if not form.validate_on_submit():
        return render_template("accounts/reset.html", form=form), 422 if form.is_submitted() else 200
    user.set_password(form.password.data)
    db.session.commit()
    login_user(user)
    flash(_("Votre nouveau mot de passe est enregistré."))
    return redirect(url_for("maps.index"), 303)


def _safe_next(target):
    """Only a path of this site, never another site (an open redirect would help phishing)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("maps.index")


def load_user(user_id):
    return db.session.get(User, int(user_id))
