"""A diagnostic en marchant on a tablet: start it, walk (the GPS moves), note an item, reload, end it, read the
report."""
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from playwright.sync_api import expect

from app.extensions import db
from app.models import Feature, Walk
from tests.browser.conftest import MapPage

# Along the rue de la cité d'Orient, 25 to 30 m apart: where the tablet's GPS says it is, one fix after another.
WALKED = [(2.8890, 50.4430), (2.8893, 50.4431), (2.8897, 50.4432), (2.8901, 50.4433), (2.8905, 50.4435)]
FURTHER = (2.8909, 50.4436)
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
    expect(report_map.locator("g.route path")).to_have_count(1)  # the route, drawn whole
    assert report_map.locator("g.route path").get_attribute("d").count("L") == 4  # its 5 positions
    expect(report_map.locator("g.number text")).to_have_text("19")  # the item noted, by its number
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


# A screen wake lock as the browser gives it (or refuses it): what the page asks is written down in window.wakeLog.
WAKE_LOCK = """(answer) => {
  window.wakeLog = [];
  if (answer === "missing") {
    Object.defineProperty(Navigator.prototype, "wakeLock", { get: () => undefined });
    return;
  }
  let held = null;
  const lock = { request(type) {
    window.wakeLog.push("request " + type);
    if (answer === "refused") return Promise.reject(new DOMException("Batterie faible", "NotAllowedError"));
    const sentinel = new EventTarget();
    sentinel.release = () => {
      if (held !== sentinel) return Promise.resolve();
      held = null;
      window.wakeLog.push("release");
      sentinel.dispatchEvent(new Event("release"));
      return Promise.resolve();
    };
    held = sentinel;
    return Promise.resolve(sentinel);
  } };
  Object.defineProperty(Navigator.prototype, "wakeLock", { get: () => lock });
  // As the browser does: a page hidden (the screen asleep) loses its lock.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && held) held.release();
  });
}"""

# The screen goes to sleep and wakes: the page is hidden, then visible, as the browser tells it.
SCREEN = """() => {
  window.asleep = false;
  Object.defineProperty(Document.prototype, "visibilityState", { get: () => window.asleep ? "hidden" : "visible" });
  Object.defineProperty(Document.prototype, "hidden", { get: () => window.asleep });
}"""


def screen(page, asleep):
    page.evaluate("(asleep) => { window.asleep = asleep; document.dispatchEvent(new Event('visibilitychange')); }",
                  asleep)


def record_here(page, live_server, demo_map):
    """Open the running walk and record it on this tablet."""
    view = MapPage(page, live_server, demo_map.id).open()
    page.get_by_role("link", name="Marches").tap()
    page.get_by_role("link", name=re.compile("Marche du")).tap()
    page.get_by_role("button", name="Enregistrer le parcours sur cette tablette").tap()
    expect(page.locator("[data-walk-positions]")).to_have_text("1")
    return view


def end_walk(page):
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Terminer la marche").tap()
    expect(page.locator("#detail")).to_contain_text("Marche terminée")


def test_the_screen_stays_awake_and_a_sleep_breaks_the_route_where_it_slept(tablet, live_server, demo_map):
    walk = Walk.start(demo_map, date.today(), "Lucie Dumont", 9)
    db.session.commit()
    context, page = tablet
    page.add_init_script(f"({WAKE_LOCK})('granted')")
    page.add_init_script(f"({SCREEN})()")
    record_here(page, live_server, demo_map)
    expect(page.locator("[data-walk-screen]")).to_have_text("L'écran reste allumé pendant la marche.")
    assert page.evaluate("window.wakeLog") == ["request screen"]
    walk_to(context, page, *WALKED[1], count=2)
    walk_to(context, page, *WALKED[2], count=3)

    screen(page, asleep=True)  # the lock goes with the screen; a fix that comes meanwhile is not the route's
    context.set_geolocation(at(*WALKED[3]))
    page.wait_for_function("() => window.wakeLog.length === 2")
    with page.expect_response(lambda response: response.url.endswith("/trace")  # the break sent as it ends
                              and '"after":3' in (response.request.post_data or "")):
        screen(page, asleep=False)
    expect(page.locator("[data-walk-slept]")).to_have_text(
        re.compile(r"^Tracé interrompu de \d\d:\d\d à \d\d:\d\d \(écran en veille\) : le parcours n'a pas pu"))
    expect(page.locator("[data-walk-screen]")).to_have_text("L'écran reste allumé pendant la marche.")
    assert page.evaluate("window.wakeLog") == ["request screen", "release", "request screen"]  # asked again
    expect(page.locator("[data-walk-positions]")).to_have_text("3")
    db.session.refresh(walk)
    assert [gap["after"] for gap in walk.route_breaks] == [3]
    walk_to(context, page, *WALKED[4], count=4)
    walk_to(context, page, *FURTHER, count=5)

    end_walk(page)
    page.wait_for_function("() => window.wakeLog.at(-1) === 'release'")  # the walk over, the screen may sleep again
    db.session.refresh(walk)
    assert [tuple(round(v, 7) for v in p) for p in walk.route_shape.coords] == [*WALKED[:3], WALKED[4], FURTHER]
    assert [gap["after"] for gap in walk.route_breaks] == [3]
    (began, ended), = walk.breaks
    paris = ZoneInfo("Europe/Paris")
    said = f"Tracé interrompu de {began.astimezone(paris):%H:%M} à {ended.astimezone(paris):%H:%M} (écran en veille)"
    expect(page.locator("#detail .walk-break")).to_have_text(said)

    page.get_by_role("link", name="Compte rendu à imprimer").tap()
    expect(page.locator(".walk-break")).to_have_text(said)
    report_map = page.locator("#walk-map")
    route = report_map.locator("g.route path:not([stroke-dasharray])").get_attribute("d")
    assert route.count("M") == 2 and route.count("L") == 3  # the route in two pieces around the sleep: 5 positions
    expect(report_map.locator('g.route path[stroke-dasharray="2 8"]')).to_have_count(1)  # the gap, dashed


