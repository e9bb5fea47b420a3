"""Maps full of generated features, inserted fast, on SpatiaLite and PostGIS alike.

Features are mostly points (plus short lines and small zones) spread evenly over a rectangle around
Harnes: over the default 20 km × 20 km, 100,000 features leave about 15 in a street-sized view
(300 m × 200 m), the handful someone looking at one street sees.

Run alone to check the insert speed and the spatial index: `python -m bench.fill --db both -n 100000`.
"""
import math
import random
import time
import uuid
from datetime import UTC, datetime

import shapely
from shapely.geometry import LineString, Point, box
from sqlalchemy import func, insert, select, text, update

from app import geo, legends
from app.database import is_spatialite
from app.extensions import db
from app.formats.geojson import layer_text
from app.models import Category, Collective, Feature, FeatureCell, Map, User

HARNES = (2.906, 50.445)  # lon, lat
METRES_PER_DEGREE = 111_320
BATCH = 5_000  # rows per executemany: big enough to amortise round trips, small enough for memory
TITLES = ("Arbre fruitier à partager", "Jardin inutilisé, potentiel à projet", "Mur pignon support de fresque",
          "Point d'eau", "Plaque de rue ancienne", "Passage entre les jardins", "Compost collectif",
          "Lieu de rencontre des voisins")


def bounds(center=HARNES, width_m=20_000, height_m=20_000):
    """(west, south, east, north) of a rectangle of that size in metres around `center`."""
    lon, lat = center
    half_lon = width_m / 2 / (METRES_PER_DEGREE * math.cos(math.radians(lat)))
    half_lat = height_m / 2 / METRES_PER_DEGREE
    return lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat


BENCH_EMAIL = "banc@exemple.invalid"
BENCH_PASSWORD = "banc-d-essai-jardins"


def bench_editor(password=BENCH_PASSWORD):
    """The account that owns the benchmark collective (created once per database); returns it."""
    user = User.by_email(BENCH_EMAIL)
    if user is None:
        user = User(email=BENCH_EMAIL, display_name="Banc d'essai")
        user.set_password(password)
        Collective.found("Banc d'essai", "association", user)
        db.session.commit()
    return user


def create_map(name, center=HARNES, zoom=16):
    """A new public map of the benchmark collective with the « Carte sensible » legend, opening on `center`
    at `zoom`; returns its id."""
    collective = Collective.of_user(bench_editor())[0]
    map_ = Map(name=name, commune="Harnes", center_lon=center[0], center_lat=center[1], zoom=zoom,
               collective=collective, visibility="public")
    legends.apply(map_, "carte-sensible")
    db.session.add(map_)
    db.session.commit()
    return map_.id


def fill(map_id, count, area=None, seed=1):
    """Insert `count` generated features into a map, numbered after its last one; returns seconds spent.

    Core inserts in batches skip the ORM (one UPDATE of the map per feature would take minutes at
    100,000); the map's counters are then set once, and each batch is counted in the squares clusters are read
    from (models/cell.py), as if each feature had been added by hand.
    """
    started = time.perf_counter()
    area = area or bounds()
    rng = random.Random(seed)
    map_ = db.session.get(Map, map_id)
    first = map_.last_number + 1
    categories = [c.id for c in Category.of_map(map_id)]
    db.session.rollback()  # end the session's read transaction: another connection writes below
    now = datetime.now(UTC)
    table = Feature.__table__
    with db.engine.begin() as connection:
        for start in range(first, first + count, BATCH):
            numbers = range(start, min(start + BATCH, first + count))
            shapes = [_shape(rng, area) for _ in numbers]
            rows = [_row(map_id, number, rng.choice(categories), shape, ewkt, now, rng)
                    for number, shape, ewkt in zip(numbers, shapes, _ewkt(shapes), strict=True)]
            connection.execute(insert(table), rows)
            FeatureCell.add(connection, map_id, *zip(*((r["category_id"], r["label_lon"], r["label_lat"])
                                                       for r in rows), strict=True))
        connection.execute(update(Map.__table__).where(Map.id == map_id).values(
            last_number=Map.last_number + count, revision=Map.revision + count))
        if connection.dialect.name == "postgresql":
            # What autovacuum does soon after a bulk load: without statistics the planner guesses blindly.
            connection.execute(text("ANALYZE features"))
    db.session.expire_all()
    if is_spatialite(db.engine):
        check_spatial_index()
    return time.perf_counter() - started


def _shape(rng, area):
    """90 % points, 6 % short lines, 4 % small zones, uniformly placed in `area`."""
    west, south, east, north = area
    lon, lat = rng.uniform(west, east), rng.uniform(south, north)
    kind = rng.random()
    if kind < 0.90:
        return Point(lon, lat)
    step = 1 / METRES_PER_DEGREE  # about a metre
    if kind < 0.96:
        return LineString([(lon, lat), (lon + rng.uniform(10, 40) * step, lat + rng.uniform(-20, 20) * step),
                           (lon + rng.uniform(40, 80) * step, lat + rng.uniform(-20, 20) * step)])
    return box(lon, lat, lon + rng.uniform(10, 40) * step * 1.5, lat + rng.uniform(10, 40) * step)


def _ewkt(shapes):
    """The shapes as EWKT, converted in one vectorised call.

    geo.to_db() gives a plain-WKB element that GeoAlchemy2's bind processor turns back into a shapely
    shape and then into this very EWKT, one feature at a time, on both databases; binding the EWKT stores
    the same value and makes the fill about twice as fast.
    """
    return [f"SRID={geo.SRID};{wkt}" for wkt in shapely.to_wkt(shapes, rounding_precision=-1)]


def _row(map_id, number, category_id, shape, ewkt, now, rng):
    label_lon, label_lat = geo.label_point(shape)
    title, kind = f"{rng.choice(TITLES)} {number}", geo.kind_of(shape)
    # The layer text each item keeps, as the ORM's flush would have written it.
    kept = layer_text(shape, number, title, category_id, label_lon, label_lat, kind)
    return {"map_id": map_id, "category_id": category_id, "number": number, "title": title, "description": "",
            "geom": ewkt, "kind": kind, "label_lon": label_lon, "label_lat": label_lat, "layer_geojson": kept,
            "properties": {},
            "uuid": str(uuid.uuid4()), "version": 1,  # uuid never seeded: unique across maps and runs
            "created_at": now, "updated_at": now, "deleted_at": None}


def check_spatial_index():
    """SpatiaLite keeps its R*Tree up to date through triggers: make sure bulk inserts filled it.

    A missing entry would silently drop that feature from every bbox query, so this is a correctness
    check, not a timing.
    """
    rows = db.session.scalar(select(func.count()).select_from(Feature))
    indexed = db.session.scalar(text("SELECT count(*) FROM idx_features_geom"))
    if indexed != rows:
        raise RuntimeError(f"idx_features_geom holds {indexed} entries for {rows} features")
    return indexed


def main(argv=None):
    from bench.support import chosen_databases, db_choices, migrated_app, parser
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("-n", "--count", type=int, default=100_000)
    args = arguments.parse_args(argv)
    for kind in chosen_databases(args):
        with migrated_app(kind) as app, app.app_context():
            seconds = fill(create_map("Banc d'essai"), args.count)
            note = f"; R*Tree entries: {check_spatial_index():,}" if kind == "spatialite" else ""
            print(f"{kind}: {args.count:,} features inserted in {seconds:.1f} s "
                  f"({args.count / seconds:,.0f}/s){note}")


if __name__ == "__main__":
    main()
