"""What every benchmark shares: a throwaway database, the app migrated on it, a real HTTP server on
loopback, a keep-alive client, Chromium, and figures printed next to their budgets."""
import argparse
import contextlib
import gzip
import http.client
import logging
import math
import os
import re
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from flask_migrate import upgrade
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from tests.support.postgis import postgis_server

DATABASES = ("spatialite", "postgis")
# Debian's Chromium, never a downloaded one; no background traffic, since only loopback exists here.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
NUMBER = re.compile(r"^[≤ ]*-?[\d,]+(\.\d+)?( \w+)?$")  # "1,234", "12.5 ms", "≤ 80 KB"
VIEWPORT = {"width": 1280, "height": 800}  # a laptop screen: the map takes what the 25rem panel leaves


# --- Databases and the app --------------------------------------------------------------------------------

def db_choices(parser, default="both"):
    """Add `--db spatialite|postgis|both` to a script's parser."""
    parser.add_argument("--db", choices=DATABASES + ("both",), default=default,
                        help="the database to measure on (default: %(default)s)")


def chosen_databases(args):
    return DATABASES if args.db == "both" else (args.db,)


@contextlib.contextmanager
def database_url(kind):
    """A new, empty database of that kind for as long as the block runs; its SQLAlchemy URL."""
    if kind == "postgis":
        with postgis_server() as url:  # the test suite's throwaway cluster, reused as is
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="voyette-bench-") as folder:
        # The query flag skips SpatiaLite's 12 s first-connection SRID fill (see PLATFORM.md).
        yield f"sqlite:///{Path(folder) / 'bench.db'}?geoalchemy2_connect_sqlite_transaction=true"


@contextlib.contextmanager
def migrated_app(kind, **overrides):
    """The app (test configuration: local tiles, fixed key) on a new database migrated to the latest schema."""
    with database_url(kind) as url:
        app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": url, **overrides})
        logging.disable(logging.INFO)  # Alembic's "Running upgrade" lines would drown the figures
        try:
            with app.app_context():
                upgrade()
        finally:
            logging.disable(logging.NOTSET)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        app.logger.setLevel(logging.WARNING)  # nor the app's own
        try:
            yield app
        finally:
            with app.app_context():
                db.engine.dispose()  # a PostgreSQL cluster stops faster with no connection left open


# --- A real server and a client ------------------------------------------------------------------------

@dataclass
class Server:
    """A running server: its base URL, and how long the app took on each request it answered."""
    url: str
    handled: list  # (method, path, seconds inside the app), in the order the requests finished

    def mark(self):
        """A bookmark in the log of handled requests, for `since`."""
        return len(self.handled)

    def since(self, mark):
        """(method, path, ms inside the app) of the requests finished after `mark`."""
        return [(verb, path, seconds * 1000) for verb, path, seconds in self.handled[mark:]]


@contextlib.contextmanager
def serve(app):
    """Serve the app on 127.0.0.1 (a free port) from a thread; yields a Server.

    A thin WSGI wrapper times the app itself, so a figure can be split into server time and the rest
    (HTTP, queueing behind other requests, the browser).
    """
    handled = []

    def timed(environ, start_response):
        started = time.perf_counter()
        result = app(environ, start_response)
        try:
            body = b"".join(result)  # streamed static files are compressed while read out, so read them here
        finally:
            if hasattr(result, "close"):
                result.close()  # WSGI: lets Flask tear down what the response held
        handled.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], time.perf_counter() - started))
        return [body]

    server = make_server("127.0.0.1", 0, timed, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="bench-server", daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{server.server_port}", handled)
    finally:
        server.shutdown()
        thread.join(timeout=10)


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes          # as sent on the wire (gzip when the server compressed it)
    seconds: float       # from sending the request to the last byte of the body

    @property
    def text(self):
        data = gzip.decompress(self.body) if self.headers.get("content-encoding") == "gzip" else self.body
        return data.decode()


class Client:
    """A keep-alive HTTP/1.1 client from the standard library that accepts gzip, as a browser does."""

    def __init__(self, base_url):
        host, port = base_url.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=120)

    def get(self, path, headers=None):
        started = time.perf_counter()
        try:
            response = self._ask(path, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle keep-alive connection (gunicorn after 2 s): a browser opens another.
            self.connection.close()
            response = self._ask(path, headers)
        body = response.read()
        seconds = time.perf_counter() - started
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body, seconds)

    def _ask(self, path, headers):
        self.connection.request("GET", path, headers={"Accept-Encoding": "gzip", **(headers or {})})
        return self.connection.getresponse()

    def close(self):
        self.connection.close()


# --- Chromium ------------------------------------------------------------------------------------------

@contextlib.contextmanager
def chromium():
    """Debian's Chromium driven by Playwright (never `playwright install`: there is no internet)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, app, base_url, user_id):
    """Give the page's context the session cookie that logging in as that account would set."""
    value = app.session_interface.get_signing_serializer(app).dumps({"_user_id": str(user_id), "_fresh": True})
    page.context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": base_url}])
    return page


def new_page(browser, **context_options):
    """A page in a fresh context: empty cache and cookies, so each navigation is a cold one."""
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR", **context_options)
    context.set_default_timeout(60_000)  # bounded: a broken page fails the run instead of hanging it
    return context.new_page()


# --- Figures -------------------------------------------------------------------------------------------

def signed_in_client(app, user_id):
    """Flask's test client with that account's session, for timing a route without a network in between."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(user_id), True
    return client


def time_download(client, path, runs, **request):
    """(median seconds, bytes) of answering GET `path` `runs` times; a refusal stops the benchmark."""
    seconds, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, **request)
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        size = len(response.data)
    return median(seconds), size


def median(samples):
    return statistics.median(samples)


def p95(samples):
    """Nearest-rank 95th percentile: a value that was really observed."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class Figure:
    """One measured value, with its budget from DESIGN.md (same unit) when there is one."""
    measure: str
    db: str
    value: float
    unit: str
    budget: float | None = None
    note: str = ""

    @property
    def verdict(self):
        if self.budget is None:
            return ""
        return "ok" if self.value <= self.budget else "OVER"


def print_table(headers, rows):
    """Rows of cells as an aligned text table; columns of numbers are right-aligned."""
    rows = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(str(h))] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    numeric = [any(r[i] for r in rows) and all(NUMBER.match(r[i]) for r in rows if r[i])
               for i in range(len(headers))]

    def line(cells):
        return "  ".join(c.rjust(w) if n else c.ljust(w) for c, w, n in zip(cells, widths, numeric, strict=True))

    print(line([str(h) for h in headers]).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row).rstrip(), flush=True)


def print_figures(figures, title=None):
    """The standard summary: measure, database, value, budget, verdict."""
    if title:
        print(f"\n== {title} ==")
    print_table(["measure", "db", "value", "budget", "", "note"],
                [[f.measure, f.db, f"{_number(f.value)} {f.unit}", f"≤ {_number(f.budget)} {f.unit}"
                  if f.budget is not None else "", f.verdict, f.note] for f in figures])


def _number(value):
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"


def _cell(value):
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


def machine_note():
    """How busy the machine is: on 2 cores, any other process shows in every timing here."""
    one, five, _fifteen = os.getloadavg()
    return f"({os.cpu_count()} CPUs, load average {one:.2f} over 1 min, {five:.2f} over 5 min)"


def parser(description):
    """An argument parser whose help is the script's docstring."""
    return argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
