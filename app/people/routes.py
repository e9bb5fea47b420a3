"""A person's rights over their data, from « Mon compte »: delete the account, download « Mes données »."""
from flask import Blueprint, Response, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts import throttle
from ..accounts.routes import forget_session
from ..extensions import db
from .erasure import OwnerNeeded, delete_account, orphaned_collectives
from .export import EXPORT_NAME, export
from .forms import DeleteAccountForm
from .traces import Person

bp = Blueprint("people", __name__, url_prefix="/compte")


@bp.route("/supprimer", methods=["GET", "POST"])
@login_required
def delete():
    """Delete one's account, given its password; refused while a collective would be left without an owner."""
    form, person = DeleteAccountForm(), Person.in_session(current_user, session)
    if not form.validate_on_submit():
        return _page(form, person)
    wait = throttle.wait_before_login(current_user.email)  # the password is guessed no faster here than at login
    if wait:
        form.password.errors.append(_("Trop d'essais : réessayez dans %(delay)s.", delay=throttle.in_words(wait)))
        return _page(form, person, 429)
    if not current_user.check_password(form.password.data):
        throttle.failed(current_user.email)
        db.session.commit()
        form.password.errors.append(_("Mot de passe incorrect : votre compte n'est pas supprimé."))
        return _page(form, person)
    try:
        delete_account(person)
    except OwnerNeeded:
        return _page(form, person, 409)
    db.session.commit()
    forget_session()
    flash(_("Votre compte est supprimé. Vos contributions restent sur les cartes, signées « ancien membre »."))
    return redirect(url_for("maps.index"), 303)


def _page(form, person, status=None):
    """The confirmation page (422 once a refused form was sent), with the collectives that need another owner."""
    status = status or (422 if form.is_submitted() else 200)
    return render_template("people/delete.html", form=form, orphaned=orphaned_collectives(person)), status


@bp.get("/mes-donnees")
@login_required
def my_data():
    """« Mes données »: the ZIP of everything the account made or is named in."""
    data = export(Person.in_session(current_user, session))
    headers = {"Content-Disposition": f'attachment; filename="{EXPORT_NAME}"', "Cache-Control": "no-store"}
    return Response(data, mimetype="application/zip", headers=headers)
