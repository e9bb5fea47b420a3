"""In Chromium: time from navigation start to all features painted on maps of 1,000 and 10,000 points,
to the first (server-clustered) view of a 100,000-point map, and from a click on « Enregistrer » to the
saved item shown and repainted, on the 10,000 and 100,000 maps.

Each navigation is cold (new browser context: empty cache). The page marks each layer paint with a
`layer-painted` event on #map; the time taken is that of the next animation frame, when Leaflet's
canvas has drawn. The three maps share one database and overlap, as maps of one server do (on SpatiaLite
the R*Tree holds every map's features, so a small map's whole-view query also walks the big map's).

    python -m bench.paint --db spatialite|postgis|both [--runs 3] [--saves 5] [--profile]
"""
import collections

from sqlalchemy import select

from app.extensions import db
from app.models import Feature
from bench import fill
from bench.support import (
    Figure,
    chosen_databases,
    chromium,
    db_choices,
    machine_note,
    median,
    migrated_app,
    new_page,
    parser,
    print_table,
    serve,
    sign_in,
)

AREA_M = (8_000, 6_000)   # at zoom 13 this fits the map beside the panel of a 1280 × 800 window
ZOOM = 13
MAPS = (1_000, 10_000, 100_000)
SAVED_ON = (10_000, 100_000)
PAINT_BUDGET_S = {10_000: 0.5, 100_000: 2.0}
SAVE_BUDGET_S = 0.2
SAVE_SERVER_BUDGET_MS = 50
UMAP = {10_000: "uMap 18.5 s, 1.6 s clustered", 100_000: "uMap never, 4.5 s clustered"}

# Runs before the page's own scripts: records each layer paint (capture phase, since the event does not
# bubble) at the animation frame that follows it, i.e. once Leaflet's canvas redraw has run.
RECORD_PAINTS = """
window.__paints = [];
window.addEventListener("layer-painted", function (event) {
  var at = performance.now();
  requestAnimationFrame(function () {
    window.__paints.push({ count: event.detail, event: at, frame: performance.now() });
  });
}, true);
"""

# Where the time of a cold load goes, from the browser's own Navigation and Resource Timing, and layer.js's marks:
# when it first asks for the layer (the answer layer_start.js asked for is then taken) and when it has parsed it.
BREAKDOWN = """
() => {
  var nav = performance.getEntriesByType("navigation")[0];
  var data = performance.getEntriesByType("resource").filter(function (e) {
    return e.name.indexOf("elements.geojson") !== -1;
  })[0];
  var tile = performance.getEntriesByType("resource").filter(function (e) { return /\\.png/.test(e.name); })[0];
  function mark(name) { var m = performance.getEntriesByName(name, "mark")[0]; return m ? m.startTime : null; }
  var paint = window.__paints[0];
  return { html: nav.responseEnd, dcl: nav.domContentLoadedEventEnd, fetchStart: data.startTime,
           fetchEnd: data.responseEnd, tile: tile ? tile.startTime : null, asked: mark("layer-asked"),
           parsed: mark("layer-parsed"), drawn: paint.event, painted: paint.frame, bytes: data.encodedBodySize };
}
"""

# Types a new title, clicks « Enregistrer » and resolves when the panel shows the saved item and the map
# has redrawn it (map.js redraws in its htmx:afterSettle listener, registered before this one).
TIMED_SAVE = """
async (title) => {
  var form = document.querySelector("#detail form.feature-form");
  form.querySelector("input[name=title]").value = title;
  return await new Promise(function (resolve) {
    var started;
    document.body.addEventListener("htmx:afterSettle", function done(event) {
      var heading = document.getElementById("feature-title");
      if (event.target.id !== "detail" || !heading || heading.textContent !== title) return;
      document.body.removeEventListener("htmx:afterSettle", done);
      var shown = performance.now();
      var post = performance.getEntriesByName(form.action, "resource").pop();  // only the POSTs go there
      requestAnimationFrame(function () {
        resolve({ shown: shown - started, painted: performance.now() - started,
                  post: post.responseEnd - post.startTime });
      });
    });
    started = performance.now();
    form.querySelector("button[type=submit]").click();
  });
}
"""

