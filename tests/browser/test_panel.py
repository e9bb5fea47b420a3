"""A person goes from one page of the side panel to the next: each opens in the panel, in place of the last."""
import re

from playwright.sync_api import expect

from app.extensions import db
from app.models import Comment, Feature

THREAD_SHOWN = 100  # the comments a thread shows; past them, it links to the item's history


def test_a_long_thread_s_history_link_opens_in_the_panel_and_the_panel_goes_on(map_page, demo_map):
    loft = next(f for f in Feature.listed(demo_map.id)[0] if f.title.startswith("Le dernier pigeonnier"))
    for n in range(THREAD_SHOWN + 1):
        Comment.add(loft, f"Souvenir n° {n}", author="Mireille")
    db.session.commit()
    view = map_page(demo_map.id).open()
    page = view.page
    page.locator("#features").get_by_role("link", name=re.compile("Le dernier pigeonnier")).click()
    thread = page.locator("#comment-thread")
    expect(thread).to_contain_text(f"Les {THREAD_SHOWN} derniers sur {THREAD_SHOWN + 1}")
    thread.get_by_role("link", name="Historique").click()
    expect(page.locator("#detail h2")).to_have_text("Historique de l'élément 14")
    expect(page).to_have_url(re.compile(r"/historique\?element=\d+$"))
    page.locator("#detail").get_by_role("link", name="Toute la carte").click()  # the panel is still there
    expect(page.locator("#detail h2")).to_have_text("Historique de la carte")
    page.go_back()
    expect(page.locator("#detail h2")).to_have_text("Historique de l'élément 14")


def test_the_map_s_tools_open_in_the_panel_and_the_back_button_returns(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    page.locator(".map-nav").get_by_role("link", name="Marches").click()
    expect(page.locator("#detail h2")).to_have_text("Diagnostics en marchant")
    expect(page).to_have_url(re.compile(r"/marches$"))
    page.locator(".map-nav").get_by_role("link", name="Exporter").click()
    expect(page.locator("#detail h2")).to_have_text("Exporter les éléments de la carte")
    expect(page.locator("#features .feature-list > li")).to_have_count(18)  # the list beside it, untouched
    page.go_back()
    expect(page.locator("#detail h2")).to_have_text("Diagnostics en marchant")
