"""The map at a date: the items as they were at the end of a day, reconstructed from the history that the real
routes wrote (create, move, rename, recategorise, bin, restore), as GeoJSON and as the read-only map page."""
import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from app import dates
from app.extensions import db
from app.history import past
from app.models import Feature, Revision
from tests.conftest import HX

PARIS = ZoneInfo("Europe/Paris")
A, B, C = [2.8900, 50.4410], [2.8920, 50.4430], [2.8940, 50.4450]


def point(position):
    return json.dumps({"type": "Point", "coordinates": position})


class History:
    """Changes made through the routes, each dated as if made on a given day (its revisions' times set to it)."""

    def __init__(self, client, csrf, map_):
        self.client, self.csrf, self.map = client, csrf, map_

    def on(self, day, hour=12):
        """Date the changes made since the last call (at `hour`, Paris time): their revisions, and the time an
        item went to the bin."""
        moment = datetime(day.year, day.month, day.day, hour, tzinfo=PARIS).astimezone(UTC)
        db.session.execute(update(Revision).where(Revision.map_id == self.map.id, Revision.created_at > moment)
                           .values(created_at=moment))
        db.session.execute(update(Feature).where(Feature.map_id == self.map.id, Feature.deleted_at > moment)
                           .values(deleted_at=moment))
        db.session.commit()

    def create(self, title, category, position):
        response = self.client.post(f"/cartes/{self.map.id}/elements", headers=HX, data={
            "csrf_token": self.csrf, "category": category.id, "title": title, "description": "",
            "geometry": point(position)})
        assert response.status_code == 200
        return db.session.scalar(select(Feature.id).where(Feature.map_id == self.map.id, Feature.title == title))

    def edit(self, feature_id, title, category, position=None):
        feature = db.session.get(Feature, feature_id)
        db.session.refresh(feature)
        response = self.client.post(f"/cartes/{self.map.id}/elements/{feature_id}", headers=HX, data={
            "csrf_token": self.csrf, "category": category.id, "title": title, "description": "",
            "geometry": point(position) if position else "", "version": feature.version})
        assert response.status_code == 200

    def bin(self, feature_id):
        response = self.client.post(f"/cartes/{self.map.id}/elements/{feature_id}/supprimer", headers=HX,
                                    data={"csrf_token": self.csrf})
        assert response.status_code == 200

    def restore(self, feature_id):
        response = self.client.post(f"/cartes/{self.map.id}/elements/{feature_id}/restaurer", headers=HX,
                                    data={"csrf_token": self.csrf})
        assert response.status_code == 200


def seen(client, map_, day, **params):
    """What the map at that date draws: (number, title, category, position) of each item."""
    response = client.get(f"/cartes/{map_.id}/au/{day.isoformat()}/elements.geojson", query_string=params)
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    return [(f["properties"]["number"], f["properties"]["title"], f["properties"]["category"],
             [round(c, 4) for c in f["geometry"]["coordinates"]]) for f in response.get_json()["features"]]


@pytest.fixture
def lived(client, csrf, empty_map):
    """A month of a map's life, from 2 to 5 November 2026: (history, the two categories, the items' ids)."""
    history, first, second = History(client, csrf, empty_map), *empty_map.categories[:2]
    history.on(date(2026, 11, 1))  # the map's own making, before anything was drawn
    nichoir = history.create("Nichoir", first, A)
    banc = history.create("Banc", first, C)
    history.on(date(2026, 11, 2))
    history.edit(nichoir, "Nichoir à mésanges", second, B)  # moved, renamed and recategorised at once
    history.bin(banc)
    history.on(date(2026, 11, 3))
    history.restore(banc)
    compost = history.create("Compost", second, A)
    history.on(date(2026, 11, 4))
    history.bin(nichoir)
    history.on(date(2026, 11, 5))
    return history, first, second, (nichoir, banc, compost)


def test_the_map_at_each_date_shows_its_items_as_they_were(client, empty_map, lived):
    _history, first, second, _ids = lived
    assert seen(client, empty_map, date(2026, 11, 1)) == []  # before anything was drawn
    assert seen(client, empty_map, date(2026, 11, 2)) == [(1, "Nichoir", first.id, A), (2, "Banc", first.id, C)]
    assert seen(client, empty_map, date(2026, 11, 3)) == [(1, "Nichoir à mésanges", second.id, B)]  # Banc binned
    assert seen(client, empty_map, date(2026, 11, 4)) == [  # Banc restored, Compost new
        (1, "Nichoir à mésanges", second.id, B), (2, "Banc", first.id, C), (3, "Compost", second.id, A)]
    after = [(2, "Banc", first.id, C), (3, "Compost", second.id, A)]  # the nichoir binned since
    assert seen(client, empty_map, date(2026, 11, 5)) == after
    assert seen(client, empty_map, dates.today()) == after


