"""A diagnostic en marchant on a tablet: start it, walk (the GPS moves), note an item, reload, end it, read the
report."""
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from playwright.sync_api import expect

from app.extensions import db
from app.models import Feature, Walk
from tests.browser.conftest import MapPage

# Along the rue de la cité d'Orient, 25 to 30 m apart: where the tablet's GPS says it is, one fix after another.
WALKED = [(2.8890, 50.4430), (2.8893, 50.4431), (2.8897, 50.4432), (2.8901, 50.4433), (2.8905, 50.4435)]
TABLET = {"viewport": {"width": 768, "height": 1024}, "has_touch": True, "is_mobile": True, "locale": "fr-FR",
          "permissions": ["geolocation"]}


def at(lon, lat, accuracy=5):
    return {"longitude": lon, "latitude": lat, "accuracy": accuracy}


@pytest.fixture
def tablet(browser, sign_in, owner):
    """A tablet whose GPS stands at the start of the walk, as the owner; no script error, no policy violation."""
    context = sign_in(browser.new_context(geolocation=at(*WALKED[0]), **TABLET), owner)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    yield context, page
    context.close()
    assert problems == []


def walk_to(context, page, lon, lat, count, accuracy=5):
    """The GPS moves (watchPosition fires) and the panel counts one more position."""
    context.set_geolocation(at(lon, lat, accuracy))
    expect(page.locator("[data-walk-positions]")).to_have_text(str(count))


def test_a_walk_records_its_route_links_the_item_noted_and_ends_in_a_report(tablet, live_server, demo_map):
    context, page = tablet
    view = MapPage(page, live_server, demo_map.id).open()
    page.get_by_role("link", name="Marches").tap()
    page.get_by_role("link", name="Démarrer une marche").tap()
    page.get_by_label("Animateur ou animatrice").fill("Lucie Dumont")
    page.get_by_label("Nombre de participants").fill("14")
    page.get_by_label("Thème").fill("Les jardins du fond de parcelle")
    page.get_by_role("button", name="Démarrer la marche").tap()

    panel = page.locator("#detail")
    expect(panel.locator("h2")).to_contain_text("Diagnostic en marchant du")
    expect(page.get_by_role("button", name="Terminer la marche")).to_be_visible()
    assert page.get_by_role("button", name="Terminer la marche").bounding_box()["height"] >= 44
    expect(page.locator("[data-walk-positions]")).to_have_text("1")  # where the walk starts
    expect(panel.locator("[data-walk-gps]")).to_contain_text("GPS actif")
    walk_to(context, page, *WALKED[1], count=2)
    context.set_geolocation(at(2.8894, 50.4431, accuracy=120))  # a wild fix: not kept
    context.set_geolocation(at(*WALKED[1]))  # standing still: not kept either
    walk_to(context, page, *WALKED[2], count=3)
    expect(page.locator("[data-walk-distance]")).to_have_text(re.compile(r"^[45]\d m$"))

    # An item noted on the way: the form is linked to the walk without anyone asking.
    view.draw("Point", [(2.8950, 50.4440)], tap=True)
    expect(page.locator("#detail input[name=walk]")).to_have_value(str(Walk.of_map(demo_map.id)[0].id))
    page.get_by_label("Titre").fill("Banc cassé près de l'école")
    page.get_by_role("button", name="Enregistrer").tap()
    expect(panel.locator("h2")).to_have_text("Banc cassé près de l'école")

    # The page is reloaded (or the tab closed and opened again): the recording goes on where it was.
    page.reload()
    view.wait_painted()
    page.get_by_role("link", name="Marche en cours").tap()
    expect(panel.locator("#walk-noted")).to_contain_text("1 élément noté")
    expect(page.locator("[data-walk-positions]")).to_have_text("3")
    walk_to(context, page, *WALKED[3], count=4)
    walk_to(context, page, *WALKED[4], count=5)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Terminer la marche").tap()
    expect(panel).to_contain_text("Marche terminée")
    page.wait_for_function("() => !Object.keys(localStorage).some(key => key.startsWith('voyette-walk'))")

    db.session.expire_all()
    walk = Walk.of_map(demo_map.id)[0]
    assert not walk.is_running
    assert [tuple(round(v, 7) for v in position) for position in walk.route_shape.coords] == WALKED
    noted = db.session.query(Feature).filter_by(title="Banc cassé près de l'école").one()
    assert noted.walk_id == walk.id

    page.get_by_role("link", name="Compte rendu à imprimer").tap()
    expect(page.locator("h1")).to_contain_text("Diagnostic en marchant du")
    report_map = page.locator("#walk-map")
    expect(report_map).to_have_attribute("data-drawn", "5")
    expect(report_map.locator("path.leaflet-interactive")).to_have_count(1)  # the route
    expect(report_map.locator(".walk-marker")).to_have_text("19")  # the item noted, by its number
    expect(page.locator(".walk-items")).to_contain_text("Banc cassé près de l'école")
    expect(page.locator(".walk-counts li")).to_have_count(1)
    expect(page.locator(".walk-counts li")).to_contain_text(noted.category.label)
    expect(page.locator(".walk-counts .count")).to_have_text("1")
    expect(page.locator(".walk-facts")).to_contain_text("Lucie Dumont")

    page.evaluate("() => { window.print = () => { document.body.dataset.printed = 'yes'; }; }")
    page.get_by_role("button", name="Imprimer").tap()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Imprimer")).to_be_hidden()
    expect(report_map).to_be_visible()


