"""What every secret link shares: an unguessable token, an optional expiry, and revocation that holds at once."""
import secrets
from datetime import UTC, datetime

from sqlalchemy import DateTime, String, delete, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .map import utcnow


def new_token():
    return secrets.token_urlsafe(18)


class SecretLink:
    """A mixin for tables of links: each request checks the row, so a revoked or expired link stops at once."""
    token: Mapped[str] = mapped_column(String(32), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_active(self):
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or _aware(self.expires_at) > utcnow()

    @property
    def ends_at(self):
        """When it stops working unless revoked before, in UTC; None: never."""
        return _aware(self.expires_at) if self.expires_at else None

    def revoke(self):
        self.revoked_at = self.revoked_at or utcnow()

    @classmethod
    def live(cls, *criteria):
        """The links matching `criteria` that still work, newest first."""
        links = db.session.scalars(select(cls).where(*criteria).order_by(cls.id.desc())).all()
        return [link for link in links if link.is_active]

    @classmethod
    def forget_ended(cls, before):
        """Delete the links that stopped (expired or revoked) before `before`; how many went. A stopped link never
        works again and no page lists it; its token asked again is refused as an unknown one."""
        stopped = or_(cls.expires_at < before, cls.revoked_at < before)
        return db.session.execute(delete(cls).where(stopped).execution_options(synchronize_session=False)).rowcount

    @classmethod
    def active_by_token(cls, token):
        """The live link of that token, or None (unknown, revoked or expired alike)."""
        link = db.session.scalar(select(cls).where(cls.token == str(token or "")[:32]))
        return link if link is not None and link.is_active else None


def _aware(moment):
    """SQLite gives back naive datetimes for the UTC ones it was given."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
