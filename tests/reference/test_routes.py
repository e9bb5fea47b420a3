"""The cadastre of a view: every parcel of it (never a silent part), each geometry as written at import, an ETag
that the layer's version and the view make, and a 304 when the browser holds that answer."""
import pytest
from shapely.geometry import box
from sqlalchemy import update

from app.extensions import db
from app.models import Parcel

STEP = 0.0001  # a parcel about 7 m × 11 m
WEST, SOUTH = 2.9, 50.44


def grid(count, section="AB"):
    """(ref, section, numero, contenance, shape) rows of `count` parcels side by side, 100 a row."""
    return [(f"P{i}", section, str(i), 100, box(WEST + (i % 100) * STEP, SOUTH + (i // 100) * STEP,
                                               WEST + (i % 100 + 1) * STEP, SOUTH + (i // 100 + 1) * STEP))
            for i in range(count)]


@pytest.fixture
def public_map(demo_map):
    demo_map.visibility = "public"
    db.session.commit()
    return demo_map


def url(map_):
    return f"/cartes/{map_.id}/cadastre.geojson"


VIEW = f"{WEST},{SOUTH},{WEST + 0.011},{SOUTH + 0.006}"  # 0.011° × 0.006°: a street-level view


def test_every_parcel_of_the_view_is_served_however_many(anonymous, public_map):
    Parcel.replace_layer(public_map, grid(5500))  # more than the 5,000 a view once silently stopped at
    db.session.commit()
    features = anonymous.get(url(public_map), query_string={"bbox": VIEW}).get_json()["features"]
    assert len(features) == 5500
    assert {f["properties"]["numero"] for f in features} == {str(i) for i in range(5500)}


@pytest.mark.parametrize("bbox", ["-180,-90,180,90", f"{WEST},{SOUTH},{WEST + 1},{SOUTH + 0.01}",
                                  f"{WEST},{SOUTH},{WEST + 0.01},{SOUTH + 1}"])
def test_a_view_wider_than_a_street_is_refused_in_french_not_cut(anonymous, public_map, bbox):
    Parcel.replace_layer(public_map, grid(10))
    db.session.commit()
    response = anonymous.get(url(public_map), query_string={"bbox": bbox})
    assert response.status_code == 400 and "zoomez" in response.get_json()["error"]


def test_the_view_is_revalidated_with_its_etag_until_the_layer_changes(anonymous, public_map):
    Parcel.replace_layer(public_map, grid(10))
    db.session.commit()
    first = anonymous.get(url(public_map), query_string={"bbox": VIEW})
    etag = first.headers["ETag"]
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
    again = anonymous.get(url(public_map), query_string={"bbox": VIEW}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag and not again.data
    other_view = anonymous.get(url(public_map), query_string={"bbox": f"{WEST},{SOUTH},{WEST + 0.001},{SOUTH + 0.001}"},
                               headers={"If-None-Match": etag})
    assert other_view.status_code == 200 and other_view.headers["ETag"] != etag
    Parcel.replace_layer(public_map, grid(20, section="ZZ"))  # imported again
    db.session.commit()
    changed = anonymous.get(url(public_map), query_string={"bbox": VIEW}, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert {f["properties"]["section"] for f in changed.get_json()["features"]} == {"ZZ"}


def test_a_parcel_restored_without_its_geojson_is_still_drawn(anonymous, public_map):
    """A backup made before parcels kept their GeoJSON restores them without it."""
    Parcel.replace_layer(public_map, grid(3))
    db.session.execute(update(Parcel).where(Parcel.map_id == public_map.id).values(geojson=None))
    db.session.commit()
    features = anonymous.get(url(public_map), query_string={"bbox": VIEW}).get_json()["features"]
    assert len(features) == 3 and all(f["geometry"]["type"] == "Polygon" for f in features)


def test_a_private_maps_cadastre_stays_private_even_to_a_revalidation(anonymous, client, empty_map):
    Parcel.replace_layer(empty_map, grid(3))
    db.session.commit()
    etag = client.get(url(empty_map), query_string={"bbox": VIEW}).headers["ETag"]  # a member's
    assert anonymous.get(url(empty_map), query_string={"bbox": VIEW}, headers={"If-None-Match": etag}).status_code \
        == 404
