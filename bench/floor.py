"""What one read costs at each layer under the map's data, through the same keep-alive client, interleaved so that
every figure sees the same load: the same bytes served by nginx as a static file (the physical limit bench/layer.py
sets each read beside), by a bare WSGI callable and by a bare Flask view in gunicorn with the settings `make run`
uses (deploy/gunicorn.conf.py), then Voyette's own read of the whole 10,000-item map: unchanged, its 304, and right
after a change (one item renamed by this process, as an editor's save: the view prepared by the save).

    python -m bench.floor --db spatialite|postgis|both [--items 10000] [--rounds 5] [--requests 100]

Prints p50 and p95 (ms) and each p95 over nginx's p95 for the same kind of answer (200 or 304).
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
    with (tempfile.TemporaryDirectory(prefix="voyette-floor-") as folder,
          migrated_app(kind, ANSWER_DIR=folder) as app):
        with app.app_context():
            map_id = fill.create_map("Plancher")
            fill.fill(map_id, items, fill.bounds())
            url = db.engine.url.render_as_string(hide_password=False)
        layer = f"/cartes/{map_id}/elements.geojson"
        with (server_process(url, settings={"VOYETTE_ANSWERS": folder}) as port, static_nginx() as static):
            voyette = Client(f"http://127.0.0.1:{port}")
            reply = voyette.get(layer)
            body_path = Path(folder) / "floor-body"
            body_path.write_bytes(reply.body)
            static_path = static.put(reply.body, gzipped=True)
            nginx = Client(static.url)
            nginx_etag = nginx.get(static_path).headers["etag"]
            with bare_gunicorn("wsgi", body_path) as wsgi_url, bare_gunicorn("flask_app", body_path) as flask_url:
                wsgi, bare_flask = Client(wsgi_url), Client(flask_url)
                targets = {
                    ("nginx, static file", "200"): lambda: nginx.get(static_path),
                    ("nginx, static file", "304"): lambda: nginx.get(static_path, {"If-None-Match": nginx_etag}),
                    ("gunicorn, bare WSGI", "200"): lambda: wsgi.get("/floor"),
                    ("gunicorn, bare WSGI", "304"): lambda: wsgi.get("/floor", {"If-None-Match": "x"}),
                    ("gunicorn, bare Flask", "200"): lambda: bare_flask.get("/floor"),
                    ("gunicorn, bare Flask", "304"): lambda: bare_flask.get("/floor", {"If-None-Match": "x"}),
                    ("Voyette, whole map unchanged", "200"): lambda: voyette.get(layer),
                    ("Voyette, whole map", "304"): lambda: voyette.get(
                        layer, {"If-None-Match": voyette.get(layer).headers["etag"]}),
                }
                times = {target: [] for target in targets}
                times[("Voyette, whole map after a change", "200")] = []
                for _round in range(rounds):
                    for target, ask in targets.items():
                        for _ in range(5):  # warm-up: the connection, the worker's memory
                            ask()
                        for _ in range(requests):
                            times[target].append(_timed(ask, target[1]))
                    for _ in range(requests // 5):
                        _rename_one(app, map_id)
                        times[("Voyette, whole map after a change", "200")].append(
                            _timed(lambda: voyette.get(layer), "200"))
                for client in (voyette, nginx, wsgi, bare_flask):
                    client.close()
    static_p95 = {status: p95(times[("nginx, static file", status)]) for status in ("200", "304")}
    rows, figures = [], []
    for (target, status), samples in times.items():
        ratio = p95(samples) / static_p95[status]
        rows.append([target, status, len(samples), median(samples), p95(samples), f"{ratio:.1f}"])
        figures.append(Figure(f"floor: {target} {status} p95 / static p95", kind, ratio, "×"))
    print(f"\nOne read at each layer on {kind} ({items:,} items, {len(reply.body) / 1024:.0f} KB gzipped; ms from "
          "request to last byte; '×': p95 over nginx's p95 for the same status)")
    print_table(["server", "status", "n", "p50", "p95", "× p95"], rows)
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
