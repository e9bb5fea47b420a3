"""What a person made or is named in: the one rule every right of theirs reads (the « Mes données » export, the
deletion of their account, the operator's `flask rgpd` commands).

Authors are stored as names (`app/authorship.py`): an account signs with its display name, a resident with the
pseudonym their session keeps. So a person's traces are:

- the rows that name their account: their memberships, a comment's `user_id`, invitations mailed to their address,
  failed logins with it, the digest of the links mailed to it;
- the rows of this browser as a resident (its contributors' key digests, `access.py`): comments and proposals;
- the rows that carry one of their names (the display name, and the pseudonyms they gave: the one their session
  keeps, or those the operator is told by the person) on the maps where the name is theirs: the maps of the
  collectives they belong to and those this browser contributed to. Elsewhere someone else may sign the same name.
  A name another member of one of their collectives also displays names that member too: it is not theirs alone,
  and is left out (the deletion would take it from the other member's entries, the export would hand them over).

History entries, photos, realised expenses and their receipts also keep the account that signed them (`user_id`, set
where authorship is decided: `authorship.current_author()` is an `models.author.Author`), found whatever name it
displays since. Rows made before that are found by name only: an older display name is not known (the operator may
pass it as a pseudonym, `flask rgpd … --pseudonyme`). An expense and a receipt keep no name: by account only.
"""
import json
from dataclasses import dataclass, field

from sqlalchemy import String, cast, or_, select, true

from ..access import contributor_digests
from ..authorship import FORMER_MEMBER, current_pseudonym
from ..demo import AUTHOR as DEMO_AUTHOR
from ..extensions import db
from ..models import (
    Action,
    BudgetLine,
    Comment,
    Expense,
    Feature,
    Map,
    MemberInvite,
    Membership,
    Photo,
    Plot,
    Presence,
    Proposal,
    Receipt,
    Revision,
    User,
    Walk,
)

NOT_A_NAME = frozenset({"", FORMER_MEMBER, DEMO_AUTHOR})


