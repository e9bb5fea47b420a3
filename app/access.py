"""Who may do what on a map or a collective: the one place for the access rules.

A person's standing on a map is the strongest of: their role in the map's collective (an account), a
contribution link they opened (a resident under a pseudonym), the map's secret view link they opened, and
the map being public. On a collective, it is their role in it. Each standing grants a set of abilities; routes ask
for one through `app/loaders.py` and templates read the same access object (`access.can_edit`), so no rule is
written twice. An ability no table knows is a mistake and raises, in a template too.
"""
import hashlib
import secrets
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from flask import g, request, session
from flask_login import current_user
from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.orm import contains_eager

from .extensions import db
from .models import Collective, ContributionLink, Map, Membership

VIEW, COMMENT, ADD, EDIT, MANAGE, ADMIN = "view", "comment", "add", "edit", "manage", "admin"
# The project (actions, budget, dossier) is the collective's own business: its members see it, a visitor of a
# public map or a resident on a contribution link does not.
PROJECT = "project"
# Who did what under which name (history, comments, photos, walks, presence): the collective's members read the
# names; anyone else reads « un membre » or « un·e habitant·e » instead (`authorship.shown_name`).
NAMES = "names"

# From weakest to strongest. MANAGE: delete and restore items, the legend, history restores, moderation.
# ADMIN: visibility, the view link, contribution links, the map's backup and deleting the map.
STANDINGS = {
    "none": frozenset(),
    "public": frozenset({VIEW}),
    "link": frozenset({VIEW}),
    "viewer": frozenset({VIEW, PROJECT, NAMES}),
    "resident": frozenset({VIEW, COMMENT, ADD}),
    "contributor": frozenset({VIEW, PROJECT, NAMES, COMMENT, ADD, EDIT}),
    "editor": frozenset({VIEW, PROJECT, NAMES, COMMENT, ADD, EDIT, MANAGE}),
    "owner": frozenset({VIEW, PROJECT, NAMES, COMMENT, ADD, EDIT, MANAGE, ADMIN}),
}
ORDER = tuple(STANDINGS)

# On a collective. SEE: its page, its maps and its members. CREATE_MAP: start a map for it. MANAGE_MEMBERS: invite,
# revoke invitations, change roles and remove members. RESTORE: a map's backup becomes one of its maps. DELETE: the
# collective itself, once it has no map.
SEE, CREATE_MAP, MANAGE_MEMBERS, RESTORE, DELETE = "see", "create_map", "manage_members", "restore", "delete"
COLLECTIVE_STANDINGS = {  # "none", then the roles of `Membership`
    "none": frozenset(),
    "viewer": frozenset({SEE}),
    "contributor": frozenset({SEE}),
    "editor": frozenset({SEE, CREATE_MAP}),
    "owner": frozenset({SEE, CREATE_MAP, MANAGE_MEMBERS, RESTORE, DELETE}),
}

SHARE_KEYS, CONTRIBUTION_LINKS, CONTRIBUTOR_KEYS = "share_keys", "contribution_links", "contributor_keys"  # session
# A public map embedded in another site (« Intégrer à un site »): its page (`as_embedded`, its loader) and what that
# page asks through htmx (this header, which the page sends) are shown to the public, so answered as to a visitor.
EMBED_HEADER = "Voyette-Embed"


class UnknownAbility(ValueError):
    """An ability no table names: a typo. Not an AttributeError, which Jinja would quietly read as undefined, so
    as False: a misspelt `access.can_edti` would hide a button instead of failing."""


class Abilities:
    """What both kinds of access share: `can(ability)`, and `can_<ability>` for templates."""
    TABLE: dict[str, frozenset[str]]  # standing -> abilities

    @classmethod
    def known(cls, ability):
        """The ability, once sure that some standing has it."""
        if not any(ability in abilities for abilities in cls.TABLE.values()):
            raise UnknownAbility(f"{cls.__name__} has no ability {ability!r}")
        return ability

    def can(self, ability):
        return self.known(ability) in self.TABLE[self.standing]

    def __getattr__(self, name):
        if name.startswith("can_"):
            return self.can(name.removeprefix("can_"))
        raise AttributeError(name)


