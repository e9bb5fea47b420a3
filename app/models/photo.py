"""A photo of a feature: the stored (cleaned) image and its thumbnail, never its EXIF location."""
import uuid as uuid_module
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, select
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

    @classmethod
    def of_feature(cls, feature_id):
        """A feature's photos, oldest first."""
        query = select(cls).where(cls.feature_id == feature_id).order_by(cls.created_at, cls.id)
        return db.session.scalars(query).all()

    @classmethod
    def get_in_feature(cls, feature_id, photo_id):
        """A photo of that feature only (another feature's photo is not reachable through this one)."""
        return db.session.scalar(select(cls).where(cls.id == photo_id, cls.feature_id == feature_id))
