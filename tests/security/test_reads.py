"""Unbounded reads: asking for a big map whole (no view, the whole world, an action's items, the change feed from
its start, an export, a print) must not answer in proportion to the map's size, whoever asks.

The map here holds a few thousand items (inserted in bulk, as bench/fill.py does) and the app's bounds are set
low, so that every unbounded answer shows as more items than the bound, not as seconds.
"""
import html
import io
import json
import re

import docx
import pytest
from shapely.geometry import Point, box
from sqlalchemy import event, insert, literal, select

from app import dates, legends
from app.extensions import db
from app.history import past
from app.models import Action, Category, Feature, Map, Parcel, Revision
from app.models.action import action_features
from bench.fill import bounds, fill
from tests.actions.test_routes import form as action_form
from tests.conftest import HX, csrf_of
from tests.support.author import AUTHOR

ITEMS = 5000
THRESHOLD = 50  # the map draws items one by one up to this many in view, clusters above
# Clusters fall on a fixed grid over the view (48 columns and rows, plus the edges): never more than this.
LAYER_BOUND = 2500
FEED_BOUND = 500  # changes one answer of the change feed may carry; past it the page reloads its view
EXPORT_BOUND = 300
PRINT_BOUND = 200
PARCELS = 5000  # past what a view once silently stopped at
QUEUE_SHOWN = 50  # proposals shown at once in the moderation queue
THREAD_SHOWN = 100  # comments shown at once in a thread (the latest)
AREA = bounds(width_m=2000, height_m=2000)
WORLD = "-180,-90,180,90"


@pytest.fixture
def low_bounds(app):
    """The app's bounds set low for the test, put back afterwards."""
    kept = {key: app.config.get(key) for key in ("CLUSTER_THRESHOLD", "EXPORT_MAX_ITEMS", "PRINT_MAX_ITEMS")}
    app.config.update(CLUSTER_THRESHOLD=THRESHOLD, EXPORT_MAX_ITEMS=EXPORT_BOUND, PRINT_MAX_ITEMS=PRINT_BOUND)
    yield
    for key, value in kept.items():
        if value is None:
            app.config.pop(key, None)
        else:
            app.config[key] = value


@pytest.fixture
def big_map(collective, low_bounds):
    """A public map of the test collective with ITEMS items over 2 km × 2 km."""
    map_ = Map(name="Grande carte", commune="Harnes", center_lon=2.906, center_lat=50.445, zoom=16,
               collective=collective, visibility="public")
    legends.apply(map_, "carte-sensible")
    db.session.add(map_)
    db.session.commit()
    fill(map_.id, ITEMS, area=AREA)
    return db.session.get(Map, map_.id)


@pytest.fixture(params=["anonymous", "client"])
def visitor(request):
    """An anonymous visitor of the public map, then its owner: the bounds hold whoever asks."""
    return request.getfixturevalue(request.param)


def layer(browser, map_, **params):
    response = browser.get(f"/cartes/{map_.id}/elements.geojson", query_string=params)
    assert response.status_code == 200
    return response.get_json()["features"]


def drawn_items(features):
    """How many items an answer stands for: a cluster counts its items, an item counts one."""
    return sum(f["properties"].get("cluster", 1) for f in features)


@pytest.mark.parametrize("params", [{}, {"bbox": WORLD}], ids=["no view", "the whole world"])
def test_the_whole_map_comes_as_a_bounded_number_of_clusters(visitor, big_map, params):
    features = layer(visitor, big_map, **params)
    assert len(features) <= LAYER_BOUND
    assert drawn_items(features) == ITEMS  # every item is in a cluster: bounded, not truncated


def test_the_whole_map_of_some_categories_is_bounded(visitor, big_map):
    ids = ",".join(str(c.id) for c in Category.of_map(big_map.id))
    features = layer(visitor, big_map, categories=ids)
    assert len(features) <= LAYER_BOUND and drawn_items(features) == ITEMS


