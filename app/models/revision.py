"""A revision: one change to a map's content, numbered in the map's order.

It is at once the history (who changed what, with the state before and after), the change feed that
open maps poll for live updates, and the state an item can be restored to.
"""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .author import account_of
from .map import utcnow

ACTIONS = ("created", "edited", "deleted", "restored", "legend", "commented", "uncommented", "validated", "rejected",
           "erased")  # erased: an owner erased someone's contributions (how many, never whose: app/people/erasure.py)
# Decisions on residents' proposals: in the history of those who moderate only (a refusal's reason is theirs to read).
MODERATION = ("validated", "rejected")
PAGE_SIZE = 30  # changes per page of the history panel


class Revision(db.Model):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("map_id", "seq", name="uq_revisions_map_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    feature_id: Mapped[int | None] = mapped_column(ForeignKey("features.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(12))  # one of ACTIONS
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(120), default="")  # a display name or a pseudonym
    # The account that signed it (None: a resident, a command, an entry made before accounts were kept).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    feature = relationship("Feature")

    @classmethod
    def record(cls, map_, action, feature=None, before=None, after=None, *, author):
        """Advance the map's revision and keep what changed, and who changed it (a display name, a pseudonym, or ''
        for « Anonyme »: the caller always says, see app/authorship.py)."""
        seq, _number = map_.bump_revision()
        return cls.keep(map_, seq, action, feature, before, after, author=author)

    @classmethod
    def keep(cls, map_, seq, action, feature=None, before=None, after=None, *, author):
        """Keep a change under a revision number already taken (a creation takes it with its feature number)."""
        revision = cls(map_id=map_.id, seq=seq, feature=feature, action=action, before=before, after=after,
                       author=str(author), user_id=account_of(author))
        db.session.add(revision)
        return revision

    @classmethod
    def since(cls, map_id, seq, limit=None):
        """The revisions of a map after `seq`, in order (the first `limit` of them, when given)."""
        query = select(cls).where(cls.map_id == map_id, cls.seq > seq).order_by(cls.seq).limit(limit)
        return db.session.scalars(query).all()

    @classmethod
    def listed(cls, map_id, feature_id=None, before_seq=None, limit=PAGE_SIZE, author=None, moderation=False):
        """The newest revisions of a map (of one feature, by one author, when given), older than `before_seq`;
        decisions on proposals only with `moderation`."""
        query = select(cls).where(cls.map_id == map_id)
        if not moderation:
            query = query.where(cls.action.not_in(MODERATION))
        if feature_id is not None:
            query = query.where(cls.feature_id == feature_id)
        if author is not None:
            query = query.where(cls.author == author)
        if before_seq is not None:
            query = query.where(cls.seq < before_seq)
        return db.session.scalars(query.order_by(cls.seq.desc()).limit(limit)).all()

    @property
    def restorable(self):
        """Whether the item can be given back the live state this change left it in, unlike its state today."""
        if not (self.feature and self.after) or "deleted" not in self.after or self.after["deleted"]:
            return False
        now = self.feature.snapshot()
        # .get: the history of a restored backup may lack a field (restoring it is then refused, with a message)
        keys = ("title", "description", "category_id", "geometry", "deleted")
        return any(self.after.get(key) != now[key] for key in keys)

    @property
    def changed_fields(self):
        """Which of title, description, category, shape, deleted, a plot's assignment differ before and after."""
        if not self.before or not self.after:
            return []
        return [key for key in ("title", "description", "category", "geometry", "deleted", "plot")
                if self.before.get(key) != self.after.get(key)]
