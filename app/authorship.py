"""Who is making a change: the account's display name, or else the pseudonym a person gave, kept in their
signed session cookie. A change with neither shows as « Anonyme ».

The routes ask it and hand the name to the models (`Feature.edit(…, author=…)`, `Revision.record(…, author=…)`:
a required keyword, never a default): a model never reads the request, so the same change made by a command or a
test names whom it is told to.

Who may read those names is decided here too, once (`shown_name`, the `person` filter of the templates): the
members of the map's collective read them; a visitor of a public map, a view-link holder and a resident read
« un membre » or « un·e habitant·e » instead (a resident, their own pseudonym too), on every page, fragment and file.
"""
from flask import g, has_request_context, session
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context
from sqlalchemy import select

from .access import NAMES, access_to
from .demo import AUTHOR as DEMO_AUTHOR
from .extensions import db
from .models import Membership, User
from .models.author import Author

KEY = "pseudonym"
# What a deleted account's entries are signed with instead of its name (app/people/erasure.py): no one's name, so
# everyone reads it as it is.
FORMER_MEMBER = "ancien membre"


def current_author():
    """The display name or pseudonym of the person behind the current request, or ''."""
    if not has_request_context():
        return ""
    if current_user.is_authenticated:
        return Author(current_user.display_name, current_user.id)
    return current_pseudonym()


def current_pseudonym():
    """The pseudonym this browser's session signs with when no account is logged in ('' for none)."""
    return session.get(KEY, "") if has_request_context() else ""


def remember_author(pseudonym):
    """Keep the pseudonym for this person's next changes and comments."""
    session[KEY] = pseudonym


def sign(pseudonym):
    """The name to sign a contribution with: an account's display name, or else the pseudonym typed,
    remembered for next time."""
    if current_user.is_authenticated:
        return Author(current_user.display_name, current_user.id)
    remember_author(pseudonym)
    return pseudonym


def shown_name(map_, name, nobody=None):
    """What the current person reads where `name` (a stored author: a display name or a pseudonym) is shown on
    that map: the name itself for the members of its collective (`access.NAMES`), for the demo's own author
    and for a deleted account's « ancien membre »;
    for anyone else, only which kind of person it was. The kind is not stored with the name: a name that one of
    the collective's members displays today is taken as a member's, any other as a resident's pseudonym (so a
    former member's entries, or a name changed since, read « un·e habitant·e »; either way no name leaves).
    A resident reads their own pseudonym, the one their session signs with, and no one else's; never a member's
    name, even typed as theirs. An empty name reads `nobody`, « Anonyme » unless told."""
    if not name:
        return nobody or _("Anonyme")
    access = access_to(map_)
    if name in (DEMO_AUTHOR, FORMER_MEMBER) or access.can(NAMES):
        return name
    if name in _member_names(map_.collective_id):
        return _("un membre")
    return name if access.is_resident and name == current_author() else _("un·e habitant·e")


@pass_context
def person(context, name, nobody=None):
    """The template filter of `shown_name`, on the page's map: `{{ comment.author|person }}`."""
    return shown_name(context["map"], name, nobody)


def _member_names(collective_id):
    """The display names of the collective's members, read once per request."""
    names = g.setdefault("member_names", {})
    if collective_id not in names:
        query = select(User.display_name).join(Membership, Membership.user_id == User.id) \
            .where(Membership.collective_id == collective_id)
        names[collective_id] = frozenset(db.session.scalars(query)) if collective_id is not None else frozenset()
    return names[collective_id]
