"""A shared plot: an item of the map (a zone) cut from another zone, assigned to a household or group for a season.

The plot's shape, number, title, history and comments are its Feature's; this row adds what makes it a plot."""
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from .feature import Feature

HOLDER_MAX = 80
NOTE_MAX = 1_000  # a few lines for the collective: the key is under the pot, water on Tuesdays


class Plot(db.Model):
    __tablename__ = "plots"

    feature_id: Mapped[int] = mapped_column(ForeignKey("features.id", ondelete="CASCADE"), primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("features.id", ondelete="CASCADE"), index=True)
    holder: Mapped[str] = mapped_column(String(HOLDER_MAX), default="")  # a pseudonym: private to the collective
    season_start: Mapped[date | None] = mapped_column(Date)
    season_end: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    feature = relationship(Feature, foreign_keys=[feature_id], backref=backref("plot", uselist=False))
    zone = relationship(Feature, foreign_keys=[zone_id])

    @classmethod
    def of_zone(cls, zone_id):
        """The live plots cut from a zone, by number."""
        query = (select(cls).join(Feature, Feature.id == cls.feature_id)
                 .where(cls.zone_id == zone_id, Feature.deleted_at.is_(None)).order_by(Feature.number))
        return db.session.scalars(query).all()

    def state(self):
        """What the history keeps of the assignment."""
        return {"holder": self.holder, "note": self.note,
                "season": [day.isoformat() if day else None for day in (self.season_start, self.season_end)]}
