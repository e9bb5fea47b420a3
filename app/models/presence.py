"""Who has a map open right now: each open page says so every few seconds; silence means gone."""
from datetime import datetime, timedelta

from sqlalchemy import DateTime, ForeignKey, String, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .map import utcnow

GONE_AFTER = timedelta(seconds=45)  # three missed calls of an open page


class Presence(db.Model):
    __tablename__ = "presences"

    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True)
    visitor: Mapped[str] = mapped_column(String(32), primary_key=True)  # a random id kept in the session
    name: Mapped[str] = mapped_column(String(60))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    @classmethod
    def here(cls, map_id, visitor, name):
        """Note that this visitor has the map open, and forget those gone; one upsert, no race between tabs."""
        now = utcnow()
        insert = (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)(cls)
        db.session.execute(insert.values(map_id=map_id, visitor=visitor, name=name, seen_at=now)
                           .on_conflict_do_update(index_elements=["map_id", "visitor"],
                                                  set_={"name": name, "seen_at": now}))
        cls.forget_gone(now, map_id)

    @classmethod
    def forget_gone(cls, now, map_id=None):
        """Delete the rows of those gone by `now`, of one map or of every map (a map nobody opens again would keep
        its last visitors' names otherwise: `flask expirer`); how many went."""
        query = delete(cls).where(cls.seen_at < now - GONE_AFTER)
        if map_id is not None:
            query = query.where(cls.map_id == map_id)
        return db.session.execute(query).rowcount

    @classmethod
    def others(cls, map_id, visitor):
        """The names of the other people on the map now, in alphabetical order, each once."""
        query = select(cls.name).where(cls.map_id == map_id, cls.visitor != visitor,
                                       cls.seen_at >= utcnow() - GONE_AFTER).distinct().order_by(cls.name)
        return db.session.scalars(query).all()