def test_today_at_a_date_is_the_live_map(client, empty_map, lived):
    live = client.get(f"/cartes/{empty_map.id}/elements.geojson").get_json()["features"]
    at_date = client.get(f"/cartes/{empty_map.id}/au/{dates.today().isoformat()}/elements.geojson").get_json()
    assert at_date["features"] == sorted(live, key=lambda f: f["properties"]["number"])


def test_a_day_ends_at_midnight_in_france(client, csrf, empty_map):
    history = History(client, csrf, empty_map)
    history.create("Mare", empty_map.categories[0], A)
    history.on(date(2026, 11, 10), hour=23)  # 22:00 UTC: still the 10th in Harnes
    assert [title for _n, title, *_rest in seen(client, empty_map, date(2026, 11, 10))] == ["Mare"]
    assert seen(client, empty_map, date(2026, 11, 9)) == []


def test_items_binned_with_their_legend_entry_leave_the_map_that_day(client, csrf, empty_map, lived):
    history, first, _second, _ids = lived
    response = client.post(f"/cartes/{empty_map.id}/legende/{first.id}/supprimer", headers=HX,
                           data={"csrf_token": csrf, "fate": "bin"})
    assert response.status_code == 200
    history.on(date(2026, 11, 6))
    assert [title for _n, title, *_rest in seen(client, empty_map, date(2026, 11, 5))] == ["Banc", "Compost"]
    assert [title for _n, title, *_rest in seen(client, empty_map, date(2026, 11, 6))] == ["Compost"]


def test_a_category_filter_and_an_etag(client, empty_map, lived):
    _history, first, second, _ids = lived
    url = f"/cartes/{empty_map.id}/au/2026-11-04/elements.geojson"
    assert [f["properties"]["title"] for f in client.get(url, query_string={"categories": second.id})
            .get_json()["features"]] == ["Nichoir à mésanges", "Compost"]
    response = client.get(url)
    assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize(("day", "message"), [
    ("hier", "Date illisible"), ("2026-13-01", "Date illisible"),
    ((date.today() + timedelta(days=2)).isoformat(), "un jour passé")])
def test_a_wrong_date_is_refused_in_french(client, empty_map, day, message):
    response = client.get(f"/cartes/{empty_map.id}/au/{day}/elements.geojson")
    assert response.status_code == 400 and message in response.get_json()["error"]
    page = client.get(f"/cartes/{empty_map.id}/au", query_string={"date": day})
    body = page.get_data(as_text=True)
    assert page.status_code == 422 and message in body and f'value="{day}"' in body
    assert "lecture seule" not in body


def test_too_big_a_map_is_refused_rather_than_answered_slowly(client, empty_map, lived, monkeypatch):
    monkeypatch.setattr(past, "MAX_ITEMS", 2)
    response = client.get(f"/cartes/{empty_map.id}/au/2026-11-04/elements.geojson")
    assert response.status_code == 400 and "plus de 2 éléments" in response.get_json()["error"]


def test_the_page_at_a_date_is_read_only_with_its_banner_and_its_items_of_then(client, empty_map, lived):
    body = client.get(f"/cartes/{empty_map.id}/au", query_string={"date": "2026-11-02"}).get_data(as_text=True)
    assert "Carte au 2 novembre 2026 — lecture seule" in body
    assert f'<a href="/cartes/{empty_map.id}" class="button primary">Revenir à aujourd\'hui</a>' in body
    assert "Nichoir</span>" in body and "Banc</span>" in body and "Compost" not in body
    config = json.loads(body.split("data-config='")[1].split("'")[0].replace("&#34;", '"'))
    assert config["layerUrl"] == f"/cartes/{empty_map.id}/au/2026-11-02/elements.geojson"
    assert config["whole"] is True and config["changesUrl"] is None and config["featureUrl"] is None
    assert 'data-draw="point"' not in body and "draw.js" not in body and "presence" not in body


def test_the_map_page_offers_the_control(client, empty_map):
    body = client.get(f"/cartes/{empty_map.id}").get_data(as_text=True)
    assert "Voir la carte au" in body and f'action="/cartes/{empty_map.id}/au"' in body
    assert f'max="{dates.today().isoformat()}"' in body
