"""A legend entry of one map: label, colour, icon, the kinds of shapes it takes, its place in the legend."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import INTEGER_MAX
from ..extensions import db
from .revision import Revision

KINDS = ("point", "line", "polygon")
DEFAULT_COLOUR, LABEL_MAX = "#3d7a3a", 120


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(LABEL_MAX))
    colour: Mapped[str] = mapped_column(String(7), default=DEFAULT_COLOUR)
    icon: Mapped[str] = mapped_column(String(8), default="")
    kinds: Mapped[str] = mapped_column(String(40), default=" ".join(KINDS))
    group: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(default=0)
    # A category removed together with its features is only hidden, so restoring a feature restores it too.
    deleted_at: Mapped[datetime | None]

    map = relationship("Map", back_populates="categories")

    def accepts(self, kind):
        """Whether a shape of this kind (point, line, polygon) may be filed under this category."""
        return kind in self.kinds.split()

    @classmethod
    def of_map(cls, map_id):
        """The legend of a map, in its order."""
        query = select(cls).where(cls.map_id == map_id, cls.deleted_at.is_(None))
        return db.session.scalars(query.order_by(cls.position, cls.id)).all()

    @classmethod
    def get_in_map(cls, map_id, category_id):
        """A legend entry of that map only (deleted ones included: they can be brought back). Every category id
        that comes from outside (a URL, a form, a revision, a backup) is resolved here; an id that is not a whole
        number a column can hold (a revision of a restored backup may say anything) names no entry."""
        if type(category_id) is not int or not 0 < category_id <= INTEGER_MAX:
            return None
        return db.session.scalar(select(cls).where(cls.id == category_id, cls.map_id == map_id))

    @classmethod
    def next_position(cls, map_id):
        """The position after the last entry of a map's legend."""
        last = db.session.scalar(select(func.max(cls.position)).where(cls.map_id == map_id))
        return (last or 0) + 1

    @classmethod
    def counts(cls, map_id):
        """Live (not deleted) features per category id."""
        from .feature import Feature
        rows = db.session.execute(
            select(Feature.category_id, func.count()).where(Feature.map_id == map_id, Feature.deleted_at.is_(None))
            .group_by(Feature.category_id)
        )
        return dict(rows.all())

    def _features(self, *columns):
        """A query of this entry's features, of its own map only (a category id alone never reaches another's)."""
        from .feature import Feature
        return select(*columns).where(Feature.category_id == self.id, Feature.map_id == self.map_id)

    def usage(self):
        """(live, deleted) counts of the features filed under this category."""
        from .feature import Feature
        alive = Feature.deleted_at.is_(None)
        rows = dict(db.session.execute(self._features(alive, func.count()).group_by(alive)).all())
        return rows.get(True, 0), rows.get(False, 0)

    def remove(self, move_to=None, *, author):
        """Delete this entry: its features go to `move_to`, or to the bin with the entry hidden beside them."""
        from .feature import Feature
        from .map import utcnow
        features = db.session.scalars(self._features(Feature)).all()
        if move_to is not None:
            for feature in features:
                feature.category = move_to
        if move_to is not None or not features:
            db.session.delete(self)
        else:
            for feature in features:
                feature.deleted_at = feature.deleted_at or utcnow()
            self.deleted_at = utcnow()
        Revision.record(self.map, "legend", before={"category": self.label}, author=author)

    def move(self, step):
        """Swap this entry with its neighbour above (step -1) or below (step +1)."""
        legend = list(Category.of_map(self.map_id))
        index = legend.index(self)
        other = index + step
        if not 0 <= other < len(legend):
            return False
        for position, category in enumerate(legend, start=1):
            category.position = position
        legend[index].position, legend[other].position = legend[other].position, legend[index].position
        return True
