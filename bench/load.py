"""Many editors at once on loopback: requests per second, latencies, errors, and no lost update.

Each simulated editor has its own session (cookie and CSRF token, as a browser would), logs in and opens the map;
once all have, for `--seconds`, each adds items, renames the items it added, and polls the change feed, like a
person with the map open. The rate and the p95 are those of that work: the 50 logins at once (a password hash each)
and the workers' start are shown in the table (« page ») but kept out of them. The server is the one `make run`
starts (gunicorn with deploy/gunicorn.conf.py), in processes of its own, so the load does not share an interpreter
with it. At the end every item an editor saw saved is checked in the database, with the last title that editor
gave it.

    .venv/bin/python -m bench.load --db spatialite|postgis|both [--editors 50] [--seconds 60]
    .venv/bin/python -m bench.load --url http://127.0.0.1:PORT --database-url URL   # a server already running
      (`make production-check`: nginx in front of gunicorn, deploy/stack.py), on the database it uses
"""
import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sqlalchemy import select

from app import create_app
from app.demo import ensure_demo_map
from app.extensions import db
from app.models import Feature
from bench import fill
from bench.support import (
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

PASSWORD = secrets.token_urlsafe(12)
TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')
REVISION = re.compile(r'"revision": (\d+)')


class Editor(threading.Thread):
    """One person: adds an item, renames one of theirs, or polls for others' changes, until the deadline."""

    def __init__(self, number, address, map_id, category_id, start, seconds, log):
        super().__init__(daemon=True)
        self.number, self.address, self.map_id, self.category_id = number, address, map_id, category_id
        self.start_together, self.seconds = start, seconds  # a barrier: the work begins once every editor is in
        self.log, self.cookies, self.saved = log, {}, {}  # saved: {id: last title}
        self.random = random.Random(number)

    def run(self):
        self.connection = http.client.HTTPConnection(*self.address, timeout=60)
        self.token = TOKEN.search(self.request("login form", "GET", "/compte/connexion")[1]).group(1)
        self.request("login", "POST", "/compte/connexion", {"email": fill.BENCH_EMAIL, "password": PASSWORD})
        page = self.request("page", "GET", f"/cartes/{self.map_id}")[1]
        self.token = TOKEN.search(page).group(1)
        revision = int(REVISION.search(page).group(1))  # where the page's map.js starts polling from
        self.start_together.wait()
        self.connection.close()  # idle while the others logged in, the server may have closed it: a new one
        deadline = time.monotonic() + self.seconds
        while time.monotonic() < deadline:
            roll = self.random.random()
            if roll < 0.4 or not self.saved:
                self.add()
            elif roll < 0.8:
                self.rename(self.random.choice(list(self.saved)))
            else:
                status, body = self.request("poll", "GET", f"/cartes/{self.map_id}/changements?depuis={revision}")
                if status == 200:
                    revision = json.loads(body)["revision"]

    def add(self):
        lon, lat = 2.8876 + self.random.random() * 0.0118, 50.4403 + self.random.random() * 0.0062
        title = f"Éditeur {self.number}, ajout {len(self.saved) + 1}"
        status, body = self.request("add", "POST", f"/cartes/{self.map_id}/elements", {
            "category": self.category_id, "title": title, "description": "",
            "geometry": json.dumps({"type": "Point", "coordinates": [lon, lat]})})
        if status == 200:
            feature_id = int(re.search(r'"id":(\d+)', re.search(r"data-feature='([^']+)'", body).group(1)
                                       .replace("&#34;", '"')).group(1))
            self.saved[feature_id] = title

    def rename(self, feature_id):
        base = f"/cartes/{self.map_id}/elements/{feature_id}"
        form = self.request("edit form", "GET", base + "/modifier")[1]
        title = f"{self.saved[feature_id]} ✎"[-110:]
        status, _body = self.request("rename", "POST", base, {
            "category": self.category_id, "title": title, "description": "", "geometry": "",
            "version": VERSION.search(form).group(1)})
        if status == 200:
            self.saved[feature_id] = title

    def request(self, action, method, path, form=None):
        headers = {"HX-Request": "true", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({"csrf_token": self.token, **form})
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.token})
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode()
        except OSError as error:
            self.log.append((action, "error", time.perf_counter() - started, str(error)))
            self.connection.close()
            return 0, ""
        for cookie in response.headers.get_all("Set-Cookie") or ():  # each cookie the server sets, as a browser
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        self.log.append((action, response.status, time.perf_counter() - started, ""))
        return response.status, text


