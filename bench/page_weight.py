"""Weight of the map page in Chromium: every response (tiles and the GeoJSON excluded) with the bytes it
took on the wire, for someone who views the demo map, then for someone who starts to draw (the drawing
tools load only then).

Two cold loads: one where Chromium asks `Accept-Encoding: gzip` only (what the budget of DESIGN.md is
stated in, and what a client without zstd or brotli gets), one with Chromium's own header
(gzip, deflate, br, zstd), i.e. what this browser really downloads.

    python -m bench.page_weight [--db spatialite|postgis]
"""
from app.demo import ensure_demo_map
from app.extensions import db
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


def measure(app, browser, base_url, map_id, editor_id, headers):
    """({path: weight} of a cold page load, {path: weight} of what starting to draw adds), as a member who may draw;
    a viewer's page differs only by the drawing buttons."""
    page = sign_in(new_page(browser, extra_http_headers=headers), app, base_url, editor_id)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request) if _counted(request) else None)
    page.goto(f"{base_url}/cartes/{map_id}", wait_until="load")
    page.wait_for_function("() => document.getElementById('map').dataset.painted !== undefined")
    page.wait_for_load_state("networkidle")
    viewer = _weigh(finished)
    finished.clear()
    page.click("button[data-draw=polygon]")
    page.wait_for_function("() => window.VoyetteEditor !== undefined")
    page.wait_for_load_state("networkidle")
    editor = _weigh(finished)
    page.context.close()
    return viewer, editor


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
        viewer_kb, editor_kb = _kb(viewer), _kb(viewer) + _kb(editor)
        requests = f"{len(viewer)} requests"
        print(f"{name:>8} Accept-Encoding: viewer {viewer_kb:.1f} KB HTML+CSS+JS in {requests} "
              f"(+{_kb(viewer, ('image',)):.1f} KB images), editor {editor_kb:.1f} KB in "
              f"{len(viewer) + len(editor)} requests")
        figures += [Figure(f"page weight, viewer ({name} Accept-Encoding)", "-", viewer_kb, "KB",
                           VIEWER_BUDGET_KB if name == "gzip" else None, requests),
                    Figure(f"page weight, editor ({name} Accept-Encoding)", "-", editor_kb, "KB", None,
                           f"{len(viewer) + len(editor)} requests")]
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
