"""A visitor's Chromium on a public map served as in production (nginx in front of gunicorn, deploy/stack.py), on a
laptop and on a tablet: the map's items come, from the second visit on, from the file the app left for nginx
(app/published.py), and an editor's save shows at the visitor's next visit, sent by nginx too."""
import pytest

from tests.browser.conftest import MapPage
from tests.support.production import signed_in

TABLET = {"width": 768, "height": 1024}


def painted(page):
    return int(page.locator("#map").get_attribute("data-painted"))


@pytest.mark.parametrize("viewport", [None, TABLET], ids=["laptop", "tablet"])
def test_a_visitor_reads_a_public_map_from_nginx_and_sees_a_save_at_the_next_visit(page, production, owner, demo_map,
                                                                                   viewport):
    if viewport:
        page.set_viewport_size(viewport)
    layers = []
    page.on("response", lambda response: layers.append(response) if "/elements.geojson" in response.url else None)
    view = MapPage(page, production.url, demo_map.id).open()
    assert "x-request-id" in layers[-1].headers  # the first visit: the app answers, and leaves the file
    count = painted(page)
    assert count > 0

    page.reload()
    view.wait_painted(count)
    sent = layers[-1]
    assert "x-request-id" not in sent.headers and sent.headers["content-type"] == "application/geo+json"
    assert sent.request.url == layers[0].request.url  # the same view, under the same name

    editor = signed_in(production.url, owner)
    editor.get(f"/cartes/{demo_map.id}")
    saved, _ = editor.post(f"/cartes/{demo_map.id}/elements", {
        "category": demo_map.categories[0].id, "title": "Banc sous le tilleul", "description": "",
        "geometry": f'{{"type": "Point", "coordinates": [{demo_map.center_lon}, {demo_map.center_lat}]}}'})
    editor.close()
    assert saved.status == 200

    page.reload()
    view.wait_painted(count + 1)
    sent = layers[-1]
    assert "x-request-id" not in sent.headers  # made again by the save, then sent by nginx
    assert "Banc sous le tilleul" in [item["properties"]["title"] for item in sent.json()["features"]]