@dataclass(frozen=True)
class Person:
    """An account (or None, for a resident without one), the pseudonyms it gave and this browser's resident keys."""

    user: User | None
    pseudonyms: frozenset = frozenset()
    contributors: frozenset = frozenset()  # digests of this browser's keys, one per map it contributed to
    contributed_maps: frozenset = frozenset()
    within: int | None = None  # one map only (an owner erasing someone's contributions there), else everywhere
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of_account(cls, user, pseudonyms=()):
        """The account alone, and the pseudonyms it is said to have given (the operator's command)."""
        return cls(user, frozenset(p.strip() for p in pseudonyms if p.strip()))

    @classmethod
    def on_map(cls, map_, user=None, pseudonym=None):
        """A member of the map's collective, or a resident known by the pseudonym they signed with, on that map."""
        if user is not None:
            return cls(user, within=map_.id)
        return cls(None, frozenset({pseudonym}), contributed_maps=frozenset({map_.id}), within=map_.id)

    @classmethod
    def in_session(cls, user):
        """The account of this request's session, with the pseudonym and the resident keys the session keeps."""
        digests = contributor_digests()
        return cls(user, frozenset({current_pseudonym()} - {""}), frozenset(digests.values()), frozenset(digests))

    @property
    def collective_ids(self):
        if "collectives" not in self._cache:
            query = select(Membership.collective_id).where(Membership.user_id == getattr(self.user, "id", None))
            self._cache["collectives"] = tuple(db.session.scalars(query)) if self.user else ()
        return self._cache["collectives"]

    @property
    def map_ids(self):
        """The maps where the person's names are theirs."""
        if "maps" not in self._cache:
            query = select(Map.id).where(Map.collective_id.in_(self.collective_ids))
            maps = set(db.session.scalars(query)) | self.contributed_maps
            self._cache["maps"] = tuple(maps & {self.within} if self.within is not None else maps)
        return self._cache["maps"]

    @property
    def names(self):
        """The display name and the pseudonyms, less those another member of their collectives displays too."""
        if "names" not in self._cache:
            names = set(self.pseudonyms) | ({self.user.display_name} if self.user else set())
            others = select(User.display_name).join(Membership, Membership.user_id == User.id).where(
                Membership.collective_id.in_(self.collective_ids), User.id != (self.user.id if self.user else None))
            self._cache["names"] = tuple(sorted(names - set(db.session.scalars(others)) - NOT_A_NAME))
        return self._cache["names"]

    # What they made or are named in, one query each.

    def revisions(self):
        """The history entries they made, or whose state before or after holds one of their names."""
        named = [cast(column, String).contains(form, autoescape=True) for column in (Revision.before, Revision.after)
                 for form in _stored_forms(self.names)]
        query = select(Revision).where(or_(self._signed(Revision), Revision.map_id.in_(self.map_ids) & or_(*named)))
        return db.session.scalars(query.order_by(Revision.map_id, Revision.seq)).all()

    def comments(self):
        conditions = [Comment.author.in_(self.names) & Feature.map_id.in_(self.map_ids)]
        if self.user is not None:
            conditions.append(Comment.user_id == self.user.id)
        if self.contributors:
            conditions.append(Comment.contributor.in_(sorted(self.contributors)))
        query = select(Comment).join(Feature, Feature.id == Comment.feature_id).where(
            or_(*conditions), self._here(Feature.map_id))
        return db.session.scalars(query.order_by(Comment.created_at, Comment.id)).all()

    def photos(self):
        query = select(Photo).join(Feature, Feature.id == Photo.feature_id).where(self._signed(Photo, Feature.map_id))
        return db.session.scalars(query.order_by(Photo.created_at, Photo.id)).all()

    def expenses(self):
        """The realised expenses their account typed (an expense keeps no name: by account only)."""
        return self._typed(Expense, select(Expense))

    def receipts(self):
        """The receipts their account gave."""
        return self._typed(Receipt, select(Receipt).join(Expense, Expense.id == Receipt.expense_id))

    def _typed(self, model, query):
        if self.user is None:
            return []
        query = (query.join(BudgetLine, BudgetLine.id == Expense.budget_line_id)
                 .join(Action, Action.id == BudgetLine.action_id)
                 .where(model.user_id == self.user.id, self._here(Action.map_id)))
        return db.session.scalars(query.order_by(model.created_at, model.id)).all()

    def plots(self):
        """The shared plots assigned to one of their names."""
        return self._of_features(Plot, Plot.holder.in_(self.names), Plot.feature_id)

    def created(self):
        """The items whose creation is signed with one of their names."""
        made = select(Revision.feature_id).where(Revision.action == "created", self._signed(Revision))
        query = select(Feature).where(Feature.id.in_(made)).order_by(Feature.map_id, Feature.number)
        return db.session.scalars(query).all()

    def proposals(self):
        conditions = [Proposal.author.in_(self.names)]
        if self.contributors:
            conditions.append(Proposal.contributor.in_(sorted(self.contributors)))
        query = select(Proposal).where(Proposal.map_id.in_(self.map_ids), or_(*conditions))
        return db.session.scalars(query.order_by(Proposal.created_at, Proposal.id)).all()

    def walks(self):
        """The walks they led (the facilitator's name is one of theirs)."""
        query = select(Walk).where(Walk.map_id.in_(self.map_ids), Walk.facilitator.in_(self.names))
        return db.session.scalars(query.order_by(Walk.held_on, Walk.id)).all()

    def presences(self):
        query = select(Presence).where(Presence.map_id.in_(self.map_ids), Presence.name.in_(self.names))
        return db.session.scalars(query).all()

    def memberships(self):
        if self.user is None:
            return []
        return db.session.scalars(select(Membership).where(Membership.user_id == self.user.id)
                                  .order_by(Membership.id)).all()

    def invitations(self):
        """The invitations mailed to their address."""
        if self.user is None:
            return []
        return db.session.scalars(select(MemberInvite).where(MemberInvite.email == self.user.email)).all()

    def _signed(self, model, map_id=None):
        """The rows of `model` (revisions, photos) the account signed (`user_id`, from now on), or signed with one
        of its names where they are its names (rows made before, a resident's pseudonym)."""
        map_id = map_id if map_id is not None else model.map_id
        by_name = map_id.in_(self.map_ids) & model.author.in_(self.names)
        return or_(model.user_id == self.user.id, by_name) & self._here(map_id) if self.user is not None else by_name

    def _here(self, map_id):
        """Rows found by account are the account's on any map, unless one map is asked."""
        return map_id == self.within if self.within is not None else true()

    def _of_features(self, model, condition, order):
        query = (select(model).join(Feature, Feature.id == model.feature_id)
                 .where(Feature.map_id.in_(self.map_ids), condition).order_by(order))
        return db.session.scalars(query).all()


def _stored_forms(names):
    """Each name as a JSON column's text may hold it: as typed, and escaped as `json.dumps` writes it (SQLite's
    and PostgreSQL's JSON columns keep the text SQLAlchemy's serialiser made)."""
    forms = set()
    for name in names:
        forms |= {json.dumps(name)[1:-1], json.dumps(name, ensure_ascii=False)[1:-1]}
    return sorted(forms)


def without_names(value, names, instead):
    """A JSON value (a revision's state) with every string equal to one of `names` replaced by `instead`."""
    if isinstance(value, dict):
        return {key: without_names(item, names, instead) for key, item in value.items()}
    if isinstance(value, list):
        return [without_names(item, names, instead) for item in value]
    return instead if isinstance(value, str) and value in names else value


def contributors(map_):
    """Whom an owner may erase on the map: (members of its collective, by name), and the pseudonyms its rows are
    signed with that no member displays (residents, former members), each once, in alphabetical order."""
    members = db.session.execute(select(User.id, User.display_name).join(Membership, Membership.user_id == User.id)
                                 .where(Membership.collective_id == map_.collective_id)
                                 .order_by(User.display_name)).all()
    signed = set()
    for model, name in ((Revision, Revision.author), (Proposal, Proposal.author), (Walk, Walk.facilitator)):
        signed |= set(db.session.scalars(select(name).distinct().where(model.map_id == map_.id)))
    for model, name in ((Comment, Comment.author), (Photo, Photo.author), (Plot, Plot.holder)):
        signed |= set(db.session.scalars(select(name).distinct().join(Feature, Feature.id == model.feature_id)
                                         .where(Feature.map_id == map_.id)))
    pseudonyms = sorted(signed - {name for _, name in members} - NOT_A_NAME)
    return list(members), pseudonyms
