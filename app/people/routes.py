"""A person's rights over their data, from « Mon compte »: delete the account, download « Mes données »; and on
a map, its owner erases one person's contributions on request."""
from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import ADMIN
from ..accounts import throttle
from ..accounts.routes import forget_session
from ..authorship import current_author
from ..extensions import db
from ..loaders import with_map
from ..models import User
from ..panel import render_in_panel
from .erasure import ERASABLE, OwnerNeeded, delete_account, erase_contributions, orphaned_collectives
from .export import EXPORT_NAME, export
from .forms import DeleteAccountForm, EraseForm
from .traces import Person, contributors

bp = Blueprint("people", __name__)


@bp.route("/compte/supprimer", methods=["GET", "POST"])
@login_required
def delete():
    """Delete one's account, given its password; refused while a collective would be left without an owner."""
    form, person = DeleteAccountForm(), Person.in_session(current_user)
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


@bp.get("/compte/mes-donnees")
@login_required
def my_data():
    """« Mes données »: the ZIP of everything the account made or is named in."""
    data = export(Person.in_session(current_user))
    headers = {"Content-Disposition": f'attachment; filename="{EXPORT_NAME}"', "Cache-Control": "no-store"}
    return Response(data, mimetype="application/zip", headers=headers)


@bp.route("/cartes/<int:map_id>/effacer-contributions", methods=["GET", "POST"])
@with_map(ADMIN)
def erase(map_):
    """An owner erases one person's contributions on the map, on their request: deleted, or their name taken off."""
    form = EraseForm().chose(*contributors(map_))
    if not form.validate_on_submit():
        return _erase_panel(map_, form, 422 if form.is_submitted() else 200)
    person = _chosen(map_, form.who.data)
    counts = erase_contributions(person, map_, [kind for kind in ERASABLE if form[kind].data], author=current_author())
    db.session.commit()
    return _erase_panel(map_, EraseForm(formdata=None).chose(*contributors(map_)), erased=counts,
                        trigger="features-changed")


def _chosen(map_, who):
    """The person the form names: a member of the map's collective (« m<id> »), or a pseudonym (« p<name> »)."""
    if who.startswith("m"):
        return Person.on_map(map_, user=db.session.get(User, int(who[1:])))
    return Person.on_map(map_, pseudonym=who[1:])


def _erase_panel(map_, form, status=200, erased=None, trigger=None):
    return render_in_panel("people/erase.html", "people/_erase.html", map_, status=status, trigger=trigger,
                           form=form, erased=erased)
