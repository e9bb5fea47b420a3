"""The migration that adds each item's kept layer text fills it for the items already there, as a flush writes it."""
from flask_migrate import downgrade, upgrade
from shapely.geometry import LineString, Point
from sqlalchemy import select

from app.extensions import db
from app.models import Feature
from tests.support.author import AUTHOR

BEFORE = "b9d4f6a2c3e5"  # the revision before features.layer_geojson


def test_existing_items_get_the_text_a_flush_writes(empty_map):
    for title, shape in (("Banc « bleu »", Point(2.8912345678, 50.44)),
                         ("Haie", LineString([(2.89, 50.44), (2.891, 50.441)]))):
        Feature.create(empty_map, empty_map.categories[1], title, "", shape, author=AUTHOR)
    db.session.commit()
    written = dict(db.session.execute(select(Feature.id, Feature.layer_geojson)).all())
    db.session.remove()
    try:
        downgrade(revision=BEFORE)
    finally:
        upgrade()
    assert dict(db.session.execute(select(Feature.id, Feature.layer_geojson)).all()) == written
    assert all(written.values())
