"""The map page on a tablet held either way: the map first, the panel a bottom sheet upright and beside the map
held sideways, everything reachable by a finger (no hover, targets of at least 44 px, « Enregistrer » always in
reach, a drawing undone or cancelled with a tap)."""
import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Feature
from tests.browser.conftest import LEAFLET, MapPage

PORTRAIT, LANDSCAPE = (768, 1024), (1024, 768)

# Every visible target a finger may tap, and its touch area: an input's is the label around it when there is one
# (a tap on the label toggles it), anything else's is its own box (a transparent border counts: it catches the tap).
# Left out: the links of the map's attribution, running text that the licence requires (« Leaflet »,
# « OpenStreetMap »), never needed in the field.
SMALL_TARGETS = """(minimum) => {
  const targets = document.querySelectorAll("button, a[href], input[type=checkbox], input[type=radio], " +
                                            "input[type=file], summary, .leaflet-marker-icon.leaflet-interactive");
  return [...targets].filter((el) => el.checkVisibility({visibilityProperty: true}) &&
                                     !el.closest(".leaflet-control-attribution, [hidden]"))
    .map((el) => {
      const label = el.matches("input") && el.closest("label");
      const box = (label || el).getBoundingClientRect();
      return {target: (el.textContent.trim() || el.getAttribute("aria-label") || el.title || el.name ||
                       el.className).slice(0, 40), width: Math.round(box.width), height: Math.round(box.height)};
    })
    .filter((t) => t.width > 0 && (t.width < minimum || t.height < minimum));
}"""


def on_tablet(browser, sign_in, owner, size):
    width, height = size
    context = sign_in(browser.new_context(viewport={"width": width, "height": height}, has_touch=True,
                                          is_mobile=True, locale="fr-FR"), owner)
    problems = []
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(str(error)))
    return context, page, problems


def assert_finger_sized(page):
    """Every target on the page is at least 44 × 44 px; the message lists those that are not."""
    small = page.evaluate(SMALL_TARGETS, 44)
    assert small == [], "\n".join(f"{t['target']!r}: {t['width']} × {t['height']}" for t in small)


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE])
def test_upright_the_panel_is_a_bottom_sheet_that_folds_away_sideways_it_is_beside_the_map(
        browser, live_server, sign_in, owner, demo_map, size):
    width, height = size
    context, page, problems = on_tablet(browser, sign_in, owner, size)
    MapPage(page, live_server, demo_map.id).open()
    map_box, panel_box = page.locator("#map").bounding_box(), page.locator("#panel").bounding_box()
    for name in ("Me localiser", "Ajouter ici", "Point", "Ligne", "Zone"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box["height"] >= 44, name
    if width > height:
        assert panel_box["x"] >= map_box["x"] + map_box["width"] - 1 and panel_box["height"] == height
        assert map_box["height"] == height and map_box["width"] >= width / 2
        expect(page.get_by_role("button", name="Réduire")).to_be_hidden()
        context.close()
        return
    assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1 and map_box["width"] == width
    page.get_by_role("button", name="Réduire").tap()
    expect(page.get_by_role("button", name="Agrandir")).to_have_attribute("aria-expanded", "false")
    folded = page.locator("#map").bounding_box()["height"]
    assert folded > map_box["height"] + 0.3 * height * 0.45  # most of the sheet went to the map
    page.get_by_role("link", name="Historique").first.tap()  # whatever opens in the panel unfolds it
    expect(page.get_by_role("button", name="Réduire")).to_have_attribute("aria-expanded", "true")
    assert problems == []
    context.close()


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE])
def test_every_target_is_a_finger_s_size_on_the_list_in_a_form_and_while_drawing(browser, live_server, sign_in,
                                                                                 owner, demo_map, size):
    context, page, problems = on_tablet(browser, sign_in, owner, size)
    view = MapPage(page, live_server, demo_map.id).open()
    assert_finger_sized(page)  # the list of items, the legend, the account's links, the map's controls
    page.get_by_role("button", name="Fonds de carte").tap()
    expect(page.locator(".leaflet-control-layers-list")).to_be_visible()
    assert_finger_sized(page)  # the basemaps to choose from
    page.get_by_role("link", name="Arbres fruitiers").first.tap()
    expect(page.locator("#detail h2")).to_contain_text("Arbres fruitiers")
    assert_finger_sized(page)  # an item, its photos and comments

    view.draw("Ligne", [(2.8900, 50.4425), (2.8920, 50.4425), (2.8940, 50.4427)], tap=True)
    expect(page.locator("#map .marker-icon").first).to_be_visible()
    assert_finger_sized(page)  # the vertices drawn so far, « Retirer le dernier point »

    view.tap_at(2.8900, 50.4425)  # a point of the line again: it is done, its form opens (with « Photo »)
    expect(page.get_by_label("Titre")).to_be_visible()
    assert_finger_sized(page)

    page.get_by_label("Titre").fill("Chemin des écoliers")
    page.get_by_role("button", name="Enregistrer").tap()
    page.get_by_role("link", name="Modifier", exact=True).tap()
    page.get_by_role("button", name="Modifier la forme sur la carte").tap()
    expect(page.locator("#map .marker-icon-middle").first).to_be_attached()
    assert_finger_sized(page)  # the line's vertices, and the handles between them that add one
    assert problems == []
    context.close()


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE])
def test_enregistrer_is_in_view_without_scrolling_in_a_long_form(browser, live_server, sign_in, owner, demo_map,
                                                                 size):
    context, page, problems = on_tablet(browser, sign_in, owner, size)
    view = MapPage(page, live_server, demo_map.id).open()
    view.draw("Point", [(2.8950, 50.4440)], tap=True)
    page.get_by_label("Description").fill("Un banc à l'ombre du tilleul.\n" * 12)  # a long description
    save = page.get_by_role("button", name="Enregistrer")
    expect(save).to_be_in_viewport(ratio=1)
    page.locator("#form-title").evaluate("title => title.scrollIntoView({block: 'start'})")  # read from its top
    expect(save).to_be_in_viewport(ratio=1)
    save.tap()
    expect(page.locator("#detail h2")).to_contain_text("Nouvel élément")  # no title: refused, and said so
    expect(page.get_by_role("button", name="Enregistrer")).to_be_in_viewport(ratio=1)
    assert problems == []
    context.close()


