"""An account: an email to log in with, a display name shown on changes, a hashed password."""
from datetime import datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import DateTime, String, func, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .map import utcnow

PASSWORD_MIN = 10
LOGIN_FAILURES_ALLOWED, LOGIN_WINDOW = 5, timedelta(minutes=15)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def set_password(self, password):
        """Keep only a salted scrypt hash (Werkzeug's current default)."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @classmethod
    def by_email(cls, email):
        return db.session.scalar(select(cls).where(cls.email == normalise_email(email)))


class LoginAttempt(db.Model):
    """A failed login, kept in the database so that the limit holds across every server worker."""
    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @classmethod
    def failed(cls, email):
        db.session.add(cls(email=normalise_email(email)))

    @classmethod
    def too_many(cls, email):
        """Whether this email has had too many failed logins lately to try again now."""
        since = utcnow() - LOGIN_WINDOW
        count = db.session.scalar(select(func.count()).where(cls.email == normalise_email(email), cls.at > since))
        return count >= LOGIN_FAILURES_ALLOWED


def normalise_email(email):
    return (email or "").strip().lower()
