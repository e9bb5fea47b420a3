"""Collectives: founding one, its members and their roles, invitations to join it, and deleting one."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import DELETE, MANAGE_MEMBERS, RESTORE, collective_access
from ..backups import archive
from ..body_limits import allows_body
from ..extensions import db
from ..forms import TypedNameForm, with_valid_form
from ..i18n import lazy_gettext as _l
from ..loaders import with_collective
from ..mail import deliver_link, public_url
from ..models import Collective, MemberInvite, Membership
from ..models.collective import LastOwner, StillHasMaps
from ..models.map import utcnow
from .forms import KIND_LABELS, ROLE_NAMES, CollectiveForm, InviteForm, RoleForm

bp = Blueprint("collectives", __name__)

INVITE_LIFETIME = timedelta(days=14)


def _of(collective, model, object_id):
    """The object of that id if it belongs to this collective; another collective's is not found."""
    found = db.session.get(model, object_id)
    if found is None or found.collective_id != collective.id:
        abort(404)
    return found


@bp.get("/collectifs")
@login_required
def index():
    """The account's collectives, and the form to found one."""
    return _index(CollectiveForm())


def _index(form, status=200):
    return render_template("collectives/index.html", collectives=Collective.of_user(current_user), form=form,
                           kinds=KIND_LABELS, roles=ROLE_NAMES), status


@bp.post("/collectifs")
@login_required
def create():
    form = CollectiveForm()
    if not form.validate_on_submit():
        return _index(form, 422)
    collective = Collective.found(form.name.data, form.kind.data, current_user)
    db.session.commit()
    flash(_("Le collectif « %(name)s » est créé : invitez ses membres, puis créez sa première carte.",
            name=collective.name))
    return redirect(url_for("collectives.show", collective_id=collective.id), 303)


@bp.get("/collectifs/<int:collective_id>")
@with_collective()
def show(collective):
    return _show(collective, InviteForm(formdata=None))


def _show(collective, invite_form, status=200, new_link=None, restore_error=None):
    access = collective_access(collective)
    invites = MemberInvite.of_collective(collective.id) if access.can(MANAGE_MEMBERS) else []
    return render_template("collectives/show.html", collective=collective, access=access, invite_form=invite_form,
                           invites=invites, new_link=new_link, kinds=KIND_LABELS, roles=ROLE_NAMES,
                           restore_error=restore_error), status


@bp.post("/collectifs/<int:collective_id>/restaurer")
@allows_body("BACKUP_MAX_CONTENT_LENGTH")  # a backup carries its photos
@with_collective(RESTORE)
def restore(collective):
    """A backup becomes a new map of the collective, private to it; nothing is kept if it cannot be restored."""
    upload = request.files.get("sauvegarde")
    if upload is None or not upload.filename:
        return _show(collective, InviteForm(formdata=None), 422,
                     restore_error=_("Choisissez le fichier de sauvegarde (.voyette.zip)."))
    try:
        map_ = archive.restore(upload.read(), collective)
        db.session.commit()
    except archive.BackupError as error:
        db.session.rollback()
        return _show(collective, InviteForm(formdata=None), 422, restore_error=str(error))
    flash(_("La carte « %(name)s » est restaurée, privée au collectif.", name=map_.name))
    return redirect(url_for("maps.show", map_id=map_.id), 303)


@bp.post("/collectifs/<int:collective_id>/invitations")
@with_collective(MANAGE_MEMBERS)
@with_valid_form(InviteForm, lambda form, collective: _show(collective, form, 422))
def invite(collective, form):
    """A link to join with a role: shown to the owner to share, and mailed when an address is given."""
    invitation = MemberInvite(collective=collective, role=form.role.data, email=form.email.data or "",
                              expires_at=utcnow() + INVITE_LIFETIME)
    db.session.add(invitation)
    db.session.commit()
    link = public_url("collectives.join", token=invitation.token)
    if invitation.email:
        deliver_link(invitation.email, _("Invitation à rejoindre « %(name)s » sur Voyette", name=collective.name),
                     _("Vous êtes invité·e à rejoindre le collectif « %(name)s » sur Voyette. Ouvrez ce lien "
                       "(valable 14 jours) :", name=collective.name), link)
    return _show(collective, InviteForm(formdata=None), new_link=link)


