"""A comment on a feature: a short text, who wrote it (a display name or a pseudonym), when.

It also knows its writer, so that they may delete it (`app/access.py`, `Access.may_delete_comment`): their account,
or for a resident the digest of the key their browser keeps for the map (as a proposal does). Deleting it erases it:
the row goes, and with it the history entry that kept its text and its writer's name.
"""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .map import utcnow
from .revision import Revision

BODY_MAX, AUTHOR_MAX = 2000, 60


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    feature_id: Mapped[int] = mapped_column(ForeignKey("features.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(AUTHOR_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Its writer: their account, or a resident's key digest (None: not known, as for comments made before).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    contributor: Mapped[str | None] = mapped_column(String(64))
    # The history entry that keeps its text and its writer's name, erased with it.
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id", ondelete="SET NULL"), index=True)

    feature = relationship("Feature")
    revision = relationship("Revision")

    @classmethod
    def add(cls, feature, body, *, author, account_id=None, contributor=None):
        """Comment on a feature; the comment is a change of the map, in its history and its change feed.
        `account_id` or `contributor` (a resident's key digest) say who wrote it, for them to delete it later."""
        revision = Revision.record(feature.map, "commented", feature, after={"comment": body}, author=author)
        comment = cls(feature_id=feature.id, body=body, author=author, user_id=account_id, contributor=contributor,
                      revision=revision)
        db.session.add(comment)
        return comment

    @classmethod
    def get_in_feature(cls, feature_id, comment_id):
        """A comment of that feature only (another feature's comment is not reachable through this one)."""
        return db.session.scalar(select(cls).where(cls.id == comment_id, cls.feature_id == feature_id))

    def written_by(self, account_id, contributor):
        """Whether that account, or the resident's browser whose key has that digest, wrote this comment."""
        return ((account_id is not None and self.user_id == account_id)
                or (contributor is not None and self.contributor == contributor))

    def erase(self, *, author):
        """Delete the comment for good (RGPD: erasure, not hiding): its row, and the history entry that kept its text
        and its writer's name. The history says a comment was deleted, by `author`, and nothing of what it said."""
        feature = self.feature
        if self.revision is not None:
            db.session.delete(self.revision)
        db.session.delete(self)
        Revision.record(feature.map, "uncommented", feature, author=author)

    @classmethod
    def of_feature(cls, feature_id, latest=None):
        """The thread of a feature, oldest first (its `latest` comments only, when given)."""
        newest = select(cls).where(cls.feature_id == feature_id).order_by(cls.created_at.desc(), cls.id.desc())
        return db.session.scalars(newest.limit(latest)).all()[::-1]

    @classmethod
    def of_features(cls, feature_ids):
        """{feature id: its comments, oldest first} for those features (a walk's report)."""
        threads = {}
        query = select(cls).where(cls.feature_id.in_(feature_ids)).order_by(cls.created_at, cls.id)
        for comment in db.session.scalars(query) if feature_ids else ():
            threads.setdefault(comment.feature_id, []).append(comment)
        return threads

    @classmethod
    def count_of(cls, feature_id):
        """How many comments a feature has."""
        return db.session.scalar(select(func.count()).where(cls.feature_id == feature_id))
