"""Change feed: `GET /cartes/<id>/changements?depuis=N`, which every open map polls every few seconds.

On a map of 10,000 features: the answer when nothing changed (the common case, budget ≤ 5 ms server
time), its 304 to `If-None-Match`, and the answer after 10 new revisions.

    .venv/bin/python -m bench.changes --db spatialite|postgis|both [--samples 200]
"""
from shapely.geometry import Point

from app.extensions import db
from app.models import Feature, Map
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

FEATURES = 10_000
NOTHING_NEW_BUDGET_MS = 5
SOMEONE = "Dominique"  # the other person whose changes the feed brings


def run(kind, samples):
    """Measure on a new database of that kind; prints a table, returns Figures for the summary."""
    with migrated_app(kind) as app:
        with app.app_context():
            map_id = fill.create_map("Flux")
            fill.fill(map_id, FEATURES)
            revision = db.session.get(Map, map_id).revision
        with serve(app) as server:
            client = Client(server.url)
            path = f"/cartes/{map_id}/changements?depuis={revision}"
            nothing = _timed(client, server, path, samples)
            etag = client.get(path).headers["etag"]
            not_modified = _timed(client, server, path, samples, {"If-None-Match": etag})
            with app.app_context():
                _ten_revisions(map_id)
            ten = _timed(client, server, path, samples)
            client.close()
    rows, figures = [], []
    for name, (total, in_app), budget in (("nothing new", nothing, NOTHING_NEW_BUDGET_MS),
                                          ("nothing new, 304", not_modified, None),
                                          ("10 new revisions", ten, None)):
        rows.append([name, samples, median(total), p95(total), median(in_app), p95(in_app),
                     f"≤ {budget} ms" if budget else ""])
        figures.append(Figure(f"change feed, {name}, p95 in app", kind, p95(in_app), "ms", budget))
    print(f"\nChange feed on {kind}, map of {FEATURES:,} features (ms: request to last byte, then inside Flask)")
    print_table(["case", "n", "median", "p95", "in app median", "in app p95", "budget"], rows)
    return figures


def _timed(client, server, path, samples, headers=None):
    """Round trips and server times (ms) of `samples` requests."""
    mark = server.mark()
    total = [client.get(path, headers).seconds * 1000 for _ in range(samples)]
    return total, [ms for _verb, _path, ms in server.since(mark)]


def _ten_revisions(map_id):
    """Five new features and five edits, as other people would make them."""
    map_ = db.session.get(Map, map_id)
    category = map_.categories[0]
    for i in range(5):
        feature = Feature.create(map_, category, f"Nouveau {i}", "", Point(2.906 + i * 1e-4, 50.445), author=SOMEONE)
        feature.edit(category, f"Nouveau {i}, corrigé", "", author=SOMEONE)
    db.session.commit()


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--samples", type=int, default=200, help="requests per case (default: %(default)s)")
    args = arguments.parse_args(argv)
    print(f"Change feed {machine_note()}")
    figures = []
    for kind in chosen_databases(args):
        figures += run(kind, args.samples)
    return figures


if __name__ == "__main__":
    main()