def test_a_route_drawn_after_the_walk_with_taps_on_the_map(tablet, live_server, demo_map):
    """No GPS during the walk: the facilitator draws the route afterwards, a tap at each turn."""
    walk = Walk.start(demo_map, date(2026, 5, 12), "Lucie Dumont", 9)
    walk.end()
    db.session.commit()
    _context, page = tablet
    view = MapPage(page, live_server, demo_map.id).open()
    page.get_by_role("link", name="Marches").tap()
    page.get_by_role("link", name=re.compile("Marche du 12 mai 2026")).tap()
    expect(page.locator(".walk-facts")).to_contain_text("parcours non enregistré")
    page.get_by_role("button", name="Dessiner le parcours").tap()
    expect(page.locator("[data-walk-draw-hint]")).to_be_visible()
    for lon, lat in WALKED[::2]:
        view.tap_at(lon, lat)
    page.get_by_role("button", name="Enregistrer le parcours").tap()
    expect(page.locator("#detail")).to_contain_text("Parcours enregistré.")
    expect(page.locator(".walk-facts")).to_contain_text(re.compile(r"Distance parcourue\s*1\d\d m"))
    db.session.refresh(walk)
    drawn = list(walk.route_shape.coords)
    assert len(drawn) == 3
    for (lon, lat), (expected_lon, expected_lat) in zip(drawn, WALKED[::2], strict=True):
        assert abs(lon - expected_lon) < 0.00005 and abs(lat - expected_lat) < 0.00005  # within a few metres


def test_ending_a_walk_asks_first_and_the_report_gives_its_start_and_end(tablet, live_server, demo_map):
    walk = Walk.start(demo_map, date.today(), "Lucie Dumont", 9)
    walk.started_at = datetime(2026, 5, 12, 12, 5, tzinfo=UTC)  # 14:05 in Paris
    db.session.commit()
    _context, page = tablet
    MapPage(page, live_server, demo_map.id).open()
    page.get_by_role("link", name="Marches").tap()
    page.get_by_role("link", name=re.compile("Marche du")).tap()
    page.get_by_role("button", name="Enregistrer le parcours sur cette tablette").tap()
    expect(page.locator("[data-walk-positions]")).to_have_text("1")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_role("button", name="Terminer la marche").tap()
    expect(page.locator("[data-walk-positions]")).to_have_text("1")
    assert questions == ["Terminer la marche ? Le parcours ne sera plus enregistré."]
    db.session.refresh(walk)
    assert walk.is_running

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Terminer la marche").tap()
    expect(page.locator("#detail")).to_contain_text("Marche terminée")
    db.session.refresh(walk)
    ended = format_datetime(walk.ended_at.astimezone(ZoneInfo("Europe/Paris")), "HH:mm")
    expect(page.locator(".walk-facts")).to_contain_text(re.compile(r"Début\s*12 mai 2026 à 14:05"))
    expect(page.locator(".walk-facts")).to_contain_text(re.compile(r"Fin\s*\d+ \S+ \d{4} à " + ended))