@dataclass(frozen=True)
class Access(Abilities):
    """A person's access to one map."""
    TABLE = STANDINGS

    standing: str
    link: ContributionLink | None = None  # the contribution link a resident came through
    # A resident's own: the digest of the random key their browser keeps for this map, which their proposals carry.
    contributor: str | None = None
    embedded: bool = False  # shown in another site's frame (`embedded()`): a visitor's view, whoever asks

    @property
    def is_resident(self):
        """Whether this person takes part through a contribution link, under a pseudonym."""
        return self.standing == "resident"

    @property
    def moderated(self):
        """Whether what this person draws waits for an editor's validation."""
        return self.is_resident and self.link.moderated

    def writer(self):
        """Who this person is as a comment keeps its writer: their account (or None), and a resident's key digest."""
        return {"account_id": _account_id(), "contributor": self.contributor}

    def may_delete_comment(self, comment):
        """Whether this person may delete that comment of the map: anyone who may edit the map, and its writer (their
        account, or the same browser on the same link's map: a pseudonym alone proves nothing)."""
        return self.can(EDIT) or comment.written_by(**self.writer())


@dataclass(frozen=True)
class CollectiveAccess(Abilities):
    """A person's access to one collective: their role in it, or "none"."""
    TABLE = COLLECTIVE_STANDINGS

    standing: str


def access_to(map_):
    """The current person's access to a map, worked out once per request."""
    return _once(("map", map_.id), lambda: _work_out(map_, _role_in(map_.collective_id)))


def collective_access(collective):
    """The current person's access to a collective, worked out once per request."""
    return _once(("collective", collective.id), lambda: CollectiveAccess(_role_in(collective.id) or "none"))


def loaded_map(map_id):
    """The map of that id (None: no such map) with its collective, from one query that also reads the current
    account's role in that collective: what `access_to` then answers from, for this request only, so that a role
    changed or a membership removed holds from the next request on."""
    row = db.session.execute(_queries().map, {"id": map_id, "user_id": _account_id()}).first()
    if row is None:
        return None
    map_, role = row
    _once(("map", map_.id), lambda: _work_out(map_, role))
    return map_


def loaded_collective(collective_id):
    """The collective of that id (None: none) and, from the same query, the current account's role in it: what
    `collective_access` then answers from, for this request."""
    row = db.session.execute(_queries().collective, {"id": collective_id, "user_id": _account_id()}).first()
    if row is None:
        return None
    collective, role = row
    _once(("collective", collective.id), lambda: CollectiveAccess(role or "none"))
    return collective


def collectives_where(ability):
    """The current account's collectives in which it has that ability, by name."""
    roles = [role for role in COLLECTIVE_STANDINGS if CollectiveAccess(role).can(ability)]
    return Collective.of_user(current_user, roles) if current_user.is_authenticated else []


def _once(key, work_out):
    """One answer per request (`g` lasts one request), whatever the number of loaders and templates asking."""
    cache = g.setdefault("access", {})
    if key not in cache:
        cache[key] = work_out()
    return cache[key]


class _Queries(NamedTuple):
    map: Select
    collective: Select
    role: Select


@cache
def _queries():
    """The queries of a person's role, built once per process (building one costs more than running it), at the
    first request, once every model is mapped; the map or collective and the account are bound as each runs. The
    role is that of the account's membership of the collective (a role of `Membership`), None when not a member or
    not logged in (no account id: NULL, equal to nothing)."""
    def membership(collective_id):
        return and_(Membership.collective_id == collective_id, Membership.user_id == bindparam("user_id"))
    return _Queries(
        map=select(Map, Membership.role).outerjoin(Map.collective).options(contains_eager(Map.collective))
        .outerjoin(Membership, membership(Map.collective_id)).where(Map.id == bindparam("id")),
        collective=select(Collective, Membership.role).outerjoin(Membership, membership(Collective.id))
        .where(Collective.id == bindparam("id")),
        role=select(Membership.role).where(membership(bindparam("collective_id"))))


