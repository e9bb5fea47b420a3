"""Deleting an account (« Supprimer mon compte », `flask rgpd effacer`): the person goes, what they made stays.

Items, comments, photos and walks belong to the collective's maps and stay on them, signed « ancien membre »
(`authorship.FORMER_MEMBER`); every trace of the person's name, address and pseudonyms goes, the history's states
before and after included. Which rows are theirs is `traces.Person`'s rule, the same as their export's.
"""
from sqlalchemy import delete

from ..accounts.throttle import address_digest
from ..authorship import FORMER_MEMBER
from ..extensions import db
from ..models import LoginAttempt, MailedLink
from .traces import without_names


class OwnerNeeded(Exception):
    """The account is the last owner of these collectives: another owner must be named first."""

    def __init__(self, collectives):
        super().__init__(collectives)
        self.collectives = collectives


def orphaned_collectives(person):
    """The collectives whose last owner the account is, by name."""
    orphaned = [m.collective for m in person.memberships()
                if m.role == "owner" and not any(o.role == "owner" and o is not m for o in m.collective.memberships)]
    return sorted(orphaned, key=lambda collective: collective.name)


def delete_account(person):
    """Delete the account and anonymise what it made (OwnerNeeded, changing nothing, when a collective would be
    left without an owner); the caller commits."""
    orphaned = orphaned_collectives(person)
    if orphaned:
        raise OwnerNeeded(orphaned)
    anonymise(person)
    user = person.user
    for invite in person.invitations():
        db.session.delete(invite)
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == user.email))
    db.session.execute(delete(MailedLink).where(MailedLink.address == address_digest(user.email)))
    for membership in person.memberships():
        membership.collective.memberships.remove(membership)
    db.session.delete(user)


def anonymise(person):
    """Sign « ancien membre » in place of the person's names wherever `person` finds them; their presence goes.
    Read before any change: a name is found in the rows as they were."""
    names = set(person.names)
    revisions, comments, photos = person.revisions(), person.comments(), person.photos()
    plots, proposals, walks, presences = person.plots(), person.proposals(), person.walks(), person.presences()
    account_id = person.user.id if person.user is not None else None
    for revision in revisions:
        signed = revision.author in names or (account_id is not None and revision.user_id == account_id)
        revision.author, revision.user_id = (FORMER_MEMBER, None) if signed else (revision.author, revision.user_id)
        revision.before = without_names(revision.before, names, FORMER_MEMBER)
        revision.after = without_names(revision.after, names, FORMER_MEMBER)
    for comment in comments:  # found by its writer, it may be signed with a name the account had before
        comment.author, comment.user_id, comment.contributor = FORMER_MEMBER, None, None
        if comment.revision is not None:
            comment.revision.author = FORMER_MEMBER
    for photo in photos:
        photo.author, photo.user_id = FORMER_MEMBER, None
    for plot in plots:
        plot.holder = FORMER_MEMBER
    for proposal in proposals:
        proposal.author, proposal.contributor = FORMER_MEMBER, None
    for walk in walks:
        walk.facilitator = FORMER_MEMBER
    for presence in presences:
        db.session.delete(presence)
