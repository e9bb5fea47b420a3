"""GET /cartes/<id>/elements.geojson through a real HTTP server on loopback, on maps of 1,000, 10,000
and 100,000 features: the whole map (no bbox) and the whole extent (both clustered above CLUSTER_THRESHOLD),
street-sized views and the 304 answer to If-None-Match. Prints median and p95 in ms and sizes.

    python -m bench.layer --db spatialite|postgis|both [--sizes 1000,10000,100000] [--views 50]
"""
import random

from bench import fill
from bench.support import (
    Client,
    Figure,
    chosen_databases,
    db_choices,
    machine_note,
    median,
    migrated_app,
    p95,
    parser,
    print_table,
    serve,
)

SIZES = (1_000, 10_000, 100_000)
STREET_M = (300, 200)         # a street-sized view, in metres
VIEWPORT_BUDGET_MS = {"postgis": 100, "spatialite": 250}  # p95, at 100,000 features (DESIGN.md)
WHOLE_MAP_BUDGET_MS = 50      # a whole map of 1,000 features
WARM_UP = 5                   # first requests fill the database's page cache; not counted


def measure(server, client, map_id, count, area, views, rng):
    """One row per kind of request on one map: timings (ms, total and inside the app), sizes, features."""
    url = f"/cartes/{map_id}/elements.geojson"
    boxes = [_street_view(area, rng) for _ in range(views + WARM_UP)]
    for bbox in boxes[:WARM_UP]:
        client.get(_with_bbox(url, bbox))
    plans = {}
    # Asked at every size: above CLUSTER_THRESHOLD, the whole map comes as the clusters of its extent.
    plans["whole map, no bbox"] = [(url, {})] * (20 if count <= 1_000 else 8)
    plans["street view (300 × 200 m)"] = [(_with_bbox(url, bbox), {}) for bbox in boxes[WARM_UP:]]
    plans["whole extent bbox"] = [(_with_bbox(url, area), {})] * 10
    rows = []
    for name, requests in plans.items():
        rows.append(_row(name, *_send(server, client, requests, 200)))
        if name.startswith("street"):
            # The same views asked again with the ETag each one received: nothing changed, so 304.
            revalidate = [(path, {"If-None-Match": reply.headers["etag"]})
                          for (path, _headers), reply in zip(requests, rows[-1]["replies"], strict=True)]
            rows.append(_row("304, If-None-Match", *_send(server, client, revalidate, 304)))
    return rows


def _send(server, client, requests, expected):
    """Replies to the requests, and the milliseconds the app spent on each."""
    mark = server.mark()
    replies = [client.get(path, headers) for path, headers in requests]
    wrong = [reply.status for reply in replies if reply.status != expected]
    if wrong:
        raise RuntimeError(f"{requests[0][0]}: HTTP {wrong[0]} instead of {expected}")
    return replies, [ms for _method, _path, ms in server.since(mark)]


def _row(name, replies, server_ms):
    times = [r.seconds * 1000 for r in replies]
    texts = [r.text for r in replies if r.status == 200]
    features = sum(t.count('"type":"Feature"') for t in texts) / len(texts) if texts else 0
    clusters = any('"cluster"' in t for t in texts)
    return {"request": name, "replies": replies, "n": len(replies), "median": median(times), "p95": p95(times),
            "server": median(server_ms),
            "features": f"{features:,.0f}" + (" clusters" if clusters else "") if texts else "",
            "gzip_kb": sum(len(r.body) for r in replies) / len(replies) / 1024,
            "raw_kb": sum(len(t.encode()) for t in texts) / len(texts) / 1024 if texts else 0.0}


def _street_view(area, rng):
    """A 300 m × 200 m box somewhere in the area."""
    west, south, east, north = area
    lon, lat = rng.uniform(west, east), rng.uniform(south, north)
    return fill.bounds((lon, lat), *STREET_M)


def _with_bbox(url, bbox):
    return url + "?bbox=" + ",".join(f"{v:.5f}" for v in bbox)  # five decimals, as map.js sends


def budget_for(kind, count, request):
    if request.startswith("street") and count == 100_000:
        return VIEWPORT_BUDGET_MS[kind]
    if request.startswith("whole map") and count == 1_000:
        return WHOLE_MAP_BUDGET_MS
    return None


def run(kind, sizes=SIZES, views=50, seed=7):
    """Measure on a new database of that kind; prints its table and returns Figures for the summary."""
    rng = random.Random(seed)
    area = fill.bounds()
    table, figures = [], []
    with migrated_app(kind) as app, serve(app) as server:
        client = Client(server.url)
        try:
            for count in sizes:
                with app.app_context():
                    map_id = fill.create_map(f"Banc d'essai {count}")
                    seconds = fill.fill(map_id, count, area)
                print(f"[{kind}] {count:,} features inserted in {seconds:.1f} s", flush=True)
                for row in measure(server, client, map_id, count, area, views, rng):
                    budget = budget_for(kind, count, row["request"])
                    table.append([f"{count:,}", row["request"], row["n"], row["median"], row["p95"],
                                  f"≤ {budget}" if budget else "", row["server"], row["features"], row["gzip_kb"],
                                  row["raw_kb"]])
                    figures.append(Figure(f"GeoJSON {row['request']} p95, {count:,}", kind, row["p95"], "ms",
                                          budget, row["features"]))
        finally:
            client.close()
    print(f"\nGeoJSON layer on {kind} (ms from request to last byte; 'in app': median ms inside Flask; "
          "KB per response)")
    print_table(["features", "request", "n", "median", "p95", "budget p95", "in app", "returned", "gzip KB",
                 "raw KB"], table)
    return figures


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--sizes", default=",".join(map(str, SIZES)),
                           help="map sizes, comma-separated (default: %(default)s)")
    arguments.add_argument("--views", type=int, default=50, help="street views per map (default: %(default)s)")
    args = arguments.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"GeoJSON layer {machine_note()}")
    figures = []
    for kind in chosen_databases(args):
        figures += run(kind, sizes, args.views)
    return figures


if __name__ == "__main__":
    main()