def _account_id():
    return current_user.id if current_user.is_authenticated else None


def _role_in(collective_id):
    """The current account's role in that collective, or None; for an object no loader loaded."""
    if collective_id is None or not current_user.is_authenticated:
        return None
    return db.session.scalar(_queries().role, {"collective_id": collective_id, "user_id": current_user.id})


def as_embedded():
    """This request shows a map in another site's frame: every map it reads, it reads as a visitor (set before the
    map is loaded)."""
    g.embedded = True


def embedded():
    """Whether this request is a map embedded in another site, or asked by such a page. What it shows, the public
    sees: a logged-in member, a view-link holder or a resident reads it as any visitor does (no name, no tool), and
    only a public map has it. The header can only lower what its sender reads."""
    return g.get("embedded", False) or request.headers.get(EMBED_HEADER) == "1"


def _work_out(map_, role):
    """The strongest standing of the person on the map, `role` being theirs in its collective (or None)."""
    if embedded():
        return Access("public" if map_.visibility == "public" else "none", embedded=True)
    candidates = [Access("none")]
    if map_.visibility == "public":
        candidates.append(Access("public"))
    if map_.visibility == "link" and _holds_share_key(map_):
        candidates.append(Access("link"))
    if role is not None:
        candidates.append(Access(role))
    link = _contribution_link(map_)
    if link is not None:
        candidates.append(Access("resident", link, _contributor(map_)))
    return max(candidates, key=lambda access: ORDER.index(access.standing))


def _holds_share_key(map_):
    """Whether this person opened the map's current view link (`?cle=…`) now or earlier in their session."""
    key = request.args.get("cle")
    if map_.share_token and key == map_.share_token:
        session[SHARE_KEYS] = {**session.get(SHARE_KEYS, {}), str(map_.id): key}
        return True
    return bool(map_.share_token) and session.get(SHARE_KEYS, {}).get(str(map_.id)) == map_.share_token


def _contribution_link(map_):
    """The live contribution link this person opened for this map, checked against the database each time."""
    token = session.get(CONTRIBUTION_LINKS, {}).get(str(map_.id))
    link = ContributionLink.active_by_token(token) if token else None
    return link if link is not None and link.map_id == map_.id else None


def remember_contribution_link(link):
    session[CONTRIBUTION_LINKS] = {**session.get(CONTRIBUTION_LINKS, {}), str(link.map_id): link.token}
    _contributor(link.map_id)


def _contributor(map_or_id):
    """The digest of this browser's key for the map, made the first time: a key of its own, so that what it proposes
    is its own, not that of everyone who typed the same pseudonym; only the digest is stored with the proposals."""
    map_id = str(getattr(map_or_id, "id", map_or_id))
    keys = session.get(CONTRIBUTOR_KEYS, {})
    if map_id not in keys:
        keys = session[CONTRIBUTOR_KEYS] = {**keys, map_id: secrets.token_urlsafe(24)}
    return _key_digest(keys[map_id])


def contributor_digests():
    """{map id: the digest of this browser's key for it}, for each map it contributed to (a person's own rows as a
    resident, `app/people/traces.py`)."""
    return {int(map_id): _key_digest(key) for map_id, key in session.get(CONTRIBUTOR_KEYS, {}).items()
            if map_id.isdigit()}


def _key_digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def lapsed_contribution_link(map_id):
    """Whether this person came to this map through a contribution link that works no more (revoked or expired):
    what a refusal tells them instead of asking them to log in."""
    token = session.get(CONTRIBUTION_LINKS, {}).get(str(map_id))
    return token is not None and ContributionLink.active_by_token(token) is None
