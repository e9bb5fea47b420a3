"""What the first read of a map's layer after a change costs, piece by piece, inside the app (no HTTP): the
database's join of the kept texts (the whole map, one block of LAYER_BLOCK_ITEMS), gzip at levels 1, 6 and 9 of the
whole text and of one block, and the whole read after a change made anew (nothing kept) and from the kept blocks.

    python -m bench.layer_fresh --db spatialite|postgis|both [--size 10000] [--repeat 9]
"""
import gzip
import time

from app.answers import EXTENSION
from app.extensions import db
from app.models import Feature, Map
from bench import fill
from bench.layer import _rename_one
from bench.support import chosen_databases, db_choices, machine_note, median, migrated_app, p95, parser, print_table


def timed(action, repeat):
    """Milliseconds of each run, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def run(kind, size, repeat):
    rows = []
    with migrated_app(kind) as app:
        with app.app_context():
            map_id = fill.create_map(f"Banc d'essai {size}")
            fill.fill(map_id, size, fill.bounds())
            db.session.get(Map, map_id).visibility = "public"
            db.session.commit()
            map_ = db.session.get(Map, map_id)
            items = app.config["LAYER_BLOCK_ITEMS"]
            times, texts = timed(lambda: Feature.layer_blocks_in_view(map_, None, None, None, items), repeat)
            rows.append(["SQL join, whole map", median(times), p95(times)])
            times, _ = timed(lambda: Feature.layer_blocks_in_view(map_, None, None, None, items, [1]), repeat)
            rows.append([f"SQL join, one block of {items}", median(times), p95(times)])
            whole = ",".join(texts[b] for b in sorted(texts)).encode()
            for level in (1, 6, 9):
                for name, data in (("whole map", whole), ("one block", texts[1].encode())):
                    times, _ = timed(lambda data=data, level=level: gzip.compress(data, level, mtime=0), repeat)
                    rows.append([f"gzip {level}, {name} ({len(data) // 1024:,} KB)", median(times), p95(times)])
        client, url = app.test_client(), f"/cartes/{map_id}/elements.geojson"
        headers = {"Accept-Encoding": "gzip"}
        client.get(url, headers=headers)
        for name, forget in (("made anew", True), ("from the kept blocks", False)):
            times = []
            for _ in range(repeat):
                _rename_one(app, map_id)
                if forget:
                    app.extensions.pop(EXTENSION, None)
                start = time.perf_counter()
                client.get(url, headers=headers)
                times.append((time.perf_counter() - start) * 1000)
            rows.append([f"whole map read after a change, {name}", median(times), p95(times)])
    print(f"\nThe layer's read after a change on {kind}, {size:,} items (ms, in this process)")
    print_table(["piece", "median", "p95"], rows)


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--size", type=int, default=10_000, help="items on the map (default: %(default)s)")
    arguments.add_argument("--repeat", type=int, default=9, help="runs of each piece (default: %(default)s)")
    args = arguments.parse_args(argv)
    print(f"The layer's read after a change {machine_note()}")
    for kind in chosen_databases(args):
        run(kind, args.size, args.repeat)


if __name__ == "__main__":
    main()