@pytest.mark.parametrize("answer", ["refused", "missing"])
def test_a_screen_that_may_sleep_is_said_plainly(tablet, live_server, demo_map, answer):
    Walk.start(demo_map, date.today(), "Lucie Dumont", 9)
    db.session.commit()
    _context, page = tablet
    page.add_init_script(f"({WAKE_LOCK})('{answer}')")
    record_here(page, live_server, demo_map)
    expect(page.locator("[data-walk-screen]")).to_have_text(
        "L'écran peut se mettre en veille : le tracé s'arrêtera pendant la veille. Gardez l'écran allumé.")
    assert page.evaluate("window.wakeLog") == ([] if answer == "missing" else ["request screen"])


def test_an_item_placed_by_gps_shows_its_accuracy_and_the_report_its_comments(tablet, live_server, demo_map):
    Walk.start(demo_map, date.today(), "Lucie Dumont", 9)
    db.session.commit()
    context, page = tablet
    context.set_geolocation(at(*WALKED[0], accuracy=8))
    record_here(page, live_server, demo_map)
    walk_to(context, page, *WALKED[1], count=2, accuracy=8)
    page.get_by_role("button", name="Me localiser").tap()
    expect(page.locator("[data-gps-status]")).to_have_text("Position à ± 8 m")
    page.get_by_role("button", name="Ajouter ici").tap()
    page.get_by_label("Titre").fill("Poirier de la voyette")
    page.get_by_role("button", name="Enregistrer").tap()
    panel = page.locator("#detail")
    expect(panel.locator("h2")).to_have_text("Poirier de la voyette")
    expect(panel.locator(".gps-accuracy")).to_have_text("Placé par GPS, précision : ± 8 m")
    page.get_by_role("textbox", name="Commentaire").fill("<b>Vu</b> par Mme Kaci : il donne encore")
    page.get_by_role("button", name="Commenter").tap()
    expect(panel.locator(".comment-list")).to_contain_text("<b>Vu</b> par Mme Kaci")

    page.get_by_role("link", name="Marche en cours").tap()
    end_walk(page)
    item = panel.locator(".walk-items > li")
    expect(item.locator(".gps-accuracy")).to_have_text("GPS ± 8 m")
    expect(item.locator(".walk-comments li")).to_contain_text("<b>Vu</b> par Mme Kaci : il donne encore")
    expect(item.locator(".walk-comments b")).to_have_count(0)  # text, never markup
    expect(panel.locator(".walk-facts")).to_contain_text(re.compile(r"Précision GPS du parcours\s*± 8 m en général"))

    page.get_by_role("link", name="Compte rendu à imprimer").tap()
    expect(page.locator(".walk-items .gps-accuracy")).to_have_text("GPS ± 8 m")
    expect(page.locator(".walk-comments li")).to_contain_text("<b>Vu</b> par Mme Kaci : il donne encore")

    page.go_back()
    view = MapPage(page, live_server, demo_map.id).open()
    view.page.get_by_role("link", name="Exporter").tap()
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger").tap()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    fields = {f["properties"]["titre"]: f["properties"]["precision_gps_m"] for f in exported["features"]}
    assert fields.pop("Poirier de la voyette") == 8 and set(fields.values()) == {None}
