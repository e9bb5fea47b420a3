"""Working without signal, measured in Chromium on the demo map:

1. « Préparer hors ligne »: what this device then keeps (tiles of the map's area at zooms 15–19 from the local
   tile server, the pages, panels and forms, the assets), in bytes and entries, and how long it takes;
2. the outbox: 100 changes (new items) kept offline, then the time from the signal coming back to the last one
   saved; then the same 100 sent again, as when answers were lost, and how many items that adds (must be 0);
3. a login lapse: 100 new items made offline through the map's own form (« Enregistrer », kept by outbox.js),
   the session ended meanwhile (User.end_sessions, as « Se déconnecter » elsewhere or a new password does), the
   signal back: every change is kept for « Reconnectez-vous »; then signed in again through the login form, the
   time until the last one is saved, and the count in the database: lost and duplicated (both must be 0).

    python -m bench.offline [--db spatialite|postgis|both] [--changes 100]

The local tiles are all one small PNG, so their bytes say little of a real basemap: the figure printed beside
them estimates the same count of tiles at the size of a typical street-level tile (shell.TILE_BYTES).
"""
import json
import time

from sqlalchemy import func, select

from app.demo import ensure_demo_map
from app.extensions import db
from app.models import Feature, User
from app.offline import shell
from bench import fill
from bench.support import (
    Figure,
    chosen_databases,
    chromium,
    db_choices,
    machine_note,
    migrated_app,
    new_page,
    parser,
    print_figures,
    serve,
    sign_in,
)

# Sizes of what the service worker's caches hold, by cache, read in the page.
CACHE_SIZES = """async () => {
    const sizes = {};
    for (const name of await caches.keys()) {
        const cache = await caches.open(name), requests = await cache.keys();
        let bytes = 0;
        for (const request of requests) bytes += (await (await cache.match(request)).blob()).size;
        sizes[name.replace(/-[0-9a-f]{12}$/, '')] = {entries: requests.length, bytes};
    }
    return sizes;
}"""

# Fill the outbox as outbox.js does when a form cannot be sent: one entry per new item, in IndexedDB.
FILL_OUTBOX = """async ([mapUrl, postUrl, category, count, token, uuids]) => {
    const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('voyette', 1);
        request.onupgradeneeded = () =>
          request.result.createObjectStore('outbox', {keyPath: 'id', autoIncrement: true});
        request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('outbox', 'readwrite'), outbox = tx.objectStore('outbox');
    for (let i = 0; i < count; i++) {
        const lon = 2.8890 + (i % 10) * 0.0004, lat = 50.4410 + Math.floor(i / 10) * 0.0003;
        const geometry = JSON.stringify({type: 'Point', coordinates: [lon, lat]});
        outbox.add({mapUrl, url: postUrl, label: 'Relevé ' + i, geometry, state: 'waiting', kept: Date.now(),
                    fields: [['csrf_token', token], ['category', String(category)], ['title', 'Relevé ' + i],
                             ['description', ''], ['geometry', geometry], ['uuid', uuids[i]], ['walk', '']]});
    }
    await new Promise((resolve) => { tx.oncomplete = resolve; });
}"""


# What outbox.js keeps for this page's map: the state of each entry.
OUTBOX_STATES = """async () => {
    const mapUrl = JSON.parse(document.getElementById('map').dataset.config).mapUrl;
    const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('voyette', 1);
        request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error);
    });
    const all = await new Promise((resolve) => {
        const request = db.transaction('outbox').objectStore('outbox').getAll();
        request.onsuccess = () => resolve(request.result);
    });
    db.close();
    return all.filter(entry => entry.mapUrl === mapUrl).map(entry => entry.state);
}"""
LAPSE_TITLE = "Relevé hors session "


def features_in(map_id):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Feature).where(Feature.map_id == map_id))


def prepare(page, base, map_id):
    """Open « Préparer hors ligne », keep the map, and return (seconds, {cache: {entries, bytes}})."""
    page.goto(f"{base}/cartes/{map_id}/hors-ligne")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    started = time.perf_counter()
    page.click("[data-prepare-start]")
    page.wait_for_selector("[data-prepared]", timeout=600_000)
    seconds = time.perf_counter() - started
    return seconds, page.evaluate(CACHE_SIZES)


def sync(page, base, map_id, category_id, count):
    """Keep `count` new items in the outbox offline, bring the signal back; seconds until all are sent."""
    import uuid
    uuids = [str(uuid.uuid4()) for _ in range(count)]
    token = json.loads(page.evaluate("() => document.body.getAttribute('hx-headers')"))["X-CSRFToken"]
    timings = []
    for _attempt in range(2):  # the second time: the same changes again, as when their answers were lost
        page.context.set_offline(True)
        page.evaluate(FILL_OUTBOX, [f"/cartes/{map_id}", f"/cartes/{map_id}/elements", category_id, count, token,
                                    uuids])
        page.reload()
        page.wait_for_selector(f'#outbox[data-waiting="{count}"]')
        started = time.perf_counter()
        page.context.set_offline(False)
        page.wait_for_selector('#outbox[data-waiting="0"]', state="attached", timeout=600_000)
        timings.append(time.perf_counter() - started)
    return timings


