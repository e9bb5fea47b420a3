"""Real Chromium (Debian's, never a downloaded one) against the app served from a thread on loopback."""
import io
import logging
import re
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1280, "height": 800}}


class Discarded(io.TextIOBase):
    """An error stream that keeps nothing."""

    def write(self, text):
        return len(text)


DISCARDED = Discarded()


class InFlight:
    """The app, counting the requests it is answering. A request still running when the next test empties the
    tables (a poll sent just before its page closed) could deadlock with that on PostgreSQL, so each test ends only
    once they are done.

    Its error stream, where the app writes its JSON lines (app/logs.py), keeps nothing: they come from the server's
    threads whenever a page asks, a poll of the previous test's page too, and pytest would print them as the lines
    of whichever test runs then. Its warnings and errors still reach pytest's log capture, by the root logger."""

    def __init__(self, app):
        self.app, self.count, self.changed = app, 0, threading.Condition()

    def __call__(self, environ, start_response):
        environ["wsgi.errors"] = DISCARDED
        with self.changed:
            self.count += 1
        result = self.app(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            if hasattr(result, "close"):
                result.close()  # ends the request's application context, and with it its transaction
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_until_idle(self, timeout=10):
        with self.changed:
            self.changed.wait_for(lambda: self.count == 0, timeout)


@pytest.fixture(scope="session")
def served(app):
    """The app served with threads like a real server: its base URL, and its requests in flight."""
    in_flight = InFlight(app)
    # The test server's own line per request (its path whole) is not the product's: the app writes its own.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, in_flight, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", in_flight
    server.shutdown()


@pytest.fixture(scope="session")
def live_server(served):
    """The base URL of the app."""
    return served[0]


@pytest.fixture(autouse=True)
def _requests_done_before_the_next_test(request):
    """Set up before the test's pages, so torn down after them: then no request of theirs can still be running.
    A context the test opened and did not close (it failed first) is closed here: its pages would go on polling
    (presence every 15 s) into the next tests' tables."""
    yield
    if "live_server" in request.fixturenames:
        if "browser" in request.fixturenames:
            for context in request.getfixturevalue("browser").contexts:
                context.close()
        request.getfixturevalue("served")[1].wait_until_idle()


# The Leaflet map, lent by map.js to whoever asks it (voyette:map), to turn a place into a pixel of the page.
LEAFLET = """(() => {
    const ask = new CustomEvent('voyette:map', {detail: {}});
    document.getElementById('map').dispatchEvent(ask);
    return ask.detail.map;
})()"""

# Whether a colour is painted on the map's canvas near a place (lon, lat, [r, g, b], radius in CSS pixels).
COLOUR_NEAR = """(lon, lat, rgb, radius) => {
    const map = """ + LEAFLET + """, p = map.latLngToContainerPoint([lat, lon]);
    const mapBox = map.getContainer().getBoundingClientRect();
    return [...document.querySelectorAll('#map canvas')].some(canvas => {
        const box = canvas.getBoundingClientRect(), scale = canvas.width / box.width;
        const x = (p.x + mapBox.left - box.left - radius) * scale, y = (p.y + mapBox.top - box.top - radius) * scale;
        const data = canvas.getContext('2d').getImageData(x, y, 2 * radius * scale, 2 * radius * scale).data;
        for (let i = 0; i < data.length; i += 4) {
            if (Math.abs(data[i] - rgb[0]) < 8 && Math.abs(data[i + 1] - rgb[1]) < 8
                && Math.abs(data[i + 2] - rgb[2]) < 8) return true;
        }
        return false;
    });
}"""


class MapPage:
    """What a person sees and does on a map page, in terms of the page (pixels, not coordinates in code)."""

    def __init__(self, page, base, map_id):
        self.page, self.url = page, f"{base}/cartes/{map_id}"

    def open(self, path=""):
        self.page.goto(self.url + path)
        self.wait_painted()
        return self

    def wait_painted(self, count=None):
        selector = "#map[data-painted]" if count is None else f'#map[data-painted="{count}"]'
        self.page.wait_for_selector(selector, state="attached")
        # The items may be painted before the page's later deferred scripts have run (layer_start.js asks for them
        # first): a person acts once the page is there, so wait for every script. They run before DOMContentLoaded,
        # but after the document reads « interactive »: the event itself is what says they have.
        self.page.wait_for_load_state("domcontentloaded")

    def point_at(self, lon, lat):
        """Page pixel position of a place on the map."""
        return self.page.evaluate("""([lon, lat]) => {
            const el = document.getElementById('map'), p = """ + LEAFLET + """.latLngToContainerPoint([lat, lon]);
            const box = el.getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""", [lon, lat])

    def wait_for_colour_near(self, lon, lat, rgb, present=True, radius=20):
        """Wait until the map's canvas shows (or no longer shows) this colour within `radius` px of a place."""
        self.page.wait_for_function(f"([args, present]) => ({COLOUR_NEAR})(...args) === present",
                                    arg=[[lon, lat, list(rgb), radius], present])

    def click_at(self, lon, lat):
        x, y = self.point_at(lon, lat)
        self.page.mouse.click(x, y)

    def open_item(self, title):
        """Open an item from the list, by (part of) its title."""
        self.page.get_by_role("link", name=re.compile(title)).first.click()
        expect(self.page.locator("#detail h2")).to_contain_text(title)

    def rename(self, title):
        """« Modifier », type a new title, « Enregistrer », and see it saved in the panel."""
        self.page.get_by_role("link", name="Modifier", exact=True).click()
        self.page.get_by_label("Titre").fill(title)
        self.page.get_by_role("button", name="Enregistrer").click()
        expect(self.page.locator("#detail h2")).to_have_text(title)

    def show(self, **view):
        """Move the map as map.js's voyette:view does: `at=[lon, lat], minZoom=…` or `bbox=[w, s, e, n]`."""
        self.page.evaluate("view => document.getElementById('map').dispatchEvent("
                           "new CustomEvent('voyette:view', {detail: view}))", view)

    def draw(self, tool, points, tap=False):
        """Press « Point », « Ligne » or « Zone », wait for the drawing tools, then click (or tap) each place."""
        button = self.page.get_by_role("button", name=tool)
        button.tap() if tap else button.click()
        self.page.wait_for_selector("#map[data-editor=ready]", state="attached")
        for lon, lat in points:
            (self.tap_at if tap else self.click_at)(lon, lat)

    def tap_at(self, lon, lat):
        x, y = self.point_at(lon, lat)
        self.page.touchscreen.tap(x, y)


@pytest.fixture
def sign_in(app, live_server):
    """Log a browser context in as an account, with the session cookie the login form would have set."""
    def sign_in(context, user):
        value = app.session_interface.get_signing_serializer(app).dumps({"_user_id": str(user.id), "_fresh": True})
        context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}])
        return context
    return sign_in


@pytest.fixture
def map_page(page, live_server, sign_in, owner):
    """A map page, as the owner of its collective, whose browser console must show no security-policy
    violation and no script error."""
    sign_in(page.context, owner)
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield lambda map_id: MapPage(page, live_server, map_id)
    assert problems == []