@contextmanager
def server_process(database_url, errors=None, settings=None, log=None):
    """gunicorn as `make run` starts it, on a free loopback port, with these environment `settings` too, its log
    written to `log` when given (an open file); the errors its log names (no personal data goes in it, app/logs.py)
    are added to `errors`, when given, once it has stopped, the last line of each traceback with them."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(16),
                   "VOYETTE_LOCAL_TILES": "1", "VOYETTE_BIND": f"127.0.0.1:{port}", **(settings or {})}
    with nullcontext(log) if log is not None else tempfile.TemporaryFile("w+") as server_log:
        process = subprocess.Popen([Path(sys.executable).with_name("gunicorn"), "--config",
                                    "deploy/gunicorn.conf.py"], cwd=Path(__file__).parents[1], env=environment,
                                   stdout=subprocess.DEVNULL, stderr=server_log)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # workers finishing slowly on a loaded machine: the figures are kept
                process.kill()
                process.wait()
            if errors is not None:
                server_log.seek(0)
                errors.extend(_logged_errors(server_log))


def _logged_errors(lines):
    """Each ERROR line of the app's JSON log as its message, the traceback's last line and how long its request took
    (a lock waited for until the database's busy timeout shows as that long)."""
    errors, took = {}, {}
    for line in lines:
        if line.startswith("{"):
            record = json.loads(line)
            if record["level"] == "ERROR":
                errors[record.get("request_id")] = (record["message"], record.get("traceback", "").strip())
            elif "ms" in record:
                took[record.get("request_id")] = record["ms"]
    for request_id, (message, traceback) in errors.items():
        yield f"{message}: {traceback.splitlines()[-1:]} after {took.get(request_id, '?')} ms"


@contextmanager
def existing_app(database_url):
    """The app on the database a running server uses (already migrated, as each deploy does)."""
    app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": database_url})
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def _cpu():
    """Seconds of CPU this process has used (the simulated editors), and that the whole machine has (/proc/stat:
    every state but idle and waiting for the disk): what share of the cores the load generator takes itself."""
    own = os.times()
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq, steal, *_ = map(int, stat.readline().split()[1:])
    return own.user + own.system, (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run(kind, editors, seconds, url=None, database_url=None):
    """Measure on a new database of that kind, or on the server at `url` and its database; prints tables, returns
    Figures for the summary."""
    with existing_app(database_url) if url else migrated_app(kind) as app:
        with app.app_context():
            map_ = ensure_demo_map()[0]
            map_.collective.join(fill.bench_editor(PASSWORD), "editor")  # every simulated editor logs in as it
            db.session.commit()
            map_id, category_id = map_.id, map_.categories[0].id
            database = db.engine.url.render_as_string(hide_password=False)
        logged = []  # the server's own errors, when it is started here
        with nullcontext(urlsplit(url).port) if url else server_process(database, logged) as port:
            log, started = [], []  # started: when the work began, and how many requests the logins had made
            start = threading.Barrier(editors, timeout=300,
                                      action=lambda: started.append((time.perf_counter(), len(log), _cpu())))
            address = (urlsplit(url).hostname if url else "127.0.0.1", port)
            crowd = [Editor(n, address, map_id, category_id, start, seconds, log) for n in range(editors)]
            for editor in crowd:
                editor.start()
            for editor in crowd:
                editor.join(timeout=seconds + 300)
            elapsed = time.perf_counter() - started[0][0]
            own, busy = (after - before for after, before in zip(_cpu(), started[0][2], strict=True))
        with app.app_context():
            stored = dict(db.session.execute(select(Feature.id, Feature.title).where(Feature.map_id == map_id)).all())
    expected = {feature_id: title for editor in crowd for feature_id, title in editor.saved.items()}
    lost = [feature_id for feature_id, title in expected.items() if stored.get(feature_id) != title]
    errors = [entry for entry in log if entry[1] == "error" or entry[1] >= 500]
    rows = []
    for action in ("page", "add", "edit form", "rename", "poll"):
        times = [entry[2] * 1000 for entry in log if entry[0] == action]
        statuses = sorted({entry[1] for entry in log if entry[0] == action}, key=str)
        if times:
            rows.append([action, len(times), median(times), p95(times), ", ".join(map(str, statuses))])
    work = log[started[0][1]:]  # once every editor was in
    every = [entry[2] * 1000 for entry in work]
    rows.append(["all work", len(every), median(every), p95(every), ""])  # what the budget reads
    print(f"\nLoad on {kind}{' through ' + url if url else ''}: {editors} editors for {seconds} s "
          f"({len(work):,} requests in {elapsed:.0f} s, {len(work) / elapsed:.0f} per second)")
    print_table(["request", "n", "median ms", "p95 ms", "statuses"], rows)
    print(f"CPU meanwhile: the machine's {os.cpu_count()} cores {busy / elapsed / os.cpu_count():.0%} busy, "
          f"{own / busy:.0%} of that for the simulated editors themselves (this process)")
    print(f"items saved: {len(expected):,}; found in the database with their last title: "
          f"{len(expected) - len(lost):,}; lost: {len(lost)}; server errors: {len(errors)}")
    for (action, status, message), times in sorted(Counter((e[0], e[1], e[3]) for e in errors).items()):
        print(f"  {times} × {action}: {status} {message}")
    for message, times in Counter(logged).most_common(5):
        print(f"  server log, {times} ×: {message}")
    return [Figure(f"load, {editors} editors, requests per second", kind, len(work) / elapsed, "/s"),
            Figure(f"load, {editors} editors, p95 latency", kind, p95(every), "ms"),
            Figure(f"load, {editors} editors, errors", kind, len(errors), "", 0),
            Figure(f"load, {editors} editors, lost updates", kind, len(lost), "", 0)]


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--editors", type=int, default=50, help="simulated editors (default: %(default)s)")
    arguments.add_argument("--seconds", type=int, default=60, help="duration of the load (default: %(default)s)")
    arguments.add_argument("--url", help="the base URL of a server already running, instead of one started here")
    arguments.add_argument("--database-url", help="with --url: the SQLAlchemy URL of that server's database")
    args = arguments.parse_args(argv)
    if bool(args.url) != bool(args.database_url):
        arguments.error("--url and --database-url go together")
    print(f"Load {machine_note()}")
    if args.url:
        kind = "postgis" if args.database_url.startswith("postgresql") else "spatialite"
        return run(kind, args.editors, args.seconds, args.url, args.database_url)
    figures = []
    for kind in chosen_databases(args):
        figures += run(kind, args.editors, args.seconds)
    return figures


if __name__ == "__main__":
    main()
