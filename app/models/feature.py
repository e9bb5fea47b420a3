"""A feature: one numbered annotation of a map (point, line or zone), with soft deletion and a version."""
import math
import uuid as uuid_module
from contextlib import contextmanager
from datetime import datetime

import shapely
from geoalchemy2 import Geometry
from sqlalchemy import (
    JSON,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    and_,
    event,
    func,
    inspect,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship

from .. import geo
from ..database import insert_rows, is_spatialite
from ..extensions import db
from . import cell
from .lookups import MadeWithUuid, OfMap
from .map import utcnow
from .revision import Revision

TITLE_MAX = 120  # a title reads on one line of a printed legend
DESCRIPTION_MAX = 10_000  # a few pages: what a place needs said, and what a popup can show


class UnreadableState(ValueError):
    """A revision's state an item cannot take again (the history of a restored backup may say anything)."""


class Feature(OfMap, MadeWithUuid, db.Model):
    __tablename__ = "features"
    __table_args__ = (UniqueConstraint("map_id", "number", name="uq_features_map_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    # Active history on what the grid's counts read (models/cell.py): a change knows the value it replaces.
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True, active_history=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    geom = mapped_column(Geometry(srid=4326, spatial_index=True), nullable=False)
    kind: Mapped[str] = mapped_column(String(10))
    # Where the number is drawn and points are clustered: kept as plain columns so that the cluster
    # query is the same simple SQL on both databases.
    label_lon: Mapped[float] = mapped_column(active_history=True)
    label_lat: Mapped[float] = mapped_column(active_history=True)
    properties: Mapped[dict] = mapped_column(JSON, default=dict)
    # The diagnostic en marchant it was noted on, if any (deleting a walk unlinks its features first).
    walk_id: Mapped[int | None] = mapped_column(ForeignKey("walks.id"), index=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid_module.uuid4()))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(active_history=True)
    # The item's layer GeoJSON after its id (formats.geojson.layer_text), written at each flush that changes what it
    # says (_keep_layer_text): a layer is then a concatenation of kept texts. None where a row was written around
    # the ORM (a backup's restore, a bulk insert): it is then made when read.
    layer_geojson: Mapped[str | None] = mapped_column(Text)

    category = relationship("Category")
    map = relationship("Map")
    walk = relationship("Walk")

    __mapper_args__ = {"version_id_col": version}

    # The shape of `geom`, decoded once (or the one just stored): the panel, its GeoJSON, its measures and the
    # history of one answer all read it. Not a column; a rollback forgets it (see _forget_decoded_shapes).
    _decoded = None

    # Every change below is told its `author`, a required keyword (`authorship.current_author()` in a request, the
    # pseudonym of a resident's proposal, a named author in a command); the models never look at the request. A
    # default would let a caller that forgets it record the change as « Anonyme » without anyone noticing.

    @classmethod
    def create(cls, map_, category, title, description, shape, *, author, uuid=None, walk=None, properties=None):
        """Add a feature to a map with the map's next number (`uuid`: the one its browser made; `walk`: the
        diagnostic en marchant it was noted on)."""
        feature = cls(map=map_, category=category, title=title, description=description, walk=walk,
                      uuid=uuid or str(uuid_module.uuid4()), properties=properties or {})
        feature.set_shape(shape)
        # A new item is no shared plot and serves no action yet: said here, its first panel asks no query of them.
        feature.plot, feature.actions = None, []
        seq, feature.number = map_.bump_revision(take_number=True)
        db.session.add(feature)
        Revision.keep(map_, seq, "created", feature, after=feature.snapshot(), author=author)
        return feature

    @classmethod
    def create_many(cls, map_, rows, *, author):
        """Add features from (category, title, description, shape) rows, numbered in their order, with one UPDATE of
        the map for all of them (an import of thousands of items); each creation is still a revision of its own.

        Written by inserts of many rows at once (`database.insert_rows`, COPY on PostgreSQL): the ORM's flush of
        20,000 items and their revisions, each through its hooks, blocks a worker for most of a minute. Each row is
        given here what those hooks give an item (`_keep_layer_text`: its layer text; its count in the grid,
        `FeatureCell.add`), and each revision the item's `snapshot`. The numbers given, in order (reading 20,000
        items back would cost a second)."""
        if not rows:
            return range(0)
        from ..formats.geojson import layer_geometries, layer_text
        db.session.flush()  # what the session holds first (a legend just made has its ids then)
        last_seq, last_number = map_.bump_revision(take_number=True, count=len(rows))
        first_seq, first_number = last_seq - len(rows) + 1, last_number - len(rows) + 1
        shapes = [shape for *_fields, shape in rows]
        # Bound as EWKT made in one call: GeoAlchemy2 would turn each WKB element back into a shape, then this text.
        ewkts = [f"SRID={geo.SRID};{wkt}" for wkt in shapely.to_wkt(shapes, rounding_precision=-1)]
        layers = layer_geometries(shapes)  # their layer texts' geometries, made in one call too
        now, features, states = utcnow(), [], []
        for offset, (category, title, description, shape) in enumerate(rows):
            number, kind = first_number + offset, geo.kind_of(shape)
            label_lon, label_lat = geo.label_point(shape)
            features.append({
                "map_id": map_.id, "category_id": category.id, "number": number, "title": title,
                "description": description, "geom": ewkts[offset], "kind": kind, "label_lon": label_lon,
                "label_lat": label_lat, "properties": {}, "walk_id": None, "uuid": str(uuid_module.uuid4()),
                "version": 1, "created_at": now, "updated_at": now, "deleted_at": None,
                "layer_geojson": layer_text(shape, number, title, category.id, label_lon, label_lat, kind,
                                            layers[offset])})
            states.append({"number": number, "title": title, "description": description, "category_id": category.id,
                           "category": category.label, "geometry": geo.shape_to_dict(shape), "deleted": False})
        connection = db.session.connection()
        insert_rows(connection, cls.__table__, features)
        ids = dict(connection.execute(select(cls.number, cls.id).where(
            cls.map_id == map_.id, cls.number.between(first_number, last_number))).all())
        insert_rows(connection, Revision.__table__, [
            {"map_id": map_.id, "seq": first_seq + offset, "feature_id": ids[state["number"]], "action": "created",
             "before": None, "after": state, "author": str(author), "created_at": now}
            for offset, state in enumerate(states)])
        cell.FeatureCell.add(connection, map_.id, [row["category_id"] for row in features],
                             [row["label_lon"] for row in features], [row["label_lat"] for row in features])
        return range(first_number, last_number + 1)

    def set_shape(self, shape):
        """Store a validated shapely geometry and what is derived from it."""
        self.geom, self._decoded = geo.to_db(shape), shape
        self.kind = geo.kind_of(shape)
        self.label_lon, self.label_lat = geo.label_point(shape)

    def edit(self, category, title, description, shape=None, *, author):
        """Change the text, the category and, when given, the shape."""
        with self._recorded("edited", author=author):
            self.category, self.title, self.description = category, title, description
            if shape is not None:
                if not shape.equals_exact(self.shape, 1e-7):  # moved by hand: the GPS fix's accuracy no longer holds
                    self.properties = {k: v for k, v in (self.properties or {}).items() if k != "gps_accuracy_m"}
                self.set_shape(shape)

    def assign_plot(self, holder, season_start, season_end, note, *, author):
        """Give this shared plot to a household or group for a season; kept in the history like any change."""
        with self._recorded("edited", author=author):
            plot = self.plot
            plot.holder, plot.season_start, plot.season_end, plot.note = holder, season_start, season_end, note

    def soft_delete(self, *, author):
        """Hide the feature everywhere; it keeps its number and can be restored."""
        with self._recorded("deleted", author=author):
            self.deleted_at = utcnow()

    def restore(self, *, author):
        """Bring a deleted feature back, with its number."""
        with self._recorded("restored", author=author):
            self.deleted_at = None
            self.category.deleted_at = None

    def revert_to(self, state, *, author):
        """Give the feature an earlier state of its (from a revision), as a change of its own. Its category of then
        is looked up in this map's legend only (a binned one comes back with it): when it is no longer there, the
        item keeps its current one, and the answer is False. A state it cannot take raises a ValueError (a
        GeometryError for its shape), before anything is changed."""
        from .category import Category
        title, description = state.get("title"), state.get("description")
        if not (isinstance(title, str) and 0 < len(title) <= TITLE_MAX
                and isinstance(description, str) and len(description) <= DESCRIPTION_MAX):
            raise UnreadableState
        shape = geo.parse_geometry(state.get("geometry")).shape
        category = Category.get_in_map(self.map_id, state.get("category_id"))
        with self._recorded("restored" if self.is_deleted else "edited", author=author):
            self.title, self.description = title, description
            self.category = category or self.category
            self.set_shape(shape)
            self.deleted_at = None
            self.category.deleted_at = None
        return category is not None

    @contextmanager
    def _recorded(self, action, *, author):
        """Record the change made inside the block as a revision, with the state before and after."""
        before = self.snapshot()
        yield
        Revision.record(self.map, action, self, before, self.snapshot(), author=author)

    def snapshot(self):
        """What the history keeps of the feature: its text, category, shape, whether it is deleted, and for a
        shared plot its assignment."""
        state = {"number": self.number, "title": self.title, "description": self.description,
                 "category_id": self.category.id, "category": self.category.label,
                 "geometry": geo.shape_to_dict(self.shape), "deleted": self.is_deleted}
        if self.plot is not None:  # a shared plot: who has it, for which season
            state["plot"] = self.plot.state()
        return state

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def shape(self):
        if self._decoded is None:
            self._decoded = geo.to_shape(self.geom)
        return self._decoded

    @property
    def gps_accuracy_m(self):
        """How far off (metres) the GPS fix that placed this item may be; None when it was not placed by GPS."""
        return (self.properties or {}).get("gps_accuracy_m")

    @property
    def measures(self):
        """Area (m²) or length (m) in Lambert-93."""
        return geo.measure(self.shape)

    def as_geojson(self):
        """The feature as GeoJSON Feature text, as the map layer draws it (the panel's `data-feature`, the change
        feed, a walk's report): its kept text, or the one its unsaved changes make."""
        from ..formats.geojson import layer_feature
        return layer_feature(self.id, self.layer_geojson if self._layer_text_is_current() else self._layer_text())

    # What the kept text says: a change to any of these, and it is written again.
    _LAYER_TEXT_OF = ("geom", "number", "title", "category", "category_id", "label_lon", "label_lat", "kind")

    def _layer_text_is_current(self):
        if self.layer_geojson is None:
            return False
        attributes = inspect(self).attrs
        return not any(attributes[name].history.has_changes() for name in self._LAYER_TEXT_OF)

    def _layer_text(self):
        from ..formats.geojson import layer_text
        category_changed = inspect(self).attrs["category"].history.has_changes()  # its id is copied at the flush
        category_id = self.category.id if category_changed and self.category.id is not None else self.category_id
        return layer_text(self.shape, self.number, self.title, category_id, self.label_lon, self.label_lat,
                          self.kind)

    @classmethod
    def keep_missing_layer_texts(cls, map_id):
        """Give the map's items written around the ORM (a restored backup) their kept layer text."""
        for feature in db.session.scalars(select(cls).where(cls.map_id == map_id, cls.layer_geojson.is_(None))):
            feature.layer_geojson = feature._layer_text()

    @classmethod
    def layer_blocks_in_view(cls, map_, bbox, category_ids, only_ids, block_items, blocks=None):
        """{block: text} of the live features touching the view, by block of `block_items` numbers (block b holds
        the numbers from b × block_items), those blocks only when `blocks` is given: each block's layer GeoJSON
        Feature texts by number, joined by commas. Kept texts are joined by the database, in one query; a block
        that holds a row keeping none (written around the ORM) is made here."""
        from ..formats.geojson import layer_features_sql
        rows_at_most = None if blocks is None else len(blocks) * block_items
        filters = cls._in_view_filters(map_, bbox, category_ids, only_ids, rows_at_most)
        if blocks is not None:
            filters.append(or_(*(cls.number.between(b * block_items, (b + 1) * block_items - 1) for b in blocks)))
        rows = select(cls.number, cls.id, cls.layer_geojson).where(*filters).order_by(cls.number).subquery()
        block = rows.c.number // block_items
        query = (select(block, layer_features_sql(rows.c.id, rows.c.layer_geojson, rows.c.number),
                        func.count() - func.count(rows.c.layer_geojson)).group_by(block))
        texts = {}
        for index, joined, missing in db.session.connection().execute(query):
            if not missing:
                texts[index] = joined
                continue
            in_block = cls.number.between(index * block_items, (index + 1) * block_items - 1)
            ids = db.session.scalars(select(cls.id).where(*filters, in_block)).all()
            texts[index] = ",".join(feature.as_geojson() for feature in cls.several_in_map(map_.id, ids))
        return texts

    @classmethod
    def numbers_changed_since(cls, map_id, seq, limit):
        """The numbers of the items the map's revisions after `seq` are about, one per revision (None for a
        revision about no item: the legend, a refused proposal), the first `limit` of them."""
        query = (select(cls.number).select_from(Revision).outerjoin(cls, Revision.feature_id == cls.id)
                 .where(Revision.map_id == map_id, Revision.seq > seq).order_by(Revision.seq).limit(limit))
        return db.session.scalars(query).all()

    @classmethod
    def several_in_map(cls, map_id, feature_ids):
        """The features of that map among these ids, by number, in one query."""
        query = select(cls).where(cls.map_id == map_id, cls.id.in_(feature_ids)).order_by(cls.number)
        return db.session.scalars(query.options(joinedload(cls.category))).all()

    @classmethod
    def listed(cls, map_id, deleted=False, offset=0, limit=None, category_ids=None):
        """The live (or the deleted) features of a map (of those categories, when given), by number, and how many
        there are in all."""
        filters = [cls.map_id == map_id, cls.deleted_at.is_not(None) if deleted else cls.deleted_at.is_(None)]
        if category_ids is not None:
            filters.append(cls.category_id.in_(category_ids))
        query = select(cls).where(*filters).order_by(cls.number).offset(offset).limit(limit)
        total = db.session.scalar(select(func.count()).where(*filters))
        return db.session.scalars(query.options(joinedload(cls.category))).all(), total

    @classmethod
    def live_by_numbers(cls, map_id, numbers):
        """The map's live features among these numbers, by number, with their categories (asked 500 at a time:
        SQLite bounds the parameters of one statement)."""
        numbers, found = sorted(set(numbers)), []
        for start in range(0, len(numbers), 500):
            query = select(cls).where(cls.map_id == map_id, cls.deleted_at.is_(None),
                                      cls.number.in_(numbers[start:start + 500]))
            found += db.session.scalars(query.order_by(cls.number).options(joinedload(cls.category))).all()
        return found

    @classmethod
    def listed_in_view(cls, map_, bbox=None, category_ids=None):
        """The live features (of those categories, when given) touching the view (the whole map without one),
        by number, with their categories: what an export or a print shows, counted first by its caller."""
        query = select(cls).where(*cls._in_view_filters(map_, bbox, category_ids)).order_by(cls.number)
        return db.session.scalars(query.options(joinedload(cls.category))).all()

    @classmethod
    def extent(cls, map_, category_ids=None, only_ids=None):
        """(west, south, east, north) of the live features' label points (of those categories, among those
        ids, when given), or None when there are none."""
        row = db.session.execute(select(func.min(cls.label_lon), func.min(cls.label_lat), func.max(cls.label_lon),
                                        func.max(cls.label_lat))
                                 .where(*cls._in_view_filters(map_, None, category_ids, only_ids))).one()
        return None if row[0] is None else tuple(row)

    @classmethod
    def _in_view_filters(cls, map_, bbox, category_ids, only_ids=None, rows_at_most=None):
        """What a view keeps of the map's live items; `rows_at_most`: how many the caller's own filters leave at most
        (blocks of numbers), which may make a scan of them cheaper than the spatial index."""
        filters = [cls.map_id == map_.id, cls.deleted_at.is_(None)]
        if category_ids is not None:
            filters.append(cls.category_id.in_(category_ids))
        if only_ids is not None:  # « what action 3 concerns »
            filters.append(cls.id.in_(only_ids))
        if bbox is not None:
            filters.append(_bbox_clause(map_, bbox, rows_at_most))
        return filters

    @classmethod
    def more_in_view_than(cls, map_, bbox, category_ids, limit, only_ids=None):
        """Whether more than `limit` live features touch the view; counting stops past the limit."""
        some = select(literal(1)).where(*cls._in_view_filters(map_, bbox, category_ids, only_ids)).limit(limit + 1)
        return db.session.scalar(select(func.count()).select_from(some.subquery())) > limit

    @classmethod
    def clusters_in_view(cls, map_, bbox, zoom, cell_px, category_ids=None, only_ids=None):
        """Counts of the live features in the view on the world's grid of `cell_px` squares at that zoom (Web
        Mercator, as geo.to_pixel): (column, row, mean lon, mean lat, count) of each square that holds some."""
        west, south, east, north = bbox
        # Web Mercator stops short of the poles (where its y is infinite); nothing beyond is drawn.
        south, north = max(south, -geo.MERCATOR_LAT_MAX), min(north, geo.MERCATOR_LAT_MAX)
        cells = geo.world_px(zoom) / cell_px
        # geo.to_pixel, in SQL (ln, tan and floor exist on both databases), divided by the square's size.
        column = func.floor((cls.label_lon + 180.0) * (cells / 360))
        row = func.floor((0.5 - func.ln(func.tan(math.pi / 4 + cls.label_lat * (math.pi / 360))) / (2 * math.pi))
                         * cells)
        filters = cls._in_view_filters(map_, None, category_ids, only_ids) + [
            cls.label_lon.between(west, east), cls.label_lat.between(south, north)]
        query = (select(column.label("cell_column"), row.label("cell_row"), func.avg(cls.label_lon),
                        func.avg(cls.label_lat), func.count())
                 .where(*filters).group_by(literal_column("cell_column"), literal_column("cell_row")))
        return db.session.execute(query).all()


@event.listens_for(Feature, "before_insert")
@event.listens_for(Feature, "before_update")
def _keep_layer_text(_mapper, _connection, feature):
    """Every write of an item through the ORM passes here (creating, editing, deleting, restoring, reverting,
    importing, validating a proposal): its kept layer text follows what it says, and the grid's counts where it
    is (models/cell.py). At this point of the flush the category's id has been copied to `category_id`."""
    if not feature._layer_text_is_current():
        feature.layer_geojson = feature._layer_text()
    cell.note_changes(inspect(feature).session, feature, inserted=not inspect(feature).has_identity)


@event.listens_for(Feature, "before_delete")
def _uncount_deleted(_mapper, _connection, feature):
    """An item deleted for good leaves the grid's counts."""
    cell.note_changes(inspect(feature).session, feature, deleted=True)


@event.listens_for(Session, "after_soft_rollback")
def _forget_decoded_shapes(session, _transaction):
    """After a rollback a feature's row may hold another shape than the one decoded (someone else's save): it is
    decoded again when next asked."""
    for instance in session.identity_map.values():
        if isinstance(instance, Feature):
            instance._decoded = None


# Up to this many features (of the map, or of the blocks of numbers a read asks), SpatiaLite reads them faster than
# its R*Tree, which is shared by every map and returns the rows of all of them in the view.
SPATIALITE_SCAN_UP_TO = 5000


def _bbox_clause(map_, bbox, rows_at_most=None):
    """Features whose bounding box meets the view, through each database's spatial index.

    PostGIS uses its GiST index by itself with `&&`; SpatiaLite only uses its R*Tree when asked
    through the SpatialIndex virtual table (and has no ST_MakeEnvelope, hence the bound numbers), for more than
    SPATIALITE_SCAN_UP_TO rows (the map's, or `rows_at_most`, what the other filters leave).
    """
    west, south, east, north = bbox
    if not is_spatialite(db.engine):
        return Feature.geom.op("&&")(geo.to_db(geo.box(west, south, east, north)))
    exact = func.MbrIntersects(Feature.geom, func.BuildMbr(west, south, east, north, geo.SRID)) == 1
    if min(map_.last_number, rows_at_most or map_.last_number) <= SPATIALITE_SCAN_UP_TO:
        return exact
    # The R*Tree keeps float32 bounds rounded outwards, so its candidates are checked exactly too.
    return and_(exact, Feature.id.in_(text(
        "SELECT rowid FROM SpatialIndex WHERE f_table_name = 'features' AND f_geometry_column = 'geom' "
        "AND search_frame = BuildMbr(:west, :south, :east, :north, 4326)"
    ).bindparams(west=west, south=south, east=east, north=north)))