# Clicks « Modifier » and resolves once htmx has settled the form in the panel: htmx wires up new content
# only when it settles, and a click before that would submit the form natively (a full page navigation).
REOPEN_FORM = """
() => new Promise(function (resolve) {
  document.body.addEventListener("htmx:afterSettle", function done(event) {
    if (event.target.id !== "detail" || !document.querySelector("#detail form.feature-form")) return;
    document.body.removeEventListener("htmx:afterSettle", done);
    resolve();
  });
  document.querySelector("#detail a.button.primary").click();
})
"""


def cold_paint(browser, server, path, expected):
    """One cold navigation; the breakdown (ms since navigation start) once `expected` features are painted
    (None: the first paint, e.g. of clusters), with the ms the app spent on the GeoJSON."""
    url = server.url + path
    mark = server.mark()
    page = new_page(browser)
    page.add_init_script(RECORD_PAINTS)
    page.goto(url, wait_until="commit")
    least = expected or 1
    page.wait_for_function(f"() => window.__paints.some(function (p) {{ return p.count >= {least}; }})")
    result = page.evaluate(BREAKDOWN)
    result["count"] = page.evaluate("() => window.__paints[0].count")
    result["server"] = next(ms for _verb, where, ms in server.since(mark) if where.endswith(".geojson"))
    page.context.close()
    if expected and result["count"] != expected:
        raise RuntimeError(f"{url}: {result['count']} features painted, {expected} expected")
    return result


def timed_saves(app, browser, server, map_id, feature_id, saves):
    """As the map's owner, open a feature's form, then save it `saves` times, reopening it through « Modifier »."""
    with app.app_context():
        editor_id = fill.bench_editor().id
    page = sign_in(new_page(browser), app, server.url, editor_id)
    page.add_init_script(RECORD_PAINTS)
    page.goto(f"{server.url}/cartes/{map_id}/elements/{feature_id}/modifier")
    page.wait_for_function("() => window.__paints.length > 0")
    results = []
    for attempt in range(1, saves + 1):
        mark = server.mark()
        results.append(page.evaluate(TIMED_SAVE, f"Titre enregistré {attempt}"))
        results[-1]["server"] = next(ms for verb, _path, ms in server.since(mark) if verb == "POST")
        page.evaluate(REOPEN_FORM)
    page.context.close()
    return results


def js_profile(browser, url, expected, top=12):
    """Self time per function on the page's main thread during one cold load, from a CDP CPU profile:
    what to make faster when the paint budget is missed."""
    page = new_page(browser)
    page.add_init_script(RECORD_PAINTS)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 250})  # µs
    cdp.send("Profiler.start")
    page.goto(url, wait_until="commit")
    page.wait_for_function(f"() => window.__paints.some(function (p) {{ return p.count >= {expected}; }})")
    profile = cdp.send("Profiler.stop")["profile"]
    page.context.close()
    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    spent = collections.Counter()
    for node_id, delta_us in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = frames[node_id]
        where = frame["url"].rsplit("/", 1)[-1]
        spent[(frame["functionName"] or "(anonymous)", f"{where}:{frame['lineNumber'] + 1}" if where else "")] \
            += delta_us / 1000
    print(f"\nMain-thread self time during a cold load of {url} (top {top}, ms)")
    print_table(["function", "where", "ms"], [[name, where, ms] for (name, where), ms in spent.most_common(top)])


def prepare_maps(app, kind):
    """{features: map id}, every map opening on its compact area at ZOOM."""
    area = fill.bounds(fill.HARNES, *AREA_M)
    maps = {}
    with app.app_context():
        for count in MAPS:
            maps[count] = fill.create_map(f"Peinture {count}", center=fill.HARNES, zoom=ZOOM)
            seconds = fill.fill(maps[count], count, area)
            print(f"[{kind}] {count:,} features inserted in {seconds:.1f} s", flush=True)
    return maps


