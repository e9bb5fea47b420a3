"""« Intégrer à un site » (issue 16): a public map's read-only view for another site's iframe, `/cartes/N/integrer`.

It is shown to the public, so it is a visitor's view whoever asks (a logged-in member too): no names, no tools, no
account links, no cookie set; only a public map has one (a link-only map must not be framed by a third site). Its
options (legend, categories, initial view) are read from the query string, a bad value left out, never echoed.
"""
import json
import re

import pytest
from shapely.geometry import Point

from app.extensions import db
from app.models import Category, Comment, Feature
from tests.conftest import HX, log_in
from tests.test_authorization import framers

MEMBER = "Apolline Verdier"


def embed(client, map_id, query=""):
    return client.get(f"/cartes/{map_id}/integrer{query}")


def config_of(page):
    """The map's settings, as map.js reads them from the page."""
    return json.loads(re.search(r"data-config='([^']+)'", page).group(1).replace("&#34;", '"').replace("&amp;", "&"))


def test_a_public_map_is_shown_read_only_with_its_legend_and_list(anonymous, demo_map):
    response = embed(anonymous, demo_map.id)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="legend"' in page and 'id="features"' in page and 'id="map"' in page
    assert "js/map." in page and "js/layer." in page and "js/layer_start." in page  # the map page's own scripts
    for tool in ("data-draw=", "Se connecter", "Créer un compte", "Corbeille", "Partage", "Importer", 'id="presence"',
                 "data-locate"):
        assert tool not in page, tool
    assert 'target="_blank"' in page  # a link followed leaves the frame for a tab of its own
    assert "Set-Cookie" not in response.headers  # no session: a third site's frame may have none


@pytest.mark.parametrize("visibility", ["private", "link"])
def test_only_a_public_map_has_an_embed_even_for_its_members(client, anonymous, demo_map, visibility):
    demo_map.visibility = visibility
    db.session.commit()
    assert embed(client, demo_map.id).status_code == 404
    assert embed(anonymous, demo_map.id, f"?cle={demo_map.share_token}").status_code == 404


def test_a_member_sees_the_embed_as_any_visitor_does(app, demo_map, member):
    editor = member(MEMBER, "editor")
    feature = Feature.listed(demo_map.id)[0][0]
    Comment.add(feature, "Je passe demain", author=MEMBER)
    db.session.commit()
    client = app.test_client()
    log_in(client, editor.id)
    page = embed(client, demo_map.id).get_data(as_text=True)
    assert "Modifier la légende" not in page and MEMBER not in page and "Mes collectifs" not in page
    # What the embedded page then asks through htmx carries its mark, and is a visitor's too.
    assert '"Voyette-Embed": "1"' in page
    asked = {"Voyette-Embed": "1", **HX}
    detail = client.get(f"/cartes/{demo_map.id}/elements/{feature.id}", headers=asked).text
    comments = client.get(f"/cartes/{demo_map.id}/elements/{feature.id}/commentaires", headers=asked).text
    assert "Modifier" not in detail and "Supprimer" not in detail
    assert MEMBER not in comments and "un membre" in comments
    assert MEMBER in client.get(f"/cartes/{demo_map.id}/elements/{feature.id}/commentaires", headers=HX).text


def test_the_legend_can_be_left_out(anonymous, demo_map):
    page = embed(anonymous, demo_map.id, "?legende=0").get_data(as_text=True)
    assert 'id="legend"' not in page and 'id="features"' in page
    assert config_of(page)["legend"]  # the colours of the items, for the layer