@bp.post("/collectifs/<int:collective_id>/invitations/<int:invite_id>/revoquer")
@with_collective(MANAGE_MEMBERS)
def revoke_invite(collective, invite_id):
    invitation = _of(collective, MemberInvite, invite_id)
    invitation.revoke()
    db.session.commit()
    flash(_("L'invitation est révoquée : son lien ne fonctionne plus."))
    return redirect(url_for("collectives.show", collective_id=collective.id), 303)


@bp.post("/collectifs/<int:collective_id>/membres/<int:member_id>")
@with_collective(MANAGE_MEMBERS)
def change_role(collective, member_id):
    """Change a member's role, or remove them (`retirer`); the collective refuses to lose its last owner."""
    member = _of(collective, Membership, member_id)
    name, form = member.user.display_name, RoleForm()
    try:
        if "retirer" in request.form:
            collective.remove(member)
            message = _("%(name)s ne fait plus partie du collectif.", name=name)
        elif form.validate_on_submit():
            collective.set_role(member, form.role.data)
            message = _("%(name)s est maintenant %(role)s.", name=name, role=ROLE_NAMES[member.role])
        else:
            message = _("Choisissez un rôle de la liste.")
    except LastOwner:
        message = _("Le collectif doit garder au moins un responsable : nommez-en un autre d'abord.")
    else:
        db.session.commit()
    flash(message)
    return redirect(url_for("collectives.show", collective_id=collective.id), 303)


@bp.get("/collectifs/<int:collective_id>/supprimer")
@with_collective(DELETE)
def confirm_delete(collective):
    """The page that deletes the collective once it has no map: its name to type."""
    return _deletion_page(collective, _typed_name(collective, formdata=None))


@bp.post("/collectifs/<int:collective_id>/supprimer")
@with_collective(DELETE)
def delete(collective):
    """Delete the collective, its memberships and invitations, once its name is typed and it has no map left."""
    form = _typed_name(collective)
    if not form.validate_on_submit():
        return _deletion_page(collective, form, 422)
    name = collective.name
    try:
        collective.delete()
    except StillHasMaps:
        db.session.rollback()
        return _deletion_page(collective, form, 422)
    db.session.commit()
    flash(_("Le collectif « %(name)s » est supprimé, avec ses membres et ses invitations.", name=name))
    return redirect(url_for("collectives.index"), 303)


def _typed_name(collective, **kwargs):
    return TypedNameForm(collective.name,
                         _l("Pour confirmer, tapez le nom du collectif : %(name)s", name=collective.name),
                         _l("Ce n'est pas le nom du collectif : rien n'est supprimé. Tapez-le exactement comme il "
                            "est écrit, majuscules et accents compris."), **kwargs)


def _deletion_page(collective, form, status=200):
    """The deletion's page; while the collective has maps, it says so instead of offering the form."""
    return render_template("collectives/delete.html", collective=collective, form=form,
                           maps=collective.maps if collective.has_maps() else []), status


@bp.route("/rejoindre/<token>", methods=["GET", "POST"])
@login_required
def join(token):
    """Join a collective from an invitation link, once logged in (or signed up)."""
    invitation = MemberInvite.active_by_token(token)
    if invitation is None or (request.method == "POST" and not invitation.use_up()):
        flash(_("Ce lien d'invitation n'est plus valable : demandez-en un nouveau au collectif."))
        return redirect(url_for("maps.index"), 303)
    if request.method == "GET":
        return render_template("collectives/join.html", invitation=invitation, roles=ROLE_NAMES)
    invitation.collective.join(current_user, invitation.role)
    db.session.commit()
    flash(_("Bienvenue dans le collectif « %(name)s ».", name=invitation.collective.name))
    return redirect(url_for("collectives.show", collective_id=invitation.collective.id), 303)
