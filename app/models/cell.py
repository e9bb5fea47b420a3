"""The live items of each map counted per square of the world's grid at each zoom clusters are drawn at, kept as
they are written: a crowded view's clusters are read from the squares it covers, not from its items, so their
cost does not grow with the map.

Every write of an item through the ORM passes by `_note_cell_changes` (creating, moving, changing category,
deleting, restoring, reverting, importing, validating a proposal) and its flush adds the differences
(`_add_noted_cells`); rows written around the ORM (a backup's restore, a bulk insert) are counted by their writer
(`FeatureCell.add`, `FeatureCell.recount`)."""
from collections import defaultdict

import numpy
from sqlalchemy import ForeignKey, SmallInteger, case, delete, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import geo
from ..extensions import db

CELL_PX = 80
# Clusters are drawn below zoom 17 (features/clusters.ITEMS_FROM_ZOOM): every zoom they are drawn at is kept. A view
# is clustered only when more than CLUSTER_THRESHOLD items are in it, and a 1,536-pixel view covers at most ~400
# squares (times the legend's categories) whatever the zoom: reading squares is then always several times cheaper
# than reading items, and a zoom keeps at most one row per item (fewer wherever items share a square).
KEPT_ZOOMS = range(17)
# The x and y of a square at zoom 16 stay below 2**18 (the world is 256 * 2**16 / 80 squares wide).
_XY_BITS = 18