def test_a_subset_of_categories_is_shown_alone(anonymous, demo_map):
    legend = Category.of_map(demo_map.id)
    chosen = legend[0]
    others = legend[1:]
    page = embed(anonymous, demo_map.id, f"?categories={chosen.id}").get_data(as_text=True)
    assert f'data-category-toggle="{chosen.id}"' in page
    assert all(f'data-category-toggle="{c.id}"' not in page for c in others)
    assert config_of(page)["categories"] == [chosen.id]
    listed = re.findall(r'data-feature-id="(\d+)"', page)
    mine = {str(f.id) for f in Feature.listed(demo_map.id)[0] if f.category_id == chosen.id}
    assert listed and set(listed) == mine
    # The list's own refresh and its next page keep to them.
    refreshed = anonymous.get(f"/cartes/{demo_map.id}/elements?categories={chosen.id}", headers=HX).text
    assert set(re.findall(r'data-feature-id="(\d+)"', refreshed)) == mine
    assert f"categories={chosen.id}" in re.search(r'<section id="features"[^>]*>', page).group(0)


def test_the_initial_view_is_the_one_asked(anonymous, demo_map):
    config = config_of(embed(anonymous, demo_map.id, "?lat=50.44&lon=2.9&zoom=15").get_data(as_text=True))
    assert (config["center"], config["zoom"]) == ([2.9, 50.44], 15)


@pytest.mark.parametrize("query", [
    "?lat=91&lon=2.9&zoom=15", "?lat=abc&lon=2.9&zoom=15", "?lat=50.44&lon=2.9&zoom=99", "?lat=50.44&zoom=15",
    "?lat=nan&lon=inf&zoom=15", "?legende=peut-etre", "?categories=abc,<script>", "?categories=99999999999",
    "?lat=<b>50</b>&lon=2&zoom=3",
])
def test_bad_options_are_left_out_and_never_echoed(anonymous, demo_map, query):
    response = embed(anonymous, demo_map.id, query)
    page = response.get_data(as_text=True)
    config = config_of(page)
    assert response.status_code == 200
    assert (config["center"], config["zoom"]) == ([demo_map.center_lon, demo_map.center_lat], demo_map.zoom)
    assert config["categories"] is None and 'id="legend"' in page
    assert "<script>" not in page and "<b>50" not in page and "99999999999" not in page


def test_a_category_of_another_map_is_left_out(anonymous, demo_map, empty_map):
    other = Category.of_map(empty_map.id)[0]
    config = config_of(embed(anonymous, demo_map.id, f"?categories={other.id}").get_data(as_text=True))
    assert config["categories"] is None


def test_only_the_embed_may_be_framed_by_another_site(anonymous, demo_map):
    framed = embed(anonymous, demo_map.id)
    assert framers(framed) == "*"
    assert "X-Frame-Options" not in framed.headers
    page = anonymous.get(f"/cartes/{demo_map.id}")
    assert framers(page) == "'self'"
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"


def site_with(origins):
    """A bare Flask app with the app's security headers for VOYETTE_EMBED_ORIGINS = `origins` (the policy is computed
    once, at start-up), a framable route and another."""
    from flask import Flask

    from app.security import framable, register_security_headers
    site = Flask(__name__)
    site.config.update(BASEMAPS=[], HTTPS=False, EMBED_ORIGINS=origins)
    site.add_url_rule("/integrer", "embed", framable(lambda: "carte"))
    site.add_url_rule("/autre", "other", lambda: "page")
    register_security_headers(site)
    return site.test_client()


def test_the_sites_allowed_to_frame_it_can_be_configured():
    site = site_with(["https://www.harnes.fr", "https://cite.fr"])
    assert framers(site.get("/integrer")) == "https://www.harnes.fr https://cite.fr"
    assert framers(site.get("/autre")) == "'self'"


def test_a_setting_that_is_not_a_list_of_sites_stops_the_start():
    with pytest.raises(ValueError, match="VOYETTE_EMBED_ORIGINS"):
        site_with(["https://a.fr;", "script-src", "*"])


def test_an_item_of_the_embed_is_listed_with_its_number(anonymous, demo_map):
    category = Category.of_map(demo_map.id)[0]
    Feature.create(demo_map, category, "Banc neuf", "", Point(2.89, 50.443), author="Voyette")
    db.session.commit()
    assert "Banc neuf" in embed(anonymous, demo_map.id).text
