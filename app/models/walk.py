"""A diagnostic en marchant: a walk through the cité with residents, its route and what was noted on the way."""
from datetime import date, datetime

from geoalchemy2 import Geometry
from sqlalchemy import Date, DateTime, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import geo
from ..extensions import db
from .map import utcnow

FACILITATOR_MAX, THEME_MAX = 120, 200


class Walk(db.Model):
    __tablename__ = "walks"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    facilitator: Mapped[str] = mapped_column(String(FACILITATOR_MAX))
    participants: Mapped[int] = mapped_column(default=0)
    theme: Mapped[str] = mapped_column(String(THEME_MAX), default="")
    # The route walked, recorded from the GPS or drawn afterwards; none until the first positions arrive.
    route = mapped_column(Geometry(geometry_type="LINESTRING", srid=4326, spatial_index=False), nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    map = relationship("Map")

    @property
    def is_running(self):
        return self.ended_at is None

    @property
    def route_shape(self):
        return geo.to_shape(self.route) if self.route is not None else None

    @classmethod
    def of_map(cls, map_id):
        """A map's walks, latest first."""
        return db.session.scalars(select(cls).where(cls.map_id == map_id)
                                  .order_by(cls.held_on.desc(), cls.id.desc())).all()

    @classmethod
    def get_in_map(cls, map_id, walk_id):
        """A walk of that map only."""
        return db.session.scalar(select(cls).where(cls.id == walk_id, cls.map_id == map_id))