def test_an_action_s_items_without_a_view_are_bounded(client, big_map):
    action = Action.add(big_map, kind="jardin_collectif", title="Tout le quartier")
    db.session.commit()
    ids = db.session.scalars(select(Feature.id).where(Feature.map_id == big_map.id)).all()
    db.session.execute(insert(action_features), [{"action_id": action.id, "feature_id": i} for i in ids])
    db.session.commit()
    features = layer(client, big_map, action=action.id)
    assert len(features) <= LAYER_BOUND and drawn_items(features) == ITEMS


def test_a_street_of_the_big_map_still_comes_item_by_item(visitor, big_map):
    west, south, _east, _north = AREA
    features = layer(visitor, big_map, bbox=f"{west},{south},{west + 0.001},{south + 0.001}")
    assert 0 < len(features) <= THRESHOLD and all("cluster" not in f["properties"] for f in features)


def test_the_change_feed_from_the_start_is_bounded_and_says_to_reload(visitor, big_map):
    categories = Category.of_map(big_map.id)
    Feature.create_many(big_map, [(categories[0], f"Ajout {i}", "", Point(2.906 + i * 1e-5, 50.445))
                                  for i in range(FEED_BOUND + 100)], author=AUTHOR)
    db.session.commit()
    response = visitor.get(f"/cartes/{big_map.id}/changements?depuis=0")
    assert response.status_code == 200
    answer = response.get_json()
    assert len(answer["features"]) + len(answer["removed"]) <= FEED_BOUND
    assert answer["reload"] is True and answer["revision"] == big_map.revision


def test_the_change_feed_still_carries_a_few_changes_one_by_one(visitor, big_map):
    since = big_map.revision
    Feature.create_many(big_map, [(Category.of_map(big_map.id)[0], "Un de plus", "", Point(2.906, 50.445))],
                        author=AUTHOR)
    db.session.commit()
    answer = visitor.get(f"/cartes/{big_map.id}/changements?depuis={since}").get_json()
    assert [f["properties"]["title"] for f in answer["features"]] == ["Un de plus"]
    assert not answer.get("reload")


@pytest.mark.parametrize("code", ["geojson", "csv", "gpkg"])
def test_an_export_of_more_items_than_its_cap_is_refused_in_french(visitor, big_map, code):
    ticked = [c.id for c in Category.of_map(big_map.id)]
    response = visitor.get(f"/cartes/{big_map.id}/export/telecharger",
                           query_string={"format": code, "categorie": ticked}, headers=HX)
    assert response.status_code == 422
    assert "plus de" in response.get_data(as_text=True) and "Content-Disposition" not in response.headers


def test_an_export_under_its_cap_is_whole(visitor, big_map):
    few = Category.of_map(big_map.id)[0]
    db.session.execute(Feature.__table__.update().where(Feature.map_id == big_map.id, Feature.number > 100)
                       .values(category_id=Category.of_map(big_map.id)[1].id))
    db.session.commit()
    response = visitor.get(f"/cartes/{big_map.id}/export/telecharger",
                           query_string={"format": "geojson", "categorie": few.id})
    assert response.status_code == 200
    assert len(response.get_json()["features"]) == db.session.query(Feature).filter_by(category_id=few.id).count()


def test_a_print_of_more_items_than_its_cap_is_refused_in_french(visitor, big_map):
    response = visitor.get(f"/cartes/{big_map.id}/impression/fichier", query_string={"sortie": "apercu"}, headers=HX)
    assert response.status_code == 422 and "plus de" in response.get_data(as_text=True)


def test_the_map_at_a_date_of_a_big_map_is_refused_in_french_not_rebuilt(visitor, big_map):
    """Its items' states are decoded whole (no view): past `past.MAX_ITEMS` they are counted, never read."""
    db.session.execute(insert(Revision).from_select(  # each item's creation, as an import keeps it
        ["map_id", "seq", "feature_id", "action", "author", "created_at"],
        select(Feature.map_id, Feature.number, Feature.id, literal("created"), literal(""), Feature.created_at)
        .where(Feature.map_id == big_map.id)))
    db.session.commit()
    today = dates.today().isoformat()
    response = visitor.get(f"/cartes/{big_map.id}/au/{today}/elements.geojson")
    assert response.status_code == 400 and f"plus de {past.MAX_ITEMS} éléments" in response.get_json()["error"]
    page = visitor.get(f"/cartes/{big_map.id}/au", query_string={"date": today})
    assert page.status_code == 422 and f"plus de {past.MAX_ITEMS} éléments" in page.get_data(as_text=True)


