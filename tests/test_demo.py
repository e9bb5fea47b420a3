"""The demo map of the cité d'Orient."""
import re

from sqlalchemy import select

from app import demo_photos
from app.demo import ensure_demo_map
from app.demo_photos import ensure_before_after
from app.extensions import db
from app.models import Action, Feature


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


def test_seeding_adds_the_project_whose_gardens_show_before_and_after_at_once(app, client, collective):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0 and f"Action « {demo_photos.TITLE} » ajoutée" in result.output
    map_, _created = ensure_demo_map()
    map_.collective = collective  # the test's owner may then see its project
    db.session.commit()
    action = db.session.scalar(select(Action).where(Action.map_id == map_.id))
    page = " ".join(client.get(f"/cartes/{map_.id}/actions/{action.id}/avant-apres").get_data(as_text=True).split())
    for item in action.features:
        assert item.title in page
    assert page.count("<strong>Avant</strong> · 14 mars 2026") == 2
    assert page.count("<strong>Après</strong> · 10 octobre 2026") == 2
    thumbnails = re.findall(r'src="(/cartes/\d+/elements/\d+/photos/\d+/miniature)"', page)
    assert len(thumbnails) == 4 and all(client.get(url).mimetype == "image/jpeg" for url in thumbnails)
    assert ensure_before_after(map_) is False  # seeded once
