"""A diagnostic en marchant: a walk through the cité with residents, its route and what was noted on the way."""
from datetime import UTC, date, datetime

from geoalchemy2 import Geometry
from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, String, func, select, update
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from .. import geo
from ..extensions import db
from .lookups import OfMap
from .map import utcnow

FACILITATOR_MAX, THEME_MAX = 120, 200
PARTICIPANTS_MAX = 500
# A route is sent whole each time: at most this many positions (a 3 m step makes that 60 km, a long day's walk).
ROUTE_POSITIONS_MAX = 20000
ACCURACY_MAX_M = 50  # a fix less precise than this is noise on the scale of a street, and dropped
ROUTE_BREAKS_MAX = 500  # times the screen slept during one walk


class Walk(OfMap, db.Model):
    __tablename__ = "walks"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    facilitator: Mapped[str] = mapped_column(String(FACILITATOR_MAX))
    participants: Mapped[int] = mapped_column(default=0)
    theme: Mapped[str] = mapped_column(String(THEME_MAX), default="")
    # The route walked, recorded from the GPS or drawn afterwards; none until the first positions arrive.
    route = mapped_column(Geometry(geometry_type="LINESTRING", srid=4326, spatial_index=False), nullable=True)
    # Where nothing was recorded (the screen asleep): [{after: positions before it, from, until (ISO 8601)}].
    route_breaks: Mapped[list | None] = mapped_column(JSON)
    route_accuracy_m: Mapped[float | None] = mapped_column(Float)  # the route's median GPS accuracy
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
    def start(cls, map_, held_on, facilitator, participants, theme=""):
        """Begin a walk on a map now; its route comes as the tablet records it."""
        walk = cls(map=map_, held_on=held_on, facilitator=facilitator, participants=participants, theme=theme or "")
        db.session.add(walk)
        return walk

    def end(self):
        """Stop the walk (ending it twice keeps the first end)."""
        if self.ended_at is None:
            self.ended_at = utcnow()

    def remove(self):
        """Delete the walk; the features noted during it stay on the map, no longer linked to it."""
        from .feature import Feature
        db.session.execute(update(Feature).where(Feature.walk_id == self.id).values(walk_id=None))
        db.session.delete(self)

    def record_route(self, route):
        """Keep this route (a walks.trace.Route: its line in lon/lat, its breaks, its accuracy) in place of the
        one before."""
        self.route = geo.to_db(route.line) if route.line is not None else None
        self.route_breaks = route.breaks or None
        self.route_accuracy_m = route.accuracy_m

    @property
    def breaks(self):
        """[(from, until)] as aware datetimes: when the route was not recorded."""
        return [(datetime.fromisoformat(gap["from"]), datetime.fromisoformat(gap["until"]))
                for gap in self.route_breaks or []]

    def route_pieces(self):
        """(the route as recorded: its pieces between breaks, the straight lines across the breaks), each a
        MultiLineString or None."""
        shape = self.route_shape
        if shape is None:
            return None, None
        count = len(shape.coords)
        cuts = {gap["after"] for gap in self.route_breaks or [] if 0 < gap["after"] < count}  # inside the line only
        return geo.cut_line(shape, sorted(cuts))

    @property
    def distance_m(self):
        """The length of the route recorded, in metres (Lambert-93), not counting its breaks; 0 without one."""
        shape = self.route_pieces()[0]
        return geo.measure(shape)["length_m"] if shape is not None else 0.0

    @property
    def position_count(self):
        shape = self.route_shape
        return len(shape.coords) if shape is not None else 0

    @property
    def duration(self):
        """How long the walk lasted (so far, while it runs)."""
        return _aware(self.ended_at or utcnow()) - _aware(self.started_at)

    def noted(self):
        """The live features noted during the walk, by number."""
        from .feature import Feature
        query = select(Feature).where(Feature.walk_id == self.id, Feature.deleted_at.is_(None))
        return db.session.scalars(query.order_by(Feature.number).options(joinedload(Feature.category))).all()

    def counts_by_category(self):
        """(category, how many) of what was noted, in the legend's order; categories with nothing are left out."""
        from .category import Category
        from .feature import Feature
        query = (select(Category, func.count(Feature.id)).join(Feature, Feature.category_id == Category.id)
                 .where(Feature.walk_id == self.id, Feature.deleted_at.is_(None))
                 .group_by(Category.id).order_by(Category.position, Category.id))
        return db.session.execute(query).all()


def _aware(moment):
    """SQLite gives back times without their zone; they are UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
