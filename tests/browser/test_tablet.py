"""The map page on a tablet held either way: the map first, the panel a bottom sheet, everything reachable by a
finger (no hover, targets of at least 44 px)."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MapPage


@pytest.mark.parametrize("width, height", [(768, 1024), (1024, 768)])
def test_the_panel_is_a_bottom_sheet_that_folds_away_for_the_map(browser, live_server, sign_in, owner, demo_map,
                                                                   width, height):
    context = sign_in(browser.new_context(viewport={"width": width, "height": height}, has_touch=True, is_mobile=True,
                                          locale="fr-FR"), owner)
    page = context.new_page()
    MapPage(page, live_server, demo_map.id).open()
    map_box, panel_box = page.locator("#map").bounding_box(), page.locator("#panel").bounding_box()
    assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1 and map_box["width"] == width
    for name in ("Me localiser", "Ajouter ici", "Point", "Ligne", "Zone", "Réduire"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box["height"] >= 44, name

    page.get_by_role("button", name="Réduire").tap()
    expect(page.get_by_role("button", name="Agrandir")).to_have_attribute("aria-expanded", "false")
    folded = page.locator("#map").bounding_box()["height"]
    assert folded > map_box["height"] + 0.3 * height * 0.45  # most of the sheet went to the map
    page.get_by_role("link", name="Historique").first.tap()  # whatever opens in the panel unfolds it
    expect(page.get_by_role("button", name="Réduire")).to_have_attribute("aria-expanded", "true")
    context.close()