def test_a_print_of_a_view_under_its_cap_is_made(visitor, big_map):
    west, south, _east, _north = AREA
    view = f"{west},{south},{west + 0.002},{south + 0.002}"
    response = visitor.get(f"/cartes/{big_map.id}/impression/fichier",
                           query_string={"sortie": "apercu", "etendue": "vue", "bbox": view})
    assert response.status_code == 200 and response.mimetype == "image/png"


def test_the_cadastre_answers_only_for_a_street_sized_view_and_then_all_of_it(visitor, big_map):
    """A layer holds at most an import's MAX_ITEMS parcels; a view, never the layer whole, and never cut short."""
    west, south, _east, _north = AREA
    step = 0.0001
    rows = []
    for i in range(PARCELS + 500):
        x, y = west + (i % 100) * step, south + (i // 100) * step
        rows.append({"map_id": big_map.id, "ref": f"P{i}", "section": "AB", "numero": str(i), "contenance": 100,
                     "geom": f"SRID=4326;{box(x, y, x + step, y + step).wkt}",
                     "west": x, "south": y, "east": x + step, "north": y + step})
    db.session.execute(insert(Parcel.__table__), rows)
    db.session.commit()
    url = f"/cartes/{big_map.id}/cadastre.geojson"
    assert visitor.get(url).status_code == 400
    assert visitor.get(url, query_string={"bbox": WORLD}).status_code == 400
    response = visitor.get(url, query_string={"bbox": f"{west},{south},{west + 0.01},{south + 0.006}"})
    assert response.status_code == 200 and len(response.get_json()["features"]) == PARCELS + 500


def test_the_list_and_the_history_come_by_pages(visitor, big_map):
    Feature.create_many(big_map, [(Category.of_map(big_map.id)[0], f"Ajout {i}", "", Point(2.906, 50.445))
                                  for i in range(100)], author=AUTHOR)
    db.session.commit()
    for offset in (0, 4990):
        rows = visitor.get(f"/cartes/{big_map.id}/elements?depuis={offset}", headers=HX).get_data(as_text=True)
        assert 0 < rows.count("data-feature-id=") <= 50
    history = visitor.get(f"/cartes/{big_map.id}/historique", headers=HX).get_data(as_text=True)
    assert 0 < history.count('class="history-entry"') <= 30


def test_the_moderation_queue_shows_its_oldest_proposals_not_all_of_them(client, demo_map):
    from app.demo import demo_contribution_link
    from app.models import Proposal
    link, category = demo_contribution_link(demo_map), demo_map.categories[0]
    for i in range(QUEUE_SHOWN + 40):  # residents may propose as much as they like: the queue must not follow
        Proposal.propose(demo_map, link, category, f"Proposition {i}", "", Point(2.889, 50.445), author="Karim")
    db.session.commit()
    queue = client.get(f"/cartes/{demo_map.id}/moderation", headers=HX).get_data(as_text=True)
    assert 0 < queue.count('class="proposal"') <= QUEUE_SHOWN and "Proposition 0<" in queue
    page = client.get(f"/cartes/{demo_map.id}").get_data(as_text=True)
    assert f'<span class="badge">{QUEUE_SHOWN + 40}</span>' in page  # the count is still told, whole


def test_the_action_form_of_a_big_map_offers_the_items_it_concerns_not_every_item(client, big_map):
    ids = db.session.scalars(select(Feature.id).where(Feature.map_id == big_map.id).order_by(Feature.number)).all()
    action = Action.add(big_map, kind="jardin_collectif", title="Vergers", features=db.session.scalars(
        select(Feature).where(Feature.id.in_(ids[:3]))).all())
    db.session.commit()
    form = client.get(f"/cartes/{big_map.id}/actions/{action.id}/modifier", headers=HX).get_data(as_text=True)
    assert form.count('name="features"') == 3 and form.count("checked") >= 3
    new = client.get(f"/cartes/{big_map.id}/actions/nouvelle?element={ids[10]}", headers=HX).get_data(as_text=True)
    assert new.count('name="features"') == 1 and "plus de" in new
    saved = client.post(f"/cartes/{big_map.id}/actions", headers=HX, data=action_form(
        csrf_of(client), title="Fresques", features=[ids[10], ids[20]]))
    assert saved.status_code == 200
    fresques = db.session.scalars(select(Action).where(Action.title == "Fresques")).one()
    assert sorted(f.id for f in fresques.features) == [ids[10], ids[20]]


def test_what_preparing_offline_keeps_of_a_big_map_is_bounded_and_said(visitor, big_map):
    panel = visitor.get(f"/cartes/{big_map.id}/hors-ligne", headers=HX).get_data(as_text=True)
    assert "regroupés" in panel
    plan = json.loads(html.unescape(re.search(r"data-prepare='([^']+)'", panel).group(1)))
    assert len(plan["fragments"]) <= 2 * 300 + 4  # an item's panel and its form, for the first 300
    assert plan["data"]  # the layer is kept, in bounded parts
    for url in plan["data"]:
        features = visitor.get(url).get_json()["features"]
        assert len(features) <= LAYER_BOUND and drawn_items(features) == ITEMS


class Loaded:
    """Counts the items read from the database into the server's memory while it is open."""

    def __enter__(self):
        self.ids = []
        event.listen(Feature, "load", self._count)
        return self.ids

    def _count(self, feature, _context):
        self.ids.append(feature.id)

    def __exit__(self, *_exception):
        event.remove(Feature, "load", self._count)


def test_the_dossier_form_checks_the_numbers_it_cites_without_loading_the_whole_map(client, big_map, csrf):
    with Loaded() as loaded:
        assert client.get(f"/cartes/{big_map.id}/dossier").status_code == 200
        refused = client.post(f"/cartes/{big_map.id}/dossier", data={
            "csrf_token": csrf, "version": "0", "annex-habitants-items": f"5, {ITEMS + 7}"})
    assert refused.status_code == 422 and f"Pas d&#39;élément n° {ITEMS + 7}" in refused.get_data(as_text=True)
    assert len(loaded) <= THRESHOLD  # the items the page shows or checks, not the map's


def test_a_comment_thread_shows_its_latest_comments_not_all_of_them(anonymous, client, demo_map):
    from app.models import Comment
    feature = Feature.listed(demo_map.id)[0][0]
    for i in range(THREAD_SHOWN + 50):  # anyone who may comment may comment again and again
        Comment.add(feature, f"Commentaire n° {i}.", author="Karim")
    db.session.commit()
    for browser in (anonymous, client):
        thread = browser.get(f"/cartes/{demo_map.id}/elements/{feature.id}/commentaires?fil=1", headers=HX)
        body = thread.get_data(as_text=True)
        assert 0 < body.count('class="comment-body"') <= THREAD_SHOWN
        assert f"Commentaire n° {THREAD_SHOWN + 49}." in body and "Commentaire n° 0." not in body
        assert f'<span class="count">{THREAD_SHOWN + 50}</span>' in body


def test_the_annex_of_a_big_map_draws_the_items_it_cites_not_the_whole_map(client, big_map):
    from app.models import Dossier
    db.session.add(Dossier(map=big_map, annex={"habitants": "Des marches sur la cité."}, contexts=[],
                           citations={"habitants": {"actions": [], "items": [5, 12]}}, pieces_ready=[]))
    db.session.commit()
    with Loaded() as loaded:
        response = client.get(f"/cartes/{big_map.id}/dossier/annexe.pdf")
        word = client.get(f"/cartes/{big_map.id}/dossier/annexe.docx")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(loaded) <= PRINT_BOUND
    text = "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(word.data)).paragraphs)
    assert "la figure et sa légende montrent ceux que l'annexe cite" in text
    assert "05  " in text and "12  " in text and "13  " not in text  # the legend: the cited items, by number