class FeatureCell(db.Model):
    """How many live items of one category a square of the grid holds at one zoom, and the sums of their label
    points' longitudes and latitudes (their centroid is the sum over the count)."""
    __tablename__ = "feature_cells"

    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True)
    zoom: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    x: Mapped[int] = mapped_column(primary_key=True)
    y: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: a category is deleted only once no item is filed under it (its squares then count 0), and that
    # delete may come in the same flush as the moves that emptied it, before the squares are written.
    category_id: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int]
    sum_lon: Mapped[float]
    sum_lat: Mapped[float]

    @classmethod
    def add(cls, connection, map_id, category_ids, lons, lats, signs=None):
        """Count these items (arrays; `signs` -1 for an item that leaves its squares) in the map's squares."""
        rows = counted(map_id, category_ids, lons, lats, signs)
        table = cls.__table__
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(table)
        new = statement.excluded
        emptied = table.c.count + new.count == 0  # sums back to exactly 0: no rounding left over
        statement = statement.on_conflict_do_update(index_elements=list(table.primary_key.columns), set_={
            "count": table.c.count + new.count,
            "sum_lon": case((emptied, 0.0), else_=table.c.sum_lon + new.sum_lon),
            "sum_lat": case((emptied, 0.0), else_=table.c.sum_lat + new.sum_lat)})
        for start in range(0, len(rows), 5000):
            connection.execute(statement, rows[start:start + 5000])

    @classmethod
    def recount(cls, connection, map_id):
        """Count the map's live items afresh (after rows were written around the ORM)."""
        from .feature import Feature
        connection.execute(delete(cls).where(cls.map_id == map_id))
        items = connection.execute(select(Feature.category_id, Feature.label_lon, Feature.label_lat)
                                   .where(Feature.map_id == map_id, Feature.deleted_at.is_(None))).all()
        if items:
            cls.add(connection, map_id, *zip(*items, strict=True))

    @classmethod
    def clusters_in_view(cls, map_, bbox, zoom, category_ids=None):
        """(column, row, mean lon, mean lat, count) of each square at that zoom that meets the view and holds live
        items (of those categories, when given): a square is counted whole, as it is the same for every view."""
        west, south, east, north = bbox
        left, top = geo.to_pixel(west, north, zoom)
        right, bottom = geo.to_pixel(east, south, zoom)
        count = func.sum(cls.count)
        # Each column of the view named: the primary key's index then seeks the column's rows of the view, instead of
        # running down the whole map's height of every column in it.
        columns = list(range(int(left // CELL_PX), int(right // CELL_PX) + 1))
        filters = [cls.map_id == map_.id, cls.zoom == zoom, cls.x.in_(columns),
                   cls.y.between(int(top // CELL_PX), int(bottom // CELL_PX))]
        if category_ids is not None:
            filters.append(cls.category_id.in_(category_ids))
        query = (select(cls.x, cls.y, func.sum(cls.sum_lon) / count, func.sum(cls.sum_lat) / count, count)
                 .where(*filters).group_by(cls.x, cls.y).having(count > 0))
        return [(x, y, lon, lat, int(n)) for x, y, lon, lat, n in db.session.execute(query)]


def counted(map_id, category_ids, lons, lats, signs=None):
    """The rows of FeatureCell these items add up to (each square once, at each kept zoom): numpy sorts and sums
    them, so that a million items are counted in seconds."""
    category_ids = numpy.asarray(category_ids, dtype=numpy.int64)
    lons, lats = numpy.asarray(lons, dtype=float), numpy.asarray(lats, dtype=float)
    signs = numpy.ones(len(lons)) if signs is None else numpy.asarray(signs, dtype=float)
    categories, category_index = numpy.unique(category_ids, return_inverse=True)
    rows = []
    for zoom in KEPT_ZOOMS:
        x, y = geo.to_pixel(lons, lats, zoom)
        x, y = numpy.floor(x / CELL_PX).astype(numpy.int64), numpy.floor(y / CELL_PX).astype(numpy.int64)
        keys = ((x << _XY_BITS) | y) * len(categories) + category_index
        unique, inverse = numpy.unique(keys, return_inverse=True)
        sums = [numpy.bincount(inverse, weights=weights, minlength=len(unique))
                for weights in (signs, signs * lons, signs * lats)]
        squares, category = numpy.divmod(unique, len(categories))
        for square, category_at, count, sum_lon, sum_lat in zip(squares.tolist(), category.tolist(),
                                                                *(s.tolist() for s in sums), strict=True):
            if count or sum_lon or sum_lat:
                rows.append({"map_id": map_id, "zoom": zoom, "x": square >> _XY_BITS,
                             "y": square & ((1 << _XY_BITS) - 1), "category_id": int(categories[category_at]),
                             "count": round(count), "sum_lon": sum_lon, "sum_lat": sum_lat})
    return rows


# --- Kept by the ORM's flush ---------------------------------------------------------------------------------

_COUNTED_BY = ("map_id", "category_id", "label_lon", "label_lat", "deleted_at")


def _counted_state(feature, before):
    """(map_id, category_id, lon, lat) of the item as the squares count it, before or after the flush; None when it
    is not live. The columns it reads keep their value before a change (`active_history` in models/feature.py)."""
    attributes = inspect(feature).attrs
    values = []
    for name in _COUNTED_BY:
        history = attributes[name].history
        values.append(history.deleted[0] if before and history.deleted else getattr(feature, name))
    *state, deleted_at = values
    return None if deleted_at is not None else tuple(state)


def note_changes(session, feature, *, inserted=False, deleted=False):
    """Note, for the end of the flush, how this item's write moves it between squares."""
    before = None if inserted else _counted_state(feature, before=True)
    after = None if deleted else _counted_state(feature, before=False)
    if before != after:
        noted = session.info.setdefault("cell_changes", [])
        noted += [(*before, -1)] if before else []
        noted += [(*after, 1)] if after else []


@event.listens_for(Session, "before_flush")
def _forget_noted_cells(session, _context, _instances):
    # Left by a flush that failed (its transaction is rolled back with it): not to be counted by the next one.
    session.info.pop("cell_changes", None)


@event.listens_for(Session, "after_flush")
def _add_noted_cells(session, _context):
    noted = session.info.pop("cell_changes", None)
    if not noted:
        return
    by_map = defaultdict(list)
    for map_id, *change in noted:
        by_map[map_id].append(change)
    for map_id, changes in by_map.items():
        FeatureCell.add(session.connection(), map_id, *zip(*changes, strict=True))