def paint_rows(browser, server, maps, runs, threshold):
    """Cold loads of each map: table rows and Figures."""
    rows, figures = [], []
    cold_paint(browser, server, f"/cartes/{maps[1_000]}", 1_000)  # warm-up: browser process, Jinja templates
    for count, map_id in maps.items():
        expected = count if count <= threshold else None
        results = [cold_paint(browser, server, f"/cartes/{map_id}", expected) for _ in range(runs)]
        typical = sorted(results, key=lambda r: r["painted"])[len(results) // 2]
        seconds = typical["painted"] / 1000
        rows.append([f"{count:,}", f"{typical['count']:,}" + ("" if expected else " clusters"), seconds,
                     ", ".join(f"{r['painted'] / 1000:.2f}" for r in results), typical["html"], typical["dcl"],
                     typical["fetchStart"], typical["tile"], typical["fetchEnd"], typical["server"], typical["asked"],
                     typical["parsed"], typical["drawn"], typical["bytes"] / 1024,
                     f"≤ {PAINT_BUDGET_S[count]} s" if count in PAINT_BUDGET_S else ""])
        what = "first view (clusters)" if expected is None else "all painted"
        figures.append(Figure(f"paint, {count:,} points, {what}", "", seconds, "s", PAINT_BUDGET_S.get(count),
                              UMAP.get(count, "")))
    return rows, figures


def save_rows(app, browser, server, maps, saves):
    """Saves on the bigger maps: table rows and Figures."""
    rows, figures = [], []
    for count in SAVED_ON:
        with app.app_context():
            feature_id = _some_feature(maps[count])
        results = timed_saves(app, browser, server, maps[count], feature_id, saves)
        painted = [r["painted"] / 1000 for r in results]
        rows.append([f"{count:,}", len(results), median(painted), max(painted), median([r["shown"] for r in results]),
                     median([r["post"] for r in results]), median([r["server"] for r in results]),
                     f"≤ {SAVE_BUDGET_S} s"])
        figures.append(Figure(f"save one item, {count:,} map, click → repaint", "", median(painted), "s",
                              SAVE_BUDGET_S, f"max {max(painted):.3f} s"))
        figures.append(Figure(f"save one item, {count:,} map, POST inside Flask", "",
                              median([r["server"] for r in results]), "ms", SAVE_SERVER_BUDGET_MS))
    return rows, figures


def run(kind, runs=3, saves=5, profile=False):
    """Measure on a new database of that kind; prints the tables, returns Figures for the summary."""
    with migrated_app(kind) as app:
        maps = prepare_maps(app, kind)
        with serve(app) as server, chromium() as browser:
            paints, paint_figures = paint_rows(browser, server, maps, runs, app.config["CLUSTER_THRESHOLD"])
            if profile:
                js_profile(browser, f"{server.url}/cartes/{maps[10_000]}", 10_000)
            saved, save_figures = save_rows(app, browser, server, maps, saves)
    print(f"\nCold navigation → features painted in Chromium, {kind} (median of {runs}; the columns after "
          "'runs' are for the median run, in ms since navigation start, except '(in app)': ms inside Flask; "
          "'layer.js asks': when layer.js, once Leaflet is set up, takes the answer layer_start.js asked for; "
          "'drawn': every item placed, the canvas painting at the next frame, 'seconds')")
    print_table(["features", "painted", "seconds", "runs (s)", "HTML", "DOM ready", "GeoJSON asked", "1st tile",
                 "GeoJSON in", "(in app)", "layer.js asks", "JSON parsed", "drawn", "GeoJSON KB", "budget"], paints)
    print(f"\nSaving one item from the panel form, {kind} (median seconds from click to repaint; then ms: "
          "to the panel showing it, the POST's round trip, its time inside Flask)")
    print_table(["map", "saves", "median s", "max s", "shown ms", "POST ms", "in app ms", "budget"], saved)
    figures = paint_figures + save_figures
    for figure in figures:
        figure.db = kind
    return figures


def _some_feature(map_id):
    """A point in the middle of the numbers: an ordinary item, neither the first nor the last."""
    return db.session.scalar(select(Feature.id).where(Feature.map_id == map_id, Feature.kind == "point")
                             .order_by(Feature.number).offset(500).limit(1))


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--runs", type=int, default=3, help="cold navigations per map (default: %(default)s)")
    arguments.add_argument("--saves", type=int, default=5, help="saves per map (default: %(default)s)")
    arguments.add_argument("--profile", action="store_true",
                           help="also print where the browser spends a cold load of the 10,000-point map")
    args = arguments.parse_args(argv)
    print(f"Paint and save in Chromium {machine_note()}")
    figures = []
    for kind in chosen_databases(args):
        figures += run(kind, args.runs, args.saves, args.profile)
    return figures


if __name__ == "__main__":
    main()
