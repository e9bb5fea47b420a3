"""A cadastral parcel of a map's reference layer (the Etalab `cadastre-<INSEE>-parcelles.json`): drawn faintly under
the items, for zones to snap to; never an item itself (no number, no history)."""
from geoalchemy2 import Geometry
from sqlalchemy import ForeignKey, Index, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from .. import geo
from ..extensions import db

# Parcels in one answer: a dense street-level view (map.js asks from zoom 16) holds a few hundred; a commune has
# thousands, and the answer's size stays this bound's whatever the layer's.
IN_VIEW_MAX = 5000


class Parcel(db.Model):
    __tablename__ = "reference_parcels"
    # The map's parcels in a view are found on their bounding boxes: plain columns, the same SQL on both databases.
    __table_args__ = (Index("ix_reference_parcels_map_box", "map_id", "west", "east"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(20), default="")  # « 91216000AB0037 »
    section: Mapped[str] = mapped_column(String(4), default="")
    numero: Mapped[str] = mapped_column(String(8), default="")
    contenance: Mapped[int | None]  # m², as the land registry states it
    geom = mapped_column(Geometry(srid=4326, spatial_index=False), nullable=False)
    west: Mapped[float]
    south: Mapped[float]
    east: Mapped[float]
    north: Mapped[float]

    @classmethod
    def replace_layer(cls, map_, rows):
        """The map's reference layer becomes these (ref, section, numero, contenance, shape) rows."""
        db.session.execute(delete(cls).where(cls.map_id == map_.id))
        db.session.add_all(cls(map_id=map_.id, ref=ref, section=section, numero=numero, contenance=contenance,
                               geom=geo.to_db(shape), west=shape.bounds[0], south=shape.bounds[1],
                               east=shape.bounds[2], north=shape.bounds[3])
                           for ref, section, numero, contenance, shape in rows)

    @property
    def shape(self):
        return geo.to_shape(self.geom)

    @classmethod
    def in_view(cls, map_id, bbox, limit=IN_VIEW_MAX):
        """The map's parcels meeting the view, at most `limit` of them (the view is always asked: never the layer
        whole)."""
        west, south, east, north = bbox
        query = (select(cls).where(cls.map_id == map_id, cls.west <= east, cls.east >= west, cls.south <= north,
                                   cls.north >= south).limit(limit))
        return db.session.scalars(query).all()

    @classmethod
    def count(cls, map_id):
        return db.session.scalar(select(func.count()).select_from(cls).where(cls.map_id == map_id))
