"""The demo map of the cité d'Orient."""
from app.demo import ensure_demo_map
from app.models import Feature


def test_demo_map_has_the_18_numbered_items_inside_the_estate():
    map_, created = ensure_demo_map()
    features = Feature.listed(map_.id)[0]
    assert created and [f.number for f in features] == list(range(1, 19))
    assert {f.kind for f in features} == {"point", "line", "polygon"}
    for feature in features:
        west, south, east, north = feature.shape.bounds
        assert west >= 2.8876 and east <= 2.8994 and south >= 50.4403 and north <= 50.4465, feature.title
    assert features[13].title == "Le dernier pigeonnier de la cité d'Orient"


def test_seeding_twice_keeps_one_demo_map():
    first, _ = ensure_demo_map()
    second, created = ensure_demo_map()
    assert first.id == second.id and not created
