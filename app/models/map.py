"""A map: one cité or territory, with its own legend and numbered features."""
from datetime import UTC, datetime

from sqlalchemy import ForeignKey, String, inspect, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

VISIBILITIES = ("private", "link", "public")  # members only; anyone with the secret link; listed for all


def utcnow():
    return datetime.now(UTC)


# The session's note of the maps whose revision its transaction advances.
REVISING = "voyette.revising"


class Map(db.Model):
    __tablename__ = "maps"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    commune: Mapped[str] = mapped_column(String(120), default="")  # its name, as shown
    # The commune chosen at creation (its INSEE code, app/places) and its intercommunality (a key of
    # places.territories.TERRITORIES): None for maps made before, or for a place outside the eight.
    commune_code: Mapped[str | None] = mapped_column(String(5))
    epci: Mapped[str | None] = mapped_column(String(24))
    # The opening view: the commune's centre at creation, then the one its editors save.
    center_lon: Mapped[float] = mapped_column(default=2.906)
    center_lat: Mapped[float] = mapped_column(default=50.445)
    zoom: Mapped[int] = mapped_column(default=16)
    # Increases with every change to the map's content: the ETag of its data and, later, the change feed's cursor.
    revision: Mapped[int] = mapped_column(default=0)
    # The last number handed to a feature; numbers are never reused, so a printed legend stays true.
    last_number: Mapped[int] = mapped_column(default=0)
    # Increases with every import of its cadastre (Parcel.replace_layer): the ETag of the cadastre's views.
    cadastre_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collectives.id"), index=True)
    visibility: Mapped[str] = mapped_column(String(8), default="private", server_default="private")
    # The secret of the « anyone with the link can view » link; a new one voids the old link.
    share_token: Mapped[str | None] = mapped_column(String(32))

    collective = relationship("Collective", back_populates="maps")

    categories = relationship("Category", back_populates="map", order_by="Category.position",
                              cascade="all, delete-orphan")

    @classmethod
    def listed(cls, collective_ids=()):
        """The public maps and those of these collectives, newest first."""
        query = select(cls).where(or_(cls.visibility == "public", cls.collective_id.in_(collective_ids)))
        return db.session.scalars(query.order_by(cls.created_at.desc(), cls.id.desc())).all()

    def place_in(self, commune, zoom):
        """Put a new map in its commune (an `app.places.Commune`): its name, code and EPCI, opened on its centre."""
        self.commune, self.commune_code, self.epci = commune.name, commune.code, commune.epci
        self.open_on(commune.lon, commune.lat, zoom)

    def open_on(self, lon, lat, zoom):
        """The view the map opens on, for everyone."""
        self.center_lon, self.center_lat, self.zoom = lon, lat, zoom

    def renew_share_token(self):
        """A new secret for the view link: whoever held the old link no longer gets in."""
        from .links import new_token
        self.share_token = new_token()

    def bump_revision(self, take_number=False, count=1):
        """Atomically advance the revision (and the feature number when asked) by `count`; returns the last
        (revision, number) taken.

        One UPDATE … RETURNING serialises concurrent writers on both databases, so two people
        adding an item at the same moment never receive the same number, and revisions commit in order.
        """
        values = {"revision": Map.revision + count}
        if take_number:
            values["last_number"] = Map.last_number + count
        row = db.session.execute(
            update(Map).where(Map.id == self.id).values(**values).returning(Map.revision, Map.last_number)
            .execution_options(synchronize_session=False)
        ).one()
        db.session.expire(self, ["revision", "last_number"])
        # Noted for the layer's answers, made again once this commits (features/prepared.py), with the creation time
        # that names their folder when it is loaded (never read for it).
        db.session.info.setdefault(REVISING, {})[self.id] = inspect(self).dict.get("created_at")
        return row.revision, row.last_number