def test_the_add_here_button_shows_a_plus_the_installed_fonts_can_draw(browser, live_server, sign_in, owner,
                                                                       demo_map):
    context, page, problems = on_tablet(browser, sign_in, owner, PORTRAIT)
    MapPage(page, live_server, demo_map.id).open()
    add_here = page.get_by_role("button", name="Ajouter ici", exact=True)
    expect(add_here).to_have_text("Ajouter ici")  # no « ＋ », which no installed font has: it showed as a box
    expect(add_here.locator("svg[aria-hidden=true]")).to_be_visible()
    assert page.evaluate("() => document.body.textContent.includes('\\uff0b')") is False
    context.close()


def drawn_line(page):
    """The vertices of the line being drawn (the temporary line of the drawing tools)."""
    return page.evaluate("""() => {
      const draw = """ + LEAFLET + """.pm.Draw.Line;
      return draw._enabled ? draw._layer.getLatLngs().length : null;
    }""")


def test_on_a_tablet_undo_the_last_point_and_cancel_the_drawing_with_taps(browser, live_server, sign_in, owner,
                                                                         demo_map):
    context, page, problems = on_tablet(browser, sign_in, owner, PORTRAIT)
    view = MapPage(page, live_server, demo_map.id).open()
    undo, cancel = (page.get_by_role("button", name="Retirer le dernier point"),
                    page.get_by_role("button", name="Annuler le tracé"))
    expect(undo).to_be_hidden()
    view.draw("Ligne", [(2.8900, 50.4425), (2.8920, 50.4425), (2.8940, 50.4427)], tap=True)
    expect(undo).to_be_visible()
    assert drawn_line(page) == 3
    undo.tap()
    assert drawn_line(page) == 2
    view.tap_at(2.8930, 50.4430)  # the point put back elsewhere
    view.tap_at(2.8900, 50.4425)  # a point of the line again: it is done
    expect(page.get_by_label("Titre")).to_be_visible()
    page.get_by_label("Titre").fill("Sentier corrigé")
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#detail h2")).to_have_text("Sentier corrigé")
    line = db.session.query(Feature).filter_by(title="Sentier corrigé").one()
    assert len(line.shape.coords) == 3

    view.draw("Zone", [(2.8880, 50.4437), (2.8892, 50.4437)], tap=True)
    cancel.tap()
    expect(cancel).to_be_hidden()
    expect(page.locator("#draw-hint")).to_be_hidden()
    expect(page.get_by_role("button", name="Zone")).to_have_attribute("aria-pressed", "false")
    assert drawn_line(page) is None and page.evaluate(f"() => {LEAFLET}.pm.globalDrawModeEnabled()") is False
    view.tap_at(2.8900, 50.4440)  # a tap on the map no longer draws
    expect(page.get_by_label("Titre")).to_have_count(0)
    assert problems == []
    context.close()


def test_on_a_laptop_escape_cancels_the_drawing_and_backspace_undoes_the_last_point(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    view.draw("Ligne", [(2.8900, 50.4425), (2.8920, 50.4425), (2.8940, 50.4427)])
    assert drawn_line(page) == 3
    page.keyboard.press("Backspace")
    assert drawn_line(page) == 2
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")  # the first point too: the line starts afresh
    assert drawn_line(page) == 0
    expect(page.locator("#draw-hint")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#draw-hint")).to_be_hidden()
    expect(page.get_by_role("button", name="Ligne")).to_have_attribute("aria-pressed", "false")
    assert drawn_line(page) is None
    view.click_at(2.8900, 50.4440)
    expect(page.get_by_label("Titre")).to_have_count(0)
