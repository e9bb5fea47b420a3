"""A cadastral parcel of a map's reference layer (the Etalab `cadastre-<INSEE>-parcelles.json`): drawn faintly under
the items, for zones to snap to; never an item itself (no number, no history)."""
from geoalchemy2 import Geometry
from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .. import geo
from ..extensions import db
from ..i18n import lazy_gettext as _l
from .map import Map

# The widest view (degrees, each way) whose parcels are sent: map.js asks from zoom 16, where a 5,000-pixel-wide
# screen with parcels.js's margins spans 0.15°. A view is sent whole, never cut: the layer itself holds at most an
# import's items (formats.items.MAX_ITEMS), and a street-level view a few thousand of them.
VIEW_MAX_DEGREES = 0.2


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
    # Its GeoJSON geometry, written once at import so that a view never encodes it again; None when restored from a
    # backup made before parcels kept it (then written from `geom`).
    geojson: Mapped[str | None] = mapped_column(Text)
    west: Mapped[float]
    south: Mapped[float]
    east: Mapped[float]
    north: Mapped[float]

    @classmethod
    def replace_layer(cls, map_, rows):
        """The map's reference layer becomes these (ref, section, numero, contenance, shape) rows, inserted in one
        statement (executemany), their geometries converted together and bound as WKB that the database's own
        ST_GeomFromWKB reads; the map's cadastre version moves on."""
        db.session.execute(delete(cls).where(cls.map_id == map_.id))
        shapes = [row[4] for row in rows]
        if shapes:
            columns = zip(geo.to_wkb_many(shapes), geo.shape_to_geojson(shapes).tolist(), geo.bounds_many(shapes),
                          strict=True)
            db.session.execute(_insert(), [
                {"map_id": map_.id, "ref": ref, "section": section, "numero": numero, "contenance": contenance,
                 "wkb": wkb, "geojson": text, "west": west, "south": south, "east": east, "north": north}
                for (ref, section, numero, contenance, _shape), (wkb, text, (west, south, east, north))
                in zip(rows, columns, strict=True)])
        db.session.execute(update(Map).where(Map.id == map_.id).values(cadastre_version=Map.cadastre_version + 1))
        db.session.expire(map_, ["cadastre_version"])

    @property
    def shape(self):
        return geo.to_shape(self.geom)

    @classmethod
    def checked_view(cls, text):
        """The `bbox` a view asks for, or ValueError (French) when it is not one or wider than VIEW_MAX_DEGREES."""
        west, south, east, north = geo.parse_bbox(text)
        if east - west > VIEW_MAX_DEGREES or north - south > VIEW_MAX_DEGREES:
            raise ValueError(_l("Le cadastre s'affiche rue par rue : zoomez davantage sur la carte."))
        return west, south, east, north

    @classmethod
    def _meeting(cls, map_id, bbox):
        west, south, east, north = bbox
        return (cls.map_id == map_id, cls.west <= east, cls.east >= west, cls.south <= north, cls.north >= south)

    @classmethod
    def in_view(cls, map_id, bbox):
        """The map's parcels meeting the view, all of them."""
        return db.session.scalars(select(cls).where(*cls._meeting(map_id, bbox))).all()

    @classmethod
    def rows_in_view(cls, map_id, bbox):
        """(GeoJSON geometry text, section, numero, contenance) of every parcel meeting the view, the geometry as
        the import wrote it (or from `geom` for a parcel restored without it)."""
        text = func.coalesce(cls.geojson, func.ST_AsGeoJSON(cls.geom, geo.GEOJSON_DECIMALS))
        query = select(text, cls.section, cls.numero, cls.contenance).where(*cls._meeting(map_id, bbox))
        return db.session.execute(query).all()

    @classmethod
    def count(cls, map_id):
        return db.session.scalar(select(func.count()).select_from(cls).where(cls.map_id == map_id))


def _insert():
    """The geometry bound as plain bytes (no per-row conversion by GeoAlchemy2), read by the database in the
    statement. Made for each use: GeoAlchemy2 renames the function in place when compiling it for SpatiaLite."""
    return insert(Parcel.__table__).values(
        {**{name: bindparam(name) for name in ("map_id", "ref", "section", "numero", "contenance", "geojson", "west",
                                                "south", "east", "north")},
         "geom": func.ST_GeomFromWKB(bindparam("wkb", type_=LargeBinary), geo.SRID)})
