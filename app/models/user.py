"""An account: an email to log in with, a display name shown on changes, a hashed password."""
import secrets
from datetime import datetime
from functools import cache

from flask_login import UserMixin
from sqlalchemy import DateTime, String, bindparam, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .links import _aware
from .map import utcnow

EMAIL_MAX = 254  # RFC 5321
PASSWORD_MIN = 10
NO_PASSWORD_YET = ""  # signed up, but the password is still to be chosen from the link sent to the address
# Checked when there is no account to check against, so that refusing an unknown address costs the same work as
# refusing a wrong password: made with the current method and cost, like every new account's hash.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Kept in every session of the account (see get_id): one increment ends them all.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    @classmethod
    def sign_up(cls, email, display_name):
        """A new account, without a password until its owner chooses one from the link mailed to the address."""
        user = cls(email=normalise_email(email), display_name=display_name, password_hash=NO_PASSWORD_YET)
        db.session.add(user)
        return user

    @classmethod
    def authenticate(cls, email, password):
        """The account this address and password open, or None; one hash is checked whatever the address."""
        user = cls.by_email(email)
        if user is None or not user.has_password:
            check_password_hash(_DUMMY_HASH, password)
            return None
        return user if user.check_password(password) else None

    @property
    def has_password(self):
        return self.password_hash != NO_PASSWORD_YET

    def set_password(self, password):
        """Keep only a salted scrypt hash (Werkzeug's current default)."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def change_password(self, password):
        """A new password ends every session opened with the old one (whoever may have had it)."""
        self.set_password(password)
        self.end_sessions()

    def end_sessions(self):
        self.session_generation += 1

    def get_id(self):
        """What Flask-Login keeps in the session: the id and the generation the session belongs to."""
        return f"{self.id}.{self.session_generation}"

    @classmethod
    def by_session_id(cls, session_id):
        """The account of a session, while the session's generation is the account's current one. A session
        from before generations were kept names the id alone: it counts as the first generation."""
        user_id, _, generation = session_id.partition(".")
        user = db.session.scalar(_by_id(), {"id": int(user_id)}) if user_id.isdigit() else None
        return user if user is not None and str(user.session_generation) == (generation or "0") else None

    @classmethod
    def by_email(cls, email):
        return db.session.scalar(select(cls).where(cls.email == normalise_email(email)))


@cache
def _by_id():
    """The query of the account of a session, run on every request of someone logged in: built once per process
    (`session.get` builds its own each time, at more cost than running it), its id bound as it runs. Always run:
    the generation it checks is the database's of this request."""
    return select(User).where(User.id == bindparam("id"))


class LoginAttempt(db.Model):
    """A failed login, kept in the database so that the limit holds across every server worker. `client` is a
    keyed digest of the device or network it came from (see accounts/throttle.py), never the address itself."""
    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    client: Mapped[str] = mapped_column(String(64), index=True, server_default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @classmethod
    def failed(cls, email, client, forget_before):
        """Record a failure; those older than `forget_before` count no more and go, so the table stays small."""
        cls.forget(forget_before)
        db.session.add(cls(email=normalise_email(email), client=client))

    @classmethod
    def forget(cls, before):
        """Delete the failures older than `before`; how many went."""
        return db.session.execute(delete(cls).where(cls.at < before)).rowcount

    @classmethod
    def since(cls, moment, email=None, client=None):
        """How many failures since that moment, and the last one's time, for an address, a client or both."""
        query = select(func.count(), func.max(cls.at)).where(cls.at > moment)
        if email is not None:
            query = query.where(cls.email == normalise_email(email))
        if client is not None:
            query = query.where(cls.client == client)
        count, last = db.session.execute(query).one()
        return count, last and _aware(last)


class MailedLink(db.Model):
    """A link mailed to an address (kept as a keyed digest), so that nobody can flood an address with them."""
    __tablename__ = "mailed_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @classmethod
    def count_since(cls, address, moment):
        """How many went to that address since then; older rows go, as they count no more."""
        cls.forget(moment)
        return db.session.scalar(select(func.count()).where(cls.address == address, cls.at > moment))

    @classmethod
    def forget(cls, moment):
        """Delete the rows of links mailed at or before `moment`; how many went."""
        return db.session.execute(delete(cls).where(cls.at <= moment)).rowcount


def normalise_email(email):
    return (email or "").strip().lower()
