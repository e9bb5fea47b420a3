"""Residents without an account: the links that let them contribute to a map, and what they propose.

When the link is moderated, what they draw waits as a Proposal until an editor validates it (it then
becomes a numbered feature) or rejects it with a reason; rejected proposals take no number.
"""
import json
import uuid as uuid_module
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import geo
from ..extensions import db
from .feature import Feature
from .links import SecretLink
from .lookups import MadeWithUuid, OfMap
from .map import utcnow
from .revision import Revision

STATUSES = ("waiting", "validated", "rejected")


class Tally(NamedTuple):
    """What residents proposed on a map through its links: counts only, never who."""
    proposed: int
    validated: int
    rejected: int
    waiting: int
    contributors: int  # distinct browsers (each keeps its own key for the link): about as many residents


class ContributionLink(OfMap, SecretLink, db.Model):
    __tablename__ = "contribution_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    moderated: Mapped[bool] = mapped_column(default=True)

    @classmethod
    def of_map(cls, map_id):
        """The map's links that still work, newest first."""
        return cls.live(cls.map_id == map_id)


class Proposal(OfMap, MadeWithUuid, db.Model):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("contribution_links.id", ondelete="SET NULL"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    geometry: Mapped[dict] = mapped_column(JSON)  # GeoJSON, already validated when proposed
    author: Mapped[str] = mapped_column(String(60), default="")
    # Made by the browser when the form opened: a drawing sent twice (the offline outbox replaying it) waits once.
    uuid: Mapped[str | None] = mapped_column(String(36), unique=True, default=lambda: str(uuid_module.uuid4()))
    # The digest of the key the proposer's browser keeps for this link (app/access.py): what makes the proposals
    # theirs, to follow in « Mes propositions », rather than everyone's who typed the same pseudonym.
    contributor: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(10), default="waiting")  # one of STATUSES
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was rejected, for the record
    feature_id: Mapped[int | None] = mapped_column(ForeignKey("features.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    category = relationship("Category")
    feature = relationship("Feature")

    @classmethod
    def propose(cls, map_, link, category, title, description, shape, *, author, contributor=None, uuid=None):
        """A resident's drawing, waiting (`uuid`: the one its browser made, else a new one)."""
        proposal = cls(map_id=map_.id, link_id=link.id, category=category, title=title, description=description,
                       geometry=geo.shape_to_dict(shape), author=author, contributor=contributor,
                       uuid=uuid or str(uuid_module.uuid4()))
        db.session.add(proposal)
        return proposal

    @property
    def geometry_text(self):
        """Its GeoJSON geometry as text, as a form's hidden geometry field holds it."""
        return json.dumps(self.geometry)

    @property
    def shape(self):
        return geo.parse_geometry(self.geometry).shape

    def edit(self, category, title, description, shape=None):
        """An editor corrects the text, the category or the shape (None: as drawn) before validating."""
        self.category, self.title, self.description = category, title, description
        if shape is not None:
            self.geometry = geo.shape_to_dict(shape)

    def as_geojson(self, **properties):
        """The proposal as GeoJSON Feature text (id `proposal-N`, never an item's number), with `properties`."""
        from ..formats.geojson import proposal_feature
        return proposal_feature(self.id, self.geometry, properties)

    def validate(self, map_, *, author):
        """Make the proposal a numbered feature of the map, in its history under the resident's pseudonym; the
        decision is kept there too, under the name of whoever validated it (`author`)."""
        feature = Feature.create(map_, self.category, self.title, self.description, self.shape, author=self.author)
        self.status, self.decided_at, self.feature = "validated", utcnow(), feature
        Revision.record(map_, "validated", feature, after=self._decision(number=feature.number), author=author)
        return feature

    def reject(self, map_, reason, *, author):
        """Turn the proposal down, with the reason its resident and the map's editors read (`author`: who did)."""
        self.status, self.decided_at, self.reason = "rejected", utcnow(), reason
        Revision.record(map_, "rejected", after=self._decision(reason=reason), author=author)

    def _decision(self, **outcome):
        """What the history says of a decision: which proposal, whose, and its outcome."""
        return {"title": self.title, "proposer": self.author, **outcome}

    @classmethod
    def waiting(cls, map_id, limit=None):
        """The map's proposals still to decide, oldest first (the first `limit` of them, when given)."""
        query = (select(cls).where(cls.map_id == map_id, cls.status == "waiting").order_by(cls.created_at, cls.id)
                 .limit(limit))
        return db.session.scalars(query).all()

    @classmethod
    def of_contributor(cls, link, contributor, limit=None):
        """What this browser proposed through this link (`contributor`: its key's digest), newest first."""
        query = (select(cls).where(cls.link_id == link.id, cls.contributor == contributor)
                 .order_by(cls.created_at.desc(), cls.id.desc()).limit(limit))
        return db.session.scalars(query).all()

    @classmethod
    def count_waiting(cls, map_id):
        """How many of the map's proposals are still to decide."""
        return db.session.scalar(select(func.count()).where(cls.map_id == map_id, cls.status == "waiting"))

    @classmethod
    def tally(cls, map_id):
        """The map's proposals counted by status, and the distinct residents' browsers they came from."""
        by_status = dict(db.session.execute(select(cls.status, func.count()).where(cls.map_id == map_id)
                                            .group_by(cls.status)).all())
        contributors = db.session.scalar(select(func.count(func.distinct(cls.contributor)))
                                         .where(cls.map_id == map_id))
        return Tally(sum(by_status.values()), *(by_status.get(status, 0) for status in ("validated", "rejected",
                                                                                         "waiting")), contributors)
