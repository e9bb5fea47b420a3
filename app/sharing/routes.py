"""Who can reach a map: its visibility, its secret view link, and contribution links for residents."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import published
from ..access import ADMIN, remember_contribution_link
from ..authorship import current_author, remember_author
from ..extensions import db
from ..forms import form_page, with_valid_form
from ..loaders import with_map
from ..maps.forms import VisibilityForm
from ..models import Category, ContributionLink, Map
from ..models.map import utcnow
from ..panel import render_in_panel
from .forms import ContributionLinkForm, PseudonymForm

bp = Blueprint("sharing", __name__)


@bp.get("/cartes/<int:map_id>/partage")
@with_map(ADMIN)
def show(map_):
    """The sharing panel: visibility, view link, contribution links."""
    return _panel(map_)


def _panel(map_, status=200, link_form=None, visibility_form=None):
    if map_.share_token is None:  # maps made before links existed get theirs on first look
        map_.renew_share_token()
        db.session.commit()
    return render_in_panel("sharing/show.html", "sharing/_panel.html", map_, status=status,
                           visibility_form=visibility_form or VisibilityForm(formdata=None, visibility=map_.visibility),
                           link_form=link_form or ContributionLinkForm(formdata=None),
                           links=ContributionLink.of_map(map_.id), embed_categories=Category.of_map(map_.id))


def _changed(map_):
    """Keep the change and show the panel with it."""
    db.session.commit()
    return _panel(map_)


def _with_valid_form(make_form, name):
    """The view receives its form once what was sent is valid; until then, the panel with that form's errors
    (`name`: which of the panel's forms it is)."""
    return with_valid_form(make_form, lambda form, map_: _panel(map_, 422, **{name: form}))


@bp.post("/cartes/<int:map_id>/partage")
@with_map(ADMIN)
@_with_valid_form(VisibilityForm, "visibility_form")
def set_visibility(map_, form):
    """Who may see the map: its collective only, whoever has its view link, or everyone."""
    map_.visibility = form.visibility.data
    answer = _changed(map_)
    published.withdraw(map_.id)  # once committed: a reader who published meanwhile sees the change and withdraws
    return answer


@bp.post("/cartes/<int:map_id>/partage/nouveau-lien")
@with_map(ADMIN)
def renew_view_link(map_):
    """A new secret view link; the old one stops working at once."""
    map_.renew_share_token()
    return _changed(map_)


@bp.post("/cartes/<int:map_id>/liens")
@with_map(ADMIN)
@_with_valid_form(ContributionLinkForm, "link_form")
def create_link(map_, form):
    """A contribution link for residents, for a number of days or without end, moderated or not."""
    days = int(form.lifetime.data)
    db.session.add(ContributionLink(map_id=map_.id, label=form.label.data, moderated=form.moderated.data,
                                    expires_at=utcnow() + timedelta(days=days) if days else None))
    return _changed(map_)


@bp.post("/cartes/<int:map_id>/liens/<int:link_id>/revoquer")
@with_map(ADMIN)
def revoke_link(map_, link_id):
    """Stop a contribution link: whoever holds it can no longer add anything, from their next request."""
    link = ContributionLink.get_in_map(map_.id, link_id) or abort(404)
    link.revoke()
    return _changed(map_)


@bp.route("/contribuer/<token>", methods=["GET", "POST"])
def contribute(token):
    """A resident opens a contribution link, types a pseudonym, and lands on the map, ready to draw."""
    link = ContributionLink.active_by_token(token)
    if link is None:
        return render_template("sharing/link_gone.html"), 404
    map_ = db.session.get(Map, link.map_id)
    form = PseudonymForm(pseudonym=current_author())
    if not form.validate_on_submit():
        return form_page("sharing/contribute.html", form, link=link, map=map_)
    remember_contribution_link(link)
    remember_author(form.pseudonym.data)
    flash(_("Bienvenue %(name)s ! Choisissez Point, Ligne ou Zone, puis touchez la carte.", name=form.pseudonym.data))
    return redirect(url_for("maps.show", map_id=map_.id), 303)