def add_offline(page, count):
    """Make `count` new items as « Ajouter ici » does (the map's new-item form, placed), saved with « Enregistrer »
    while offline: outbox.js keeps each on this device."""
    for i in range(count):
        at = [2.8890 + (i % 10) * 0.0004, 50.4450 + (i // 10) * 0.0003]
        page.evaluate("at => document.getElementById('map').dispatchEvent("
                      "new CustomEvent('voyette:add-point', {detail: {at}}))", at)
        page.fill("#detail form.feature-form input[name=title]", f"{LAPSE_TITLE}{i}")
        page.click("#detail form.feature-form button[type=submit]")
        page.wait_for_selector(f'#outbox[data-waiting="{i + 1}"]', state="attached")


def after_lapse(app, server, page, map_id, editor_id, count):
    """Changes kept offline while the session ends, then sent once signed in again: a dict of figures."""
    page.goto(f"{server.url}/cartes/{map_id}")
    page.wait_for_selector("#map[data-painted]", state="attached")
    page.context.set_offline(True)
    add_offline(page, count)
    with app.app_context():  # the session ends meanwhile: its cookie is still there, and no longer opens it
        db.session.get(User, editor_id).end_sessions()
        db.session.commit()
    page.context.set_offline(False)
    page.wait_for_selector("#outbox [data-sign-in] a", state="visible", timeout=120_000)
    states = page.evaluate(OUTBOX_STATES)
    with app.app_context():
        early = lapse_titles(map_id)
    mark = server.mark()
    page.click("#outbox [data-sign-in] a")
    page.fill("input[name=email]", fill.BENCH_EMAIL)
    page.fill("input[name=password]", fill.BENCH_PASSWORD)
    started = time.perf_counter()
    page.click("form button[type=submit]")
    page.wait_for_url(f"{server.url}/cartes/{map_id}")
    while page.evaluate(OUTBOX_STATES):  # each entry leaves the outbox once the server has saved it
        if time.perf_counter() - started > 600:
            raise RuntimeError("the outbox was not emptied in 10 minutes")
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    with app.app_context():
        titles = lapse_titles(map_id)
    arrived = [f"{LAPSE_TITLE}{i}" for i in range(count) if titles.get(f"{LAPSE_TITLE}{i}")]
    posted = [path for verb, path, _ms in server.since(mark) if verb == "POST" and path.endswith("/elements")]
    return {"queued": len(states), "kept_for_sign_in": states.count("signin"),
            "sent_before_sign_in": sum(early.values()),
            "requests": len(posted), "arrived": len(arrived), "lost": count - len(arrived),
            "duplicated": sum(n - 1 for n in titles.values() if n > 1), "seconds": seconds}


def lapse_titles(map_id):
    """{title: how many items have it} of the items made during the login lapse."""
    db.session.expire_all()
    rows = db.session.execute(select(Feature.title, func.count()).where(
        Feature.map_id == map_id, Feature.title.like(f"{LAPSE_TITLE}%")).group_by(Feature.title))
    return dict(rows.all())


def run(kind, changes):
    with migrated_app(kind) as app, serve(app) as server:
        with app.app_context():
            map_ = ensure_demo_map()[0]
            editor = fill.bench_editor()
            map_.collective.join(editor, "editor")
            db.session.commit()
            map_id, editor_id, category_id = map_.id, editor.id, map_.categories[0].id
            before = features_in(map_id)
        with chromium() as browser:
            page = sign_in(new_page(browser), app, server.url, editor_id)
            seconds, sizes = prepare(page, server.url, map_id)
            first, again = sync(page, server.url, map_id, category_id, changes)
            lapse = after_lapse(app, server, page, map_id, editor_id, changes)
            page.context.close()
        with app.app_context():
            added = features_in(map_id) - before - lapse["arrived"] - lapse["duplicated"]
    tiles = sizes.get("voyette-tiles", {"entries": 0, "bytes": 0})
    total = sum(cache["bytes"] for cache in sizes.values())
    print(f"\n{kind}: « Préparer hors ligne » took {seconds:.1f} s")
    for name, cache in sorted(sizes.items()):
        print(f"  {name:16} {cache['entries']:6,d} entries {cache['bytes'] / 1e6:8.2f} MB")
    real = tiles["entries"] * shell.TILE_BYTES / 1e6
    print(f"  the same {tiles['entries']:,d} tiles from a real basemap: about {real:.0f} MB "
          f"(at {shell.TILE_BYTES / 1000:.0f} KB a tile)")
    print(f"{kind}: outbox of {changes} new items sent in {first:.2f} s; the same {changes} sent again in "
          f"{again:.2f} s; items added in all: {added} (expected {changes})")
    print(f"{kind}: after a login lapse: {lapse['queued']} changes queued offline, {lapse['kept_for_sign_in']} kept "
          f"for « Reconnectez-vous » ({lapse['sent_before_sign_in']} sent before); signed in again, synced in "
          f"{lapse['seconds']:.2f} s ({lapse['requests']} requests): {lapse['arrived']} arrived, {lapse['lost']} lost, "
          f"{lapse['duplicated']} duplicated")
    return [
        Figure("offline: kept by « Préparer hors ligne » (local tiles)", kind, total / 1e6, "MB", None,
               f"{tiles['entries']:,d} tiles z15–19, {seconds:.1f} s"),
        Figure("offline: same tiles at a real basemap's size", kind, real, "MB", None, "estimate"),
        Figure(f"offline: sync an outbox of {changes} changes", kind, first, "s", None,
               f"{first / changes * 1000:.0f} ms each"),
        Figure(f"offline: the same {changes} replayed", kind, again, "s", None,
               f"{added - changes} items added twice"),
        Figure(f"offline: sync {changes} changes after a login lapse", kind, lapse["seconds"], "s", None,
               f"{lapse['queued']} queued, {lapse['arrived']} arrived, {lapse['lost']} lost, "
               f"{lapse['duplicated']} duplicated"),
    ]


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--changes", type=int, default=100)
    args = arguments.parse_args(argv)
    print(f"Offline {machine_note()}")
    figures = []
    for kind in chosen_databases(args):
        figures += run(kind, args.changes)
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
