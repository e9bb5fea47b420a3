"""The cost of a crowded view's clusters (features/clusters.py), in the app, on maps of 100,000 and 1,000,000
features spread over 20 km × 20 km around Harnes: the whole extent, and views at zooms 13 to 15 (a 1,536-pixel
view, as layer.js asks beside the panel) in the middle of the map, with how many squares of the grid the map keeps
counted (models/cell.py, every zoom clusters are drawn at). Each figure is the median of `--runs` counts made
afresh (no kept answer), in ms, with the clusters and the items they count.

    python -m bench.clusters --db spatialite|postgis|both [--sizes 100000,1000000] [--runs 5]
"""
import time

from sqlalchemy import func, select

from app import geo
from app.extensions import db
from app.features import clusters
from app.models import FeatureCell, Map
from bench import fill
from bench.support import chosen_databases, db_choices, machine_note, median, migrated_app, parser, print_table

ZOOMS = (13, 14, 15)
VIEW_PX = 1536


def view_at(zoom, center=fill.HARNES):
    """The box of a VIEW_PX-pixel square view on `center` at that zoom."""
    x, y = geo.to_pixel(*center, zoom)
    west, north = geo.from_pixel(x - VIEW_PX / 2, y - VIEW_PX / 2, zoom)
    east, south = geo.from_pixel(x + VIEW_PX / 2, y + VIEW_PX / 2, zoom)
    return west, south, east, north


def timed(map_, bbox, zoom, runs):
    """(median ms, clusters, items counted) of the view's clusters."""
    seconds, texts = [], []
    for _ in range(runs):
        started = time.perf_counter()
        texts = clusters.cluster_texts(map_, bbox, zoom)
        seconds.append(time.perf_counter() - started)
        db.session.rollback()
    counted = sum(int(t.split('"cluster":')[1].split(",")[0]) for t in texts)
    return median(seconds) * 1000, len(texts), counted


def run(kind, sizes, runs):
    rows = []
    with migrated_app(kind) as app, app.app_context():
        area = fill.bounds()
        for count in sizes:
            map_id = fill.create_map(f"Grappes {count}")
            seconds = fill.fill(map_id, count, area)
            squares = db.session.scalar(select(func.count()).where(FeatureCell.map_id == map_id))
            print(f"[{kind}] {count:,} features inserted in {seconds:.1f} s; {squares:,} squares kept", flush=True)
            map_ = db.session.get(Map, map_id)
            views = [("whole extent", area, clusters.view_zoom(area, None))]
            views += [(f"zoom {zoom} view", view_at(zoom), zoom) for zoom in ZOOMS]
            for name, bbox, zoom in views:
                ms, shown, counted = timed(map_, bbox, zoom, runs)
                rows.append([kind, f"{count:,}", f"{name} (z{zoom})", f"{ms:.1f}", shown, f"{counted:,}"])
                print(f"[{kind}] {count:,}, {name} (z{zoom}): {ms:.1f} ms, {shown} clusters", flush=True)
    return rows


def main():
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--sizes", default="100000,1000000")
    arguments.add_argument("--runs", type=int, default=5)
    args = arguments.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    rows = []
    for kind in chosen_databases(args):
        rows += run(kind, sizes, args.runs)
    print(f"\nClusters of a view, made afresh, median ms {machine_note()}")
    print_table(["database", "map", "view", "ms", "clusters", "items counted"], rows)


if __name__ == "__main__":
    main()
