"""A comment on a feature: a short text, who wrote it (a pseudonym until accounts), when."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

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

    @classmethod
    def add(cls, feature, body, *, author):
        """Comment on a feature; the comment is a change of the map, in its history and its change feed."""
        comment = cls(feature_id=feature.id, body=body, author=author)
        db.session.add(comment)
        Revision.record(feature.map, "commented", feature, after={"comment": body}, author=author)
        return comment

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
