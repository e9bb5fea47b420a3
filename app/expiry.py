"""Stale data goes on its own: what a page, a link or a preview left behind once it can serve nobody, and the bin
once its retention (`VOYETTE_BIN_MONTHS`) is over.

One function per kind: the moment `now` in, how many went out. Each says its rule once, from the constant of the
code that made the data (how long a page may stay silent, how long a failed login counts, how long a preview
waits) or from the setting. `expire_all` runs them in one transaction; `flask expirer` runs it, each day from
deploy/voyette-expire.timer. Some kinds also go as the app runs (a map's presence rows when someone opens it,
failures and mailed links past their window as new ones come, old previews when a new one is kept), but only for
what that request touches: the command takes the rest (a map nobody opens again, an address never tried again).
"""
import calendar
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, or_, select

from . import shared_answers
from .accounts import throttle
from .extensions import db
from .imports import kept
from .models import ContributionLink, Feature, LoginAttempt, MailedLink, MemberInvite, Photo, Plot, Presence
from .models.map import utcnow
from .photos import store

# A stopped link (expired or revoked) never works again and no page lists it; it is kept a month after it stopped,
# so that an owner asked « why does my link not work? » can still be answered from the database, then it goes (an
# invitation keeps the address it was mailed to).
STOPPED_LINKS_KEPT = timedelta(days=30)


def presences(now):
    """Pages silent for `presence.GONE_AFTER` have left: their rows, and the names they show, go."""
    return Presence.forget_gone(now)


def login_attempts(now):
    """A failed login counts `throttle.WINDOW`; older ones count no more."""
    return LoginAttempt.forget(now - throttle.WINDOW)


def mailed_links(now):
    """A mailed link counts against its address for `throttle.LINKS_WINDOW`; older ones count no more."""
    return MailedLink.forget(now - throttle.LINKS_WINDOW)


def contribution_links(now):
    """Contribution links stopped for `STOPPED_LINKS_KEPT`. What residents proposed through one stays: a proposal's
    `link_id` becomes NULL (its foreign key says `ON DELETE SET NULL`), and nothing reads it once the link is dead
    (« Mes propositions » is reached through a live link only); moderating it needs no link."""
    return ContributionLink.forget_ended(now - STOPPED_LINKS_KEPT)


def member_invites(now):
    """Invitations to join a collective stopped for `STOPPED_LINKS_KEPT` (expired, revoked, or used up by the one
    person they were mailed to); nothing refers to them."""
    return MemberInvite.forget_ended(now - STOPPED_LINKS_KEPT)


def import_previews(now):
    """Readings of an import never confirmed, older than `kept.KEPT_FOR`, from IMPORT_DIR (their files only)."""
    return kept.forget_old(now.timestamp())


def layer_answers(now):
    """The map layer's answers shared by the workers (app/shared_answers.py) that nobody read for
    `shared_answers.KEPT_FOR` (a cache: the next reader makes one again)."""
    return shared_answers.forget_old(now.timestamp())


def binned_items(now):
    """Items in the bin for `BIN_KEPT_MONTHS` (`VOYETTE_BIN_MONTHS`, 12 by default; 0: never) go for good, with what
    is theirs: photos (their files once the commit is made: `store.remove`), comments, their links to actions, their
    shared plot's row, and their history: the revisions that name the item go with it (their foreign key cascades),
    since restoring an item deleted for good is no longer possible and its old texts would be all that was left of
    it. The map's other revisions and its numbering stay (a number is never reused). The grid's counts need nothing:
    a binned item is counted nowhere (`models/cell.py`), so its delete hook removes nothing from them. A zone stays
    while a shared plot cut from it is still there, binned more recently or not at all (the plot names its zone)."""
    months = current_app.config["BIN_KEPT_MONTHS"]
    if months <= 0:
        return 0
    old = set(db.session.scalars(select(Feature.id).where(Feature.deleted_at < _months_before(now, months))))
    return len(purge(old))


def purge(feature_ids):
    """Delete those items for good, with what is theirs (see `binned_items`; also an owner's erasure of someone's
    contributions, `people/erasure.py`); a zone a plot not purged was cut from stays. The ids purged."""
    old = set(feature_ids)
    while still_cut := old & set(db.session.scalars(select(Plot.zone_id).where(Plot.feature_id.not_in(old)))):
        old -= still_cut  # and again: a plot kept may itself be a zone others were cut from
    if not old:
        return old
    for photo in db.session.scalars(select(Photo).where(Photo.feature_id.in_(old))).all():
        store.remove(photo)
    # Plot rows first, so that no feature's delete blanks out the primary key of its plot (`Feature.plot`).
    db.session.execute(delete(Plot).where(or_(Plot.feature_id.in_(old), Plot.zone_id.in_(old)))
                       .execution_options(synchronize_session=False))
    for feature in db.session.scalars(select(Feature).where(Feature.id.in_(old))).all():
        db.session.delete(feature)
    return old


def _months_before(moment, months):
    """The same day and time `months` calendar months earlier (the month's last day when it is shorter)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    return moment.replace(year=year, month=month + 1, day=min(moment.day, calendar.monthrange(year, month + 1)[1]))


KINDS = {  # what `flask expirer` prints, in French like the other commands, with the count: never a row's content
    "Présences sur les cartes": presences,
    "Échecs de connexion": login_attempts,
    "Liens envoyés par courriel": mailed_links,
    "Liens de contribution arrêtés": contribution_links,
    "Invitations arrêtées": member_invites,
    "Lectures d'import non confirmées": import_previews,
    "Réponses de la couche non lues": layer_answers,
    "Éléments de la corbeille": binned_items,
}


def expire_all(now=None):
    """Run every kind at `now` (the present by default), commit; how many of each went, by name."""
    now = now or utcnow()
    counts = {name: expire(now) for name, expire in KINDS.items()}
    db.session.commit()
    return counts
