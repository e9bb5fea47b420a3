"""What one read costs at each layer under the map's data, through the same keep-alive client, interleaved so that
every figure sees the same load: the same bytes served by nginx as a static file (the physical limit bench/layer.py
sets each read beside), by a bare WSGI callable and by a bare Flask view in gunicorn with the settings `make run`
uses (deploy/gunicorn.conf.py), then Voyette's own read of the whole 10,000-item (public) map: unchanged, its 304,
and right after a change (one item renamed by this process, as an editor's save: the view prepared by the save);
then the same through Voyette's nginx (deploy/stack.py), which sends a public map's answer from the file the app left
(app/published.py). A read right after a change comes after a pause (the save), which costs any server: it is set
beside nginx reading its static file just written anew after the same save.

    python -m bench.floor --db spatialite|postgis|both [--items 10000] [--rounds 5] [--requests 100]

Prints p50 and p95 (ms), each p95 over nginx's p95 for the same kind of answer (200 or 304) and, for a read after a
change, over nginx's p95 for its file just written anew.
"""
import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from app.extensions import db
from bench import fill
from bench.layer import _rename_one
from bench.load import server_process
from bench.static_limit import static_nginx
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
)
from deploy import stack

ROOT = Path(__file__).parents[1]


@contextlib.contextmanager
def bare_gunicorn(app_name, body_path):
    """gunicorn with deploy/gunicorn.conf.py serving bench/floor_apps.py's `app_name`; yields its URL."""
    import socket
    import time
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "VOYETTE_BIND": f"127.0.0.1:{port}", "VOYETTE_FLOOR_BODY": str(body_path)}
    process = subprocess.Popen([Path(sys.executable).with_name("gunicorn"), "--config", "deploy/gunicorn.conf.py",
                                f"bench.floor_apps:{app_name}"], cwd=ROOT, env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def run(kind, items, rounds, requests):
    with tempfile.TemporaryDirectory(prefix="voyette-floor-") as folder:
        published = Path(folder) / "published"
        published.mkdir()
        for path in (Path(folder), published):
            path.chmod(0o755)  # nginx's workers read the public answers
        with migrated_app(kind, ANSWER_DIR=folder, PUBLISHED_DIR=str(published)) as app:
            return _measured(app, kind, items, rounds, requests, folder, published)


def _measured(app, kind, items, rounds, requests, folder, published):
    with app.app_context():
        map_id = fill.create_map("Plancher")
        fill.fill(map_id, items, fill.bounds())
        url = db.engine.url.render_as_string(hide_password=False)
    layer = f"/cartes/{map_id}/elements.geojson"
    settings = {"VOYETTE_ANSWERS": folder, "VOYETTE_PUBLISHED": str(published)}
    with (server_process(url, settings=settings) as port, static_nginx() as static,
          stack.nginx(Path(folder) / "nginx", port, published=published) as front_url):
        voyette, front = Client(f"http://127.0.0.1:{port}"), Client(front_url)
        reply = voyette.get(layer)
        body_path = Path(folder) / "floor-body"
        body_path.write_bytes(reply.body)
        static_path = static.put(reply.body, gzipped=True)
        nginx = Client(static.url)
        with bare_gunicorn("wsgi", body_path) as wsgi_url, bare_gunicorn("flask_app", body_path) as flask_url:
            wsgi, bare_flask = Client(wsgi_url), Client(flask_url)
            targets = {
                ("nginx, static file", "200"): lambda: nginx.get(static_path),
                ("nginx, static file", "304"): lambda: nginx.get(
                    static_path, {"If-None-Match": nginx.get(static_path).headers["etag"]}),
                ("gunicorn, bare WSGI", "200"): lambda: wsgi.get("/floor"),
                ("gunicorn, bare WSGI", "304"): lambda: wsgi.get("/floor", {"If-None-Match": "x"}),
                ("gunicorn, bare Flask", "200"): lambda: bare_flask.get("/floor"),
                ("gunicorn, bare Flask", "304"): lambda: bare_flask.get("/floor", {"If-None-Match": "x"}),
                ("Voyette, whole map unchanged", "200"): lambda: voyette.get(layer),
                ("Voyette, whole map", "304"): lambda: voyette.get(
                    layer, {"If-None-Match": voyette.get(layer).headers["etag"]}),
                ("Voyette's nginx, public map unchanged", "200"): lambda: front.get(layer),
                ("Voyette's nginx, public map", "304"): lambda: front.get(
                    layer, {"If-None-Match": front.get(layer).headers["etag"]}),
            }
            # Each right after one item renamed by this process, as an editor's save; the static file written anew.
            after_change = {
                (STATIC_AFTER, "200"): lambda: (static.rewrite(static_path), nginx.get(static_path))[1],
                ("Voyette, whole map after a change", "200"): lambda: voyette.get(layer),
                ("Voyette's nginx, public map after a change", "200"): lambda: front.get(layer),
            }
            times = _interleaved(targets, after_change, lambda: _rename_one(app, map_id), rounds, requests)
            for client in (voyette, front, nginx, wsgi, bare_flask):
                client.close()
    return _printed(kind, items, len(reply.body), times)


STATIC, STATIC_AFTER = "nginx, static file", "nginx, static file after a change"


def _interleaved(targets, after_change, change, rounds, requests):
    """Milliseconds of each target's requests, round after round, every kind in each round so that all see the same
    load: `requests` of each target, then `requests // 5` of each kind of read after a change."""
    times = {target: [] for target in (*targets, *after_change)}
    for _round in range(rounds):
        for target, ask in targets.items():
            for _ in range(5):  # warm-up: the connection, the worker's memory
                ask()
            for _ in range(requests):
                times[target].append(_timed(ask, target[1]))
        for _ in range(requests // 5):
            for target, ask in after_change.items():
                change()
                times[target].append(_timed(ask, target[1]))
    return times


def _printed(kind, items, size, times):
    static_p95 = {status: p95(times[(STATIC, status)]) for status in ("200", "304")}
    after_p95 = p95(times[(STATIC_AFTER, "200")])
    rows, figures = [], []
    for (target, status), samples in times.items():
        ratio = p95(samples) / static_p95[status]
        figures.append(Figure(f"floor: {target} {status} p95 / static p95", kind, ratio, "×"))
        same_moment = ""
        if target.endswith("after a change"):
            same_moment = f"{p95(samples) / after_p95:.1f}"
            figures.append(Figure(f"floor: {target} {status} p95 / static p95 after a change", kind,
                                  p95(samples) / after_p95, "×"))
        rows.append([target, status, len(samples), median(samples), p95(samples), f"{ratio:.1f}", same_moment])
    print(f"\nOne read at each layer on {kind} ({items:,} items, {size / 1024:.0f} KB gzipped; ms from request to last "
          "byte; '× static': p95 over nginx's p95 for the same status, read back to back; '× after': p95 over "
          "nginx's p95 for its file just written anew, after the same save)")
    print_table(["server", "status", "n", "p50", "p95", "× static", "× after"], rows)
    return figures


def _timed(ask, status):
    reply = ask()
    if str(reply.status) != status:
        raise RuntimeError(f"HTTP {reply.status} instead of {status}")
    return reply.seconds * 1000


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--items", type=int, default=10_000, help="items of the map (default: %(default)s)")
    arguments.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default: %(default)s)")
    arguments.add_argument("--requests", type=int, default=100, help="requests per round (default: %(default)s)")
    args = arguments.parse_args(argv)
    print(f"Floor of a read {machine_note()}")
    figures = []
    for kind in chosen_databases(args):
        figures += run(kind, args.items, args.rounds, args.requests)
    return figures


if __name__ == "__main__":
    main()
