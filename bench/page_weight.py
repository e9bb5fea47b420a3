"""Weight of the map page in Chromium: every response (tiles and the GeoJSON excluded) with the bytes it
took on the wire, for a visitor who views the public demo map, then for a member who may add (the outbox
and the walk recorder come with the page) up to starting to draw (the drawing tools load only then).

Two cold loads: one where Chromium asks `Accept-Encoding: gzip` only (what the budget of DESIGN.md is
stated in, and what a client without zstd or brotli gets), one with Chromium's own header
(gzip, deflate, br, zstd), i.e. what this browser really downloads.

    python -m bench.page_weight [--db spatialite|postgis]
"""
import gzip
from pathlib import Path

from app.demo import ensure_demo_map
from app.extensions import db
from app.offline import shell
from bench import fill
from bench.support import (
    Figure,
    chromium,
    db_choices,
    machine_note,
    migrated_app,
    new_page,
    parser,
    print_table,
    serve,
    sign_in,
)

VIEWER_BUDGET_KB = 80
UMAP_KB, UMAP_REQUESTS = 318, 94   # uMap 3.8.1 measured on this machine (DESIGN.md)
PAGE_TYPES = {"document": "HTML", "stylesheet": "CSS", "script": "JS"}
ENCODINGS = {"gzip": {"Accept-Encoding": "gzip"}, "chromium": {}}


def _counted(request):
    """Tiles and the map's data are not page weight; everything else the page asked for is."""
    return "/tuiles-locales/" not in request.url and "elements.geojson" not in request.url


def _weigh(requests):
    """{url path: (type, wire bytes, content-encoding, decoded bytes)} of finished requests."""
    weights = {}
    for request in requests:
        size = request.sizes()["responseBodySize"]  # the body as received, still compressed
        if size < 0:
            continue  # answered from Chromium's memory cache (the favicon, already loaded as an <img>)
        response = request.response()
        path = "/" + request.url.split("/", 3)[3]
        weights[path] = (PAGE_TYPES.get(request.resource_type, request.resource_type), size,
                         response.headers.get("content-encoding", "none"), len(response.body()))
    return weights


def _load(page, url):
    """{path: weight} of a cold load of the map page, once its map is painted and the network is idle."""
    finished = []
    page.on("requestfinished", lambda request: finished.append(request) if _counted(request) else None)
    page.goto(url, wait_until="load")
    page.wait_for_function("() => document.getElementById('map').dataset.painted !== undefined")
    page.wait_for_load_state("networkidle")
    return _weigh(finished), finished


def measure(app, browser, base_url, map_id, editor_id, headers):
    """({path: weight} of a visitor's cold load of the public map, {path: weight} of a member's who may add,
    up to the drawing tools loaded by starting to draw)."""
    url = f"{base_url}/cartes/{map_id}"
    # Without the service worker: what the page asks for is then seen here (a worker's fetches are not); what
    # the worker copies in the background on a first visit is counted apart (worker_copy_kb).
    visitor = new_page(browser, extra_http_headers=headers, service_workers="block")
    viewer = _load(visitor, url)[0]
    visitor.context.close()
    page = sign_in(new_page(browser, extra_http_headers=headers, service_workers="block"), app, base_url, editor_id)
    editor, finished = _load(page, url)
    finished.clear()
    page.click("button[data-draw=polygon]")
    page.wait_for_selector("#map[data-editor=ready]", state="attached")
    page.wait_for_load_state("networkidle")
    editor.update(_weigh(finished))
    page.context.close()
    return viewer, editor


def worker_copy_kb(app):
    """KB (gzip) the service worker fetches in the background on a first visit: every asset it keeps."""
    root = Path(app.static_folder)
    return sum(len(gzip.compress((root / name).read_bytes())) for name in shell.kept_files(app.static_folder)) / 1024


def _kb(weights, kinds=("HTML", "CSS", "JS")):
    return sum(size for kind, size, _encoding, _raw in weights.values() if kind in kinds) / 1024


def run(kind="spatialite"):
    """Measure on a database of that kind holding the demo map; prints the table, returns Figures."""
    with migrated_app(kind) as app, serve(app) as server:
        with app.app_context():
            map_ = ensure_demo_map()[0]
            editor = fill.bench_editor()
            map_.collective.join(editor, "editor")
            db.session.commit()
            map_id, editor_id = map_.id, editor.id
        with chromium() as browser:
            loads = {name: measure(app, browser, server.url, map_id, editor_id, headers)
                     for name, headers in ENCODINGS.items()}
    rows = []
    for step, when in enumerate(("viewer", "editor")):
        for path, (resource, _size, _encoding, raw) in loads["gzip"][step].items():
            cells = [when, path, resource]
            for name in ENCODINGS:
                _resource, size, encoding, _raw = loads[name][step].get(path, (resource, 0, "-", 0))
                cells += [size, encoding]
            rows.append(cells + [raw])
    print("\nMap page weight in Chromium (bytes on the wire per response; tiles and GeoJSON excluded)")
    print_table(["loaded by", "resource", "type", "gzip only", "sent as", "Chromium's", "sent as", "decoded"], rows)
    figures = []
    for name in ENCODINGS:
        viewer, editor = loads[name]
        viewer_kb, editor_kb = _kb(viewer), _kb(editor)
        requests = f"{len(viewer)} requests"
        print(f"{name:>8} Accept-Encoding: viewer {viewer_kb:.1f} KB HTML+CSS+JS in {requests} "
              f"(+{_kb(viewer, ('image',)):.1f} KB images), editor {editor_kb:.1f} KB in "
              f"{len(editor)} requests")
        figures += [Figure(f"page weight, viewer ({name} Accept-Encoding)", "-", viewer_kb, "KB",
                           VIEWER_BUDGET_KB if name == "gzip" else None, requests),
                    Figure(f"page weight, editor ({name} Accept-Encoding)", "-", editor_kb, "KB", None,
                           f"{len(editor)} requests")]
    print(f"then, in the background on a first visit, the service worker keeps the app's assets: "
          f"{worker_copy_kb(app):.1f} KB gzip (not the drawing tools, kept when first used)")
    print(f"budget: viewer ≤ {VIEWER_BUDGET_KB} KB gzip; uMap 3.8.1: {UMAP_KB} KB gzip in {UMAP_REQUESTS} requests")
    return figures


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments, default="spatialite")  # the page's weight does not depend on the database
    args = arguments.parse_args(argv)
    print(f"Page weight {machine_note()}")
    return run("spatialite" if args.db == "both" else args.db)


if __name__ == "__main__":
    main()
