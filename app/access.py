"""Who may do what on a map: the one place for the access rules.

A person's standing on a map is the strongest of: their role in the map's collective (an account), a
contribution link they opened (a resident under a pseudonym), the map's secret view link they opened, and
the map being public. Each standing grants a set of abilities; routes ask for one through `app/loaders.py`
and templates read the same `Access` object, so no rule is written twice.
"""
from dataclasses import dataclass

from flask import g, request, session
from flask_login import current_user

from .models import ContributionLink

VIEW, COMMENT, ADD, EDIT, MANAGE, ADMIN = "view", "comment", "add", "edit", "manage", "admin"
# The project (actions, budget, dossier) is the collective's own business: its members see it, a visitor of a
# public map or a resident on a contribution link does not.
PROJECT = "project"

# From weakest to strongest. MANAGE: delete and restore items, the legend, history restores, moderation.
# ADMIN: visibility, links and the collective's members.
STANDINGS = {
    "none": frozenset(),
    "public": frozenset({VIEW}),
    "link": frozenset({VIEW}),
    "viewer": frozenset({VIEW, PROJECT}),
    "resident": frozenset({VIEW, COMMENT, ADD}),
    "contributor": frozenset({VIEW, PROJECT, COMMENT, ADD, EDIT}),
    "editor": frozenset({VIEW, PROJECT, COMMENT, ADD, EDIT, MANAGE}),
    "owner": frozenset({VIEW, PROJECT, COMMENT, ADD, EDIT, MANAGE, ADMIN}),
}
ORDER = tuple(STANDINGS)

SHARE_KEYS, CONTRIBUTION_LINKS = "share_keys", "contribution_links"  # session keys


@dataclass(frozen=True)
class Access:
    standing: str
    link: ContributionLink | None = None  # the contribution link a resident came through

    def can(self, ability):
        return ability in STANDINGS[self.standing]

    @property
    def moderated(self):
        """Whether what this person draws waits for an editor's validation."""
        return self.standing == "resident" and self.link.moderated

    @property
    def is_member(self):
        return self.standing in ("viewer", "contributor", "editor", "owner")

    def __getattr__(self, name):  # `access.can_edit` and the like, for templates
        if name.startswith("can_"):
            return self.can(name[4:])
        raise AttributeError(name)


def access_to(map_):
    """The current person's access to a map, worked out once per request."""
    cache = g.setdefault("access", {})
    if map_.id not in cache:
        cache[map_.id] = _work_out(map_)
    return cache[map_.id]


def _work_out(map_):
    candidates = [Access("none")]
    if map_.visibility == "public":
        candidates.append(Access("public"))
    if map_.visibility == "link" and _holds_share_key(map_):
        candidates.append(Access("link"))
    if current_user.is_authenticated and map_.collective is not None:
        membership = map_.collective.membership_of(current_user)
        if membership is not None:
            candidates.append(Access(membership.role))
    link = _contribution_link(map_)
    if link is not None:
        candidates.append(Access("resident", link))
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
