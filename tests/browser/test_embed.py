"""« Intégrer à un site » in Chromium: a page of another site (another origin: a throwaway server on another port)
shows a public map in an iframe, as any visitor sees it; the map page itself, framed the same way, is refused.

The owner is logged in to the app in the same browser throughout: the other site is on the same host, so the
frame's requests carry the owner's session, and the embed must still show no tool and no name.
"""
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from app.models import Category, Feature
from tests.browser.conftest import MapPage


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder, writing no line per request (pytest would show them as the test's output)."""

    def log_message(self, *args):
        pass


@pytest.fixture
def other_site(tmp_path):
    """Another site: `publish(name, html)` puts a page there and gives its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def publish(name, body):
        (tmp_path / name).write_text("<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\">"
                                     f"<title>Site de la commune</title><h1>Notre cité</h1>{body}</html>")
        return f"http://127.0.0.1:{server.server_port}/{name}"
    yield publish
    server.shutdown()
    server.server_close()


@pytest.fixture
def owners_page(browser, sign_in, owner):
    """A page of the owner's browser, logged in to the app, that must show no script error."""
    context = sign_in(browser.new_context(locale="fr-FR", permissions=["clipboard-read", "clipboard-write"]), owner)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == []


def embedded(page):
    """The map in the page's iframe, as MapPage knows a map page."""
    page.wait_for_selector("iframe")
    frame = page.frames[1]
    return MapPage(frame, "", 0)


def test_the_sharing_panels_code_shows_the_map_in_another_sites_page(owners_page, live_server, other_site, demo_map):
    page = owners_page
    legend = Category.of_map(demo_map.id)
    chosen, left_out = legend[0], legend[1:]
    camille = MapPage(page, live_server, demo_map.id).open()
    page.get_by_role("link", name="Partage").click()
    expect(page.get_by_role("heading", name="Intégrer à un site")).to_be_visible()
    for category in left_out:
        page.locator(f"[data-embed-category='{category.id}']").uncheck()
    page.get_by_role("button", name="Copier le code").click()
    expect(page.get_by_text("Code copié.")).to_be_visible()
    code = page.evaluate("navigator.clipboard.readText()")
    assert code == page.locator("[data-embed-code]").input_value()
    assert f'/cartes/{demo_map.id}/integrer?categories={chosen.id}"' in code
    # « la vue actuelle »: the code names the centre and zoom the map shows now; unticked, the code is as before.
    view = page.get_by_label("Ouvrir sur la vue actuelle de la carte")
    view.check()
    zoom = page.evaluate("document.getElementById('map').dataset.zoom")
    expect(page.locator("[data-embed-code]")).to_have_value(re.compile(rf"&amp;lat=50\.4\d+&amp;lon=2\.8\d+&amp;zoom={zoom}\""))
    view.uncheck()
    expect(page.locator("[data-embed-code]")).to_have_value(code)

    page.goto(other_site("carte.html", code))
    frame = embedded(page).page
    camille = MapPage(frame, live_server, demo_map.id)
    mine = [f for f in Feature.listed(demo_map.id)[0] if f.category_id == chosen.id]
    camille.wait_painted(len(mine))
    expect(frame.locator("#legend")).to_contain_text(chosen.label)
    expect(frame.locator("#legend [data-category-toggle]")).to_have_count(1)
    expect(frame.locator("#features .feature-list > li")).to_have_count(len(mine))
    # Logged in as the map's owner, and yet a visitor's view: no tool, no account, no way to change anything.
    for absent in ("Modifier la légende", "Partage", "Mes collectifs", "Se déconnecter", "Corbeille"):
        expect(frame.get_by_text(absent)).to_have_count(0)
    expect(frame.get_by_role("button", name="Point")).to_have_count(0)
    frame.get_by_role("link", name=mine[0].title).first.click()
    expect(frame.locator("#detail h2")).to_have_text(mine[0].title)
    expect(frame.locator("#detail").get_by_role("link", name="Modifier", exact=True)).to_have_count(0)
    assert page.url.endswith("/carte.html") and frame.url.endswith(f"/integrer?categories={chosen.id}")


def test_the_embed_opens_on_the_view_asked_without_its_legend(owners_page, live_server, other_site, demo_map):
    page = owners_page
    src = f"{live_server}/cartes/{demo_map.id}/integrer?legende=0&lat=50.4432&lon=2.8905&zoom=18"
    page.goto(other_site("vue.html", f'<iframe src="{src}" title="Carte" width="900" height="500"></iframe>'))
    camille = embedded(page)
    camille.wait_painted()
    # This browser never opened the app but in the frame: the frame registered no offline worker.
    assert camille.page.evaluate("navigator.serviceWorker.getRegistration().then(r => r === undefined)")
    expect(camille.page.locator("#legend")).to_have_count(0)
    expect(camille.page.locator("#features")).to_be_visible()
    assert camille.page.evaluate("document.getElementById('map').dataset.zoom") == "18"
    # Items are still painted in their category's colour, read from the settings rather than the legend.
    item = next(f for f in Feature.listed(demo_map.id)[0] if f.kind == "point")
    colour = item.category.colour.lstrip("#")
    camille.show(at=[item.shape.x, item.shape.y], minZoom=18)
    camille.wait_for_colour_near(item.shape.x, item.shape.y, [int(colour[i:i + 2], 16) for i in (0, 2, 4)])


def test_the_map_page_in_another_sites_frame_is_refused(owners_page, live_server, other_site, demo_map):
    page = owners_page
    src = f"{live_server}/cartes/{demo_map.id}"
    with page.expect_console_message(lambda message: "frame-ancestors" in message.text) as refusal:
        page.goto(other_site("page.html", f'<iframe src="{src}" title="Carte" width="900" height="500"></iframe>'))
    assert "frame-ancestors 'self'" in refusal.value.text
    expect(page.locator("h1")).to_have_text("Notre cité")
    assert page.frames[1].locator("#map").count() == 0  # the browser shows its own error instead
