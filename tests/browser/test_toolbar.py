"""The drawing tools' buttons work from the moment they can be pressed: while their script is still on its way (a
slow connection, a busy tablet), « Point » waits disabled instead of taking a tap that does nothing."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import MapPage


def test_point_waits_for_the_drawing_script_then_draws(page, live_server, sign_in, owner, demo_map):
    held = []

    def hold(route):  # a function, not the list's bound method: Playwright calls it with its own arguments
        held.append(route)

    page.route(re.compile(r"/static/js/draw(\.[0-9a-f]+)?\.js"), hold)  # the script, kept on its way
    sign_in(page.context, owner)
    view = MapPage(page, live_server, demo_map.id)
    page.goto(view.url, wait_until="commit")
    view.page.wait_for_selector("#map[data-painted]", state="attached")
    point = page.get_by_role("button", name="Point")
    expect(point).to_be_disabled()
    expect(page.get_by_role("button", name="Photo")).to_be_disabled()
    held[0].continue_()
    expect(point).to_be_enabled()
    view.draw("Point", [(2.8950, 50.4440)])
    expect(page.get_by_label("Titre")).to_be_visible()
