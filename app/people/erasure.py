"""Deleting an account (« Supprimer mon compte », `flask rgpd effacer`): the person goes, what they made stays.
Erasing someone's contributions on one map (its owner, on request): deleted, or only their name taken off.

Items, comments, photos and walks belong to the collective's maps and stay on them, signed « ancien membre »
(`authorship.FORMER_MEMBER`); every trace of the person's name, address and pseudonyms goes, the history's states
before and after included. Which rows are theirs is `traces.Person`'s rule, the same as their export's.
"""
from sqlalchemy import delete

from ..accounts.throttle import address_digest
from ..authorship import FORMER_MEMBER
from ..expiry import purge
from ..extensions import db
from ..models import LoginAttempt, MailedLink, Revision
from ..photos import store
from .traces import without_names

ERASABLE = ("items", "comments", "photos")  # what an owner may delete of someone's contributions on a map


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


def erase_contributions(person, map_, deleting, *, author):
    """On `map_` (`person.within`), delete what `person` made of the kinds `deleting` names (`ERASABLE`: their
    items for good, with their photos, comments and history; their comments, with their history entries; their
    photos), and take their name off the rest (« Anonyme »). The history keeps that it was done, by `author`, and
    how much: never whose. The counts; the caller commits."""
    counts = dict.fromkeys(ERASABLE, 0)
    if "items" in deleting:
        counts["items"] = len(removed := purge(feature.id for feature in person.created()))
    else:
        removed = set()
    db.session.flush()
    if "comments" in deleting:
        for comment in person.comments():
            if comment.revision is not None:
                db.session.delete(comment.revision)
            db.session.delete(comment)
            counts["comments"] += 1
    if "photos" in deleting:
        for photo in person.photos():
            store.remove(photo)
            counts["photos"] += 1
    db.session.flush()
    anonymise(person, instead="")
    Revision.record(map_, "erased", after={"erased": counts, "removed": sorted(removed)}, author=author)
    return counts


def anonymise(person, instead=FORMER_MEMBER):
    """Sign `instead` (« ancien membre ») in place of the person's names wherever `person` finds them; their
    presence goes. Read before any change: a name is found in the rows as they were."""
    names = set(person.names)
    revisions, comments, photos = person.revisions(), person.comments(), person.photos()
    plots, proposals, walks, presences = person.plots(), person.proposals(), person.walks(), person.presences()
    expenses, receipts = person.expenses(), person.receipts()
    account_id = person.user.id if person.user is not None else None
    for revision in revisions:
        _unsigned(revision, names, account_id, instead)
    for comment in comments:  # found by its writer, it may be signed with a name the account had before
        comment.author, comment.user_id, comment.contributor = instead, None, None
        if comment.revision is not None:
            comment.revision.author = instead
    for photo in photos:
        photo.author, photo.user_id = instead, None
    for typed in (*expenses, *receipts):  # the collective's accounts stay; who typed them goes
        typed.user_id = None
    for plot in plots:
        plot.holder = instead
    for proposal in proposals:
        proposal.author, proposal.contributor = instead, None
    for walk in walks:
        walk.facilitator = instead
    for presence in presences:
        db.session.delete(presence)


def _unsigned(revision, names, account_id, instead):
    """The history entry without the person: `instead` as its author when it was theirs, their names out of its
    states (each written only when a name was in it: an UPDATE less for the others)."""
    if revision.author in names or (account_id is not None and revision.user_id == account_id):
        revision.author, revision.user_id = instead, None
    for state in ("before", "after"):
        kept = getattr(revision, state)
        if (cleaned := without_names(kept, names, instead)) != kept:
            setattr(revision, state, cleaned)
