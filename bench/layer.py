"""GET /cartes/<id>/elements.geojson through a real HTTP server on loopback, on maps of 1,000, 10,000
and 100,000 features: the whole map (no bbox) and the whole extent (both clustered above CLUSTER_THRESHOLD),
street-sized views and the 304 answer to If-None-Match. Prints median and p95 in ms and sizes, each beside the
same bytes (the body as sent, gzipped when it was) served as a static file by nginx on loopback, and the ratio:
the physical limit of that read (the target: within 10× of it at p95).

    python -m bench.layer --db spatialite|postgis|both [--sizes 1000,10000,100000] [--views 50]
                          [--server werkzeug|gunicorn]

The app is served by werkzeug in a thread of this process (the default) or by the server `make run` starts
(gunicorn with deploy/gunicorn.conf.py, in processes of its own); 'in app' is the time inside Flask, timed around
the app by werkzeug's wrapper or read from the line the app logs for each request through gunicorn.
"""
import contextlib
import json
import random
import tempfile

from sqlalchemy import select

from app.extensions import db
from app.models import Feature
from bench import fill
from bench.load import server_process
from bench.static_limit import static_nginx
from bench.support import (
    Client,
    Figure,
    Server,
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
DENSE_SHARE = 0.43
CHANGES = 8                   # views asked right after a change, each after one more
STATIC_RATIO_BUDGET = 10      # p95 of a read over p95 of the same bytes served statically


def measure(server, client, app, map_id, area, views, rng):
    """One row per kind of request on one map: timings (ms, total and inside the app), sizes, features.

    Each big view is asked twice over: right after a change to the map (one item renamed: the answer is made
    again from its kept blocks, the changed one gzipped again, as the first reader after an edit gets it)
    and unchanged (as every other reader gets it)."""
    url = f"/cartes/{map_id}/elements.geojson"
    boxes = [_street_view(area, rng) for _ in range(views + WARM_UP)]
    for bbox in boxes[:WARM_UP]:
        client.get(_with_bbox(url, bbox))
    streets = [(_with_bbox(url, bbox), {}) for bbox in boxes[WARM_UP:]]
    # Asked at every size: above CLUSTER_THRESHOLD, the whole map comes as the clusters of its extent. The dense
    # view is a town's busy street: the middle 43 % of the area (4,300 items of 10,000, under the threshold).
    big = {"whole map, no bbox": (url, {}), "whole extent bbox": (_with_bbox(url, area), {}),
           "dense view (43 % of the area)": (_with_bbox(url, _middle(area, DENSE_SHARE)), {})}
    rows = []
    for name, request in big.items():
        client.get(*request)  # the database's pages for this view are read once before anything is counted
        rows.append(_row(f"{name}, after a change", *_send(server, client, [request] * CHANGES, 200,
                                                           before=lambda: _rename_one(app, map_id))))
        rows.append(_row(f"{name}, unchanged", *_send(server, client, [request] * 20, 200)))
    rows.append(_row("street view (300 × 200 m), first", *_send(server, client, streets, 200)))
    rows.append(_row("street view (300 × 200 m), again", *_send(server, client, streets, 200)))
    # The same views asked again with the ETag each one received: nothing changed, so 304.
    revalidate = [(path, {"If-None-Match": reply.headers["etag"]})
                  for (path, _headers), reply in zip(streets, rows[-1]["replies"], strict=True)]
    rows.append(_row("304, If-None-Match", *_send(server, client, revalidate, 304)))
    return rows


def _rename_one(app, map_id):
    """A change to the map, as an editor makes one: its first item renamed (a new revision, a new ETag)."""
    with app.app_context():
        feature = db.session.scalar(select(Feature).where(Feature.map_id == map_id).order_by(Feature.number))
        feature.edit(feature.category, f"Banc {feature.version}", feature.description, author="Banc d'essai")
        db.session.commit()


def _send(server, client, requests, expected, before=None):
    """Replies to the requests (`before()` run before each, not timed), and the milliseconds the app spent on each."""
    mark, replies = server.mark(), []
    for path, headers in requests:
        if before is not None:
            before()
        replies.append(client.get(path, headers))
    wrong = [reply.status for reply in replies if reply.status != expected]
    if wrong:
        raise RuntimeError(f"{requests[0][0]}: HTTP {wrong[0]} instead of {expected}")
    return replies, [ms for _method, _path, ms in server.since(mark)]


def static_limit(static, client, rows):
    """Each row's replies fetched again as static files from nginx, in the same order: adds the static median and
    p95 (ms) and the ratios of the app's figures to them. A 304 is set beside nginx's 304 for the file of the
    reply it revalidates (the row before it)."""
    paths = []
    for row in rows:
        requests = []
        for index, reply in enumerate(row["replies"]):
            if reply.status == 304:
                path = paths[index]
                requests.append((path, {"If-None-Match": client.get(path).headers["etag"]}))
            else:
                requests.append((static.put(reply.body, gzipped=reply.headers.get("content-encoding") == "gzip"), {}))
        paths = [path for path, _headers in requests]
        for path, headers in requests[:WARM_UP]:
            client.get(path, headers)
        times = [client.get(path, headers).seconds * 1000 for path, headers in requests]
        row["static_median"], row["static_p95"] = median(times), p95(times)
        row["ratio_median"], row["ratio_p95"] = row["median"] / median(times), row["p95"] / p95(times)
    return rows


def _row(name, replies, server_ms):
    times = [r.seconds * 1000 for r in replies]
    texts = [r.text for r in replies if r.status == 200]
    features = sum(t.count('"type":"Feature"') for t in texts) / len(texts) if texts else 0
    clusters = any('"cluster"' in t for t in texts)
    return {"request": name, "replies": replies, "n": len(replies), "median": median(times), "p95": p95(times),
            "server": median(server_ms) if server_ms else None,
            "features": f"{features:,.0f}" + (" clusters" if clusters else "") if texts else "",
            "gzip_kb": sum(len(r.body) for r in replies) / len(replies) / 1024,
            "raw_kb": sum(len(t.encode()) for t in texts) / len(texts) / 1024 if texts else 0.0}


def _street_view(area, rng):
    """A 300 m × 200 m box somewhere in the area."""
    west, south, east, north = area
    lon, lat = rng.uniform(west, east), rng.uniform(south, north)
    return fill.bounds((lon, lat), *STREET_M)


def _middle(area, share):
    """The box in the middle of the area that covers that share of it."""
    west, south, east, north = area
    side = share ** 0.5 / 2
    lon, lat, width, height = (west + east) / 2, (south + north) / 2, east - west, north - south
    return lon - side * width, lat - side * height, lon + side * width, lat + side * height


def _with_bbox(url, bbox):
    return url + "?bbox=" + ",".join(f"{v:.5f}" for v in bbox)  # five decimals, as map.js sends


def budget_for(kind, count, request):
    if request.startswith("street") and count == 100_000:
        return VIEWPORT_BUDGET_MS[kind]
    if request.startswith("whole map") and count == 1_000:
        return WHOLE_MAP_BUDGET_MS
    return None


@contextlib.contextmanager
def served(app, server_kind):
    """A Server for the app: werkzeug in a thread (timing the app itself), or gunicorn as `make run` starts it."""
    if server_kind == "werkzeug":
        with serve(app) as server:
            yield server
        return
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
    # The same folder of shared answers as this process's app: a change made here prepares what the server sends.
    with (tempfile.TemporaryFile("w+") as log,
          server_process(url, settings={"VOYETTE_ANSWERS": app.config["ANSWER_DIR"]}, log=log) as port):
        yield LoggedServer(f"http://127.0.0.1:{port}", log)


class LoggedServer(Server):
    """gunicorn's Server: the time inside the app of each request, from the line the app logs for it (app/logs.py),
    written before the answer leaves."""

    def __init__(self, url, log):
        super().__init__(url, [])
        self.log = log

    @property
    def handled(self):
        self.log.seek(0)
        lines = [json.loads(line) for line in self.log.read().splitlines() if line.startswith("{")]
        return [(line["method"], line["route"], line["ms"] / 1000) for line in lines
                if line.get("message") == "requête"]

    @handled.setter
    def handled(self, _value):  # set by the dataclass's __init__: read from the log instead
        pass


def run(kind, sizes=SIZES, views=50, seed=7, server_kind="werkzeug"):
    """Measure on a new database of that kind; prints its table and returns Figures for the summary."""
    rng = random.Random(seed)
    area = fill.bounds()
    table, figures = [], []
    with (tempfile.TemporaryDirectory(prefix="voyette-answers-") as answers,
          migrated_app(kind, ANSWER_DIR=answers) as app, served(app, server_kind) as server, static_nginx() as static):
        client, static_client = Client(server.url), Client(static.url)
        try:
            for count in sizes:
                with app.app_context():
                    map_id = fill.create_map(f"Banc d'essai {count}")
                    seconds = fill.fill(map_id, count, area)
                print(f"[{kind}] {count:,} features inserted in {seconds:.1f} s", flush=True)
                rows = static_limit(static, static_client, measure(server, client, app, map_id, area, views, rng))
                for row in rows:
                    budget = budget_for(kind, count, row["request"])
                    table.append([f"{count:,}", row["request"], row["n"], row["median"], row["p95"],
                                  f"≤ {budget}" if budget else "", row["server"], row["static_median"],
                                  row["static_p95"], f"{row['ratio_median']:.1f}", f"{row['ratio_p95']:.1f}",
                                  row["features"], row["gzip_kb"], row["raw_kb"]])
                    figures.append(Figure(f"GeoJSON {row['request']} p95, {count:,}", kind, row["p95"], "ms",
                                          budget, row["features"]))
                    figures.append(Figure(f"GeoJSON {row['request']} p95 / static p95, {count:,}", kind,
                                          row["ratio_p95"], "×", STATIC_RATIO_BUDGET))
        finally:
            client.close()
            static_client.close()
            # Printed before the servers stop: on a loaded machine gunicorn may take longer than load.py waits.
            print(f"\nGeoJSON layer on {kind}, served by {server_kind} (ms from request to last byte; 'in app': "
                  "median ms inside Flask; 'static': the same bytes from nginx; '×': app / static; KB per response)")
            print_table(["features", "request", "n", "median", "p95", "budget p95", "in app", "static p50",
                         "static p95", "× p50", "× p95", "returned", "gzip KB", "raw KB"], table)
    return figures


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--sizes", default=",".join(map(str, SIZES)),
                           help="map sizes, comma-separated (default: %(default)s)")
    arguments.add_argument("--views", type=int, default=50, help="street views per map (default: %(default)s)")
    arguments.add_argument("--server", choices=("werkzeug", "gunicorn"), default="werkzeug",
                           help="the server in front of the app (default: %(default)s)")
    args = arguments.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"GeoJSON layer {machine_note()}")
    figures = []
    for kind in chosen_databases(args):
        figures += run(kind, sizes, args.views, server_kind=args.server)
    return figures


if __name__ == "__main__":
    main()
