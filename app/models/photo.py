"""A photo of a feature: the stored (cleaned) image and its thumbnail, never its EXIF location."""
import uuid as uuid_module
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..photos.images import THUMBNAIL_SIDE, fit
from .lookups import MadeWithUuid
from .map import utcnow

AUTHOR_MAX = 60


class Photo(MadeWithUuid, db.Model):
    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    feature_id: Mapped[int] = mapped_column(ForeignKey("features.id", ondelete="CASCADE"), index=True)
    # Sent by the client with the upload, so that an upload replayed from the offline outbox adds nothing twice.
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid_module.uuid4()))
    # The stored file's name (random, so that names say nothing); the thumbnail is beside it.
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    width: Mapped[int]
    height: Mapped[int]
    size: Mapped[int]  # bytes of the stored image, as served
    taken_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(AUTHOR_MAX), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)  # who gave it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    feature = relationship("Feature")

    # Where the upload said it was taken, (lon, lat): set by `photos.store.attach` on the photo it returns, for
    # placing a new point there; not a column, so never stored.
    location = None

    @property
    def thumbnail_size(self):
        """(width, height) of the thumbnail, for the page to reserve its place before it loads."""
        return fit((self.width, self.height), THUMBNAIL_SIDE)

    @property
    def dated_at(self):
        """The photo's date (aware): when it was taken, as its file or a person said, else when it was given."""
        moment = self.taken_at or self.created_at
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite's times come back without their zone

    def redate(self, day, zone):
        """Say the photo was taken on `day` (a person corrects it): the time of day it said in `zone` is kept."""
        self.taken_at = datetime.combine(day, self.dated_at.astimezone(zone).time(), zone).astimezone(UTC)

    @classmethod
    def of_feature(cls, feature_id):
        """A feature's photos, oldest first by their date (`dated_at`: taken, else given)."""
        return cls.of_features([feature_id]).get(feature_id, [])

    @classmethod
    def of_features(cls, feature_ids):
        """The photos of these features, oldest first by their date, by feature id (one query)."""
        query = (select(cls).where(cls.feature_id.in_(feature_ids))
                 .order_by(func.coalesce(cls.taken_at, cls.created_at), cls.id))
        photos = {}
        for photo in db.session.scalars(query):
            photos.setdefault(photo.feature_id, []).append(photo)
        return photos

    @classmethod
    def get_in_feature(cls, feature_id, photo_id):
        """A photo of that feature only (another feature's photo is not reachable through this one)."""
        return db.session.scalar(select(cls).where(cls.id == photo_id, cls.feature_id == feature_id))
