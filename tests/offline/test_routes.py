"""What lets the app work without signal: the service worker, the manifest, a fresh token, the offline plan."""
import json
import re

from flask import url_for

from app.models import Feature
from app.offline import shell
from tests.conftest import HX, log_in


def worker_settings(client):
    source = client.get("/sw.js").get_data(as_text=True)
    return source, json.loads(re.search(r"^var ASSETS = (.*);$", source, re.MULTILINE).group(1))


def test_the_service_worker_is_served_from_the_root_and_always_revalidated(anonymous):
    response = anonymous.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert re.search(r'^var VERSION = "[0-9a-f]{12}";$', response.get_data(as_text=True), re.MULTILINE)


def test_every_asset_the_worker_keeps_exists_and_pages_load_from_them(app, anonymous, demo_map):
    _source, assets = worker_settings(anonymous)
    with app.test_request_context():  # each by the name the pages give it, its content's (static_files.py)
        named = {url_for("static", filename=n) for n in ("js/map.js", "css/app.css", "js/offline.js", "js/outbox.js")}
    assert named <= set(assets) and not {"/static/js/map.js", "/static/css/app.css"} & set(assets)
    assert all(re.search(r"\.[0-9a-f]{10}\.(js|css)$", a) for a in assets if a.endswith((".js", ".css")))
    assert not [a for a in assets if a.endswith(".map") or "-src." in a]  # never loaded by a page
    assert not [a for a in assets if "geoman" in a]  # the drawing tools: kept when used, or when preparing
    assert all(anonymous.get(asset).status_code == 200 for asset in assets)
    page = anonymous.get(f"/cartes/{demo_map.id}").get_data(as_text=True)
    loaded = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', page))
    assert loaded and loaded <= set(assets)


def test_tile_patterns_match_the_basemaps_tiles_and_nothing_else(app):
    patterns = shell.tile_patterns(app.config["BASEMAPS"])
    assert any(p.match("/tuiles-locales/17/66452/44040.png") for p in patterns)
    assert any(p.match("/tuiles-locales/17/66452/44040.png?teinte=sombre") for p in patterns)
    assert not any(p.match("/cartes/1/elements.geojson") for p in patterns)
    remote = shell.tile_patterns([{"url": "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"}])[0]
    assert remote.match("https://b.tile.openstreetmap.fr/osmfr/19/265812/176160.png")
    assert not remote.match("https://b.tile.openstreetmap.fr.evil.example/osmfr/19/265812/176160.png")


def test_the_manifest_makes_the_app_installable_in_french(anonymous):
    response = anonymous.get("/manifest.webmanifest")
    manifest = response.get_json(force=True)
    assert response.mimetype == "application/manifest+json"
    assert manifest["lang"] == "fr" and manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert anonymous.get(manifest["icons"][0]["src"]).status_code == 200
    assert 'rel="manifest"' in anonymous.get("/").get_data(as_text=True)


def test_a_fresh_token_lets_the_outbox_send_what_waited(client, demo_map):
    token = client.get("/hors-ligne/jeton").get_json()["csrf_token"]
    feature = Feature.listed(demo_map.id)[0][0]
    refused = client.post(f"/cartes/{demo_map.id}/elements/{feature.id}/supprimer", headers=HX)
    assert refused.status_code == 400
    sent = client.post(f"/cartes/{demo_map.id}/elements/{feature.id}/supprimer",
                       headers={**HX, "X-CSRFToken": token})
    assert sent.status_code == 200 and Feature.listed(demo_map.id)[1] == 17
    assert client.get("/hors-ligne/jeton").headers["Cache-Control"] == "no-store"


def test_the_token_says_whether_the_session_is_still_signed_in(client, anonymous):
    assert client.get("/hors-ligne/jeton").get_json()["signed_in"] is True
    assert anonymous.get("/hors-ligne/jeton").get_json()["signed_in"] is False


def plan_of(client, map_):
    body = client.get(f"/cartes/{map_.id}/hors-ligne", headers=HX).get_data(as_text=True)
    return json.loads(re.search(r"data-prepare='([^']*)'", body).group(1).replace("&#34;", '"'))


def test_the_offline_plan_covers_every_feature_and_keeps_the_forms_for_who_may_draw(client, demo_map):
    plan = plan_of(client, demo_map)
    west, south, east, north = plan["bounds"]
    for feature in Feature.listed(demo_map.id)[0]:
        assert west < feature.label_lon < east and south < feature.label_lat < north
    assert plan["zooms"] == [15, 16, 17, 18, 19] and plan["maxTiles"] == shell.MAX_TILES
    assert f"/cartes/{demo_map.id}/elements/nouveau?forme=point" in plan["fragments"]
    assert len([u for u in plan["fragments"] if u.endswith("/modifier")]) == 18
    assert plan["pages"][0] == f"/cartes/{demo_map.id}"
    assert "/static/vendor/geoman/leaflet-geoman.js" in [re.sub(r"\.[0-9a-f]{10}\.", ".", p) for p in plan["pages"]]
    assert plan["data"] == [f"/cartes/{demo_map.id}/elements.geojson"]


def test_a_viewer_keeps_what_they_may_see_and_no_form(app, demo_map, member):
    viewer = app.test_client()
    log_in(viewer, member("Lina", "viewer").id)
    plan = plan_of(viewer, demo_map)
    assert plan["fragments"] and not [u for u in plan["fragments"] if "nouveau" in u or u.endswith("/modifier")]
    assert plan["pages"] == [f"/cartes/{demo_map.id}"]  # nor the drawing tools


def test_an_empty_map_is_prepared_around_its_centre(client, empty_map):
    west, south, east, north = plan_of(client, empty_map)["bounds"]
    assert west < empty_map.center_lon < east and south < empty_map.center_lat < north
