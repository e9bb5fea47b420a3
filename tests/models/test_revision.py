"""Revisions: every change is kept in the map's order, with what it changed."""
from shapely.geometry import Point, box

from app.extensions import db
from app.models import Category, Feature, Revision


def test_every_change_to_a_feature_is_a_revision_with_before_and_after(empty_map):
    feature = Feature.create(empty_map, empty_map.categories[0], "Compost", "", Point(2.89, 50.44))
    feature.edit(empty_map.categories[1], "Compost partagé", "Bac en bois", box(2.89, 50.44, 2.8905, 50.4403))
    feature.soft_delete()
    feature.restore()
    db.session.commit()
    revisions = Revision.since(empty_map.id, 0)
    assert [(r.seq, r.action) for r in revisions] == [(1, "created"), (2, "edited"), (3, "deleted"), (4, "restored")]
    created, edited, deleted, restored = revisions
    assert created.before is None and created.after["title"] == "Compost" and created.after["number"] == 1
    assert edited.before["title"] == "Compost" and edited.after["title"] == "Compost partagé"
    assert edited.changed_fields == ["title", "description", "category", "geometry"]
    assert deleted.changed_fields == ["deleted"] and restored.after["deleted"] is False
    assert empty_map.revision == 4


def test_legend_changes_are_revisions_too(empty_map):
    Category.of_map(empty_map.id)[-1].remove()
    db.session.commit()
    (revision,) = Revision.since(empty_map.id, 0)
    assert revision.action == "legend" and revision.feature_id is None


def test_revert_gives_an_earlier_state_back_as_a_new_revision(empty_map):
    first, second = empty_map.categories[:2]
    feature = Feature.create(empty_map, first, "Pommier", "Dans le jardin du 12", Point(2.89, 50.44))
    db.session.commit()
    created = Revision.since(empty_map.id, 0)[0]
    feature.edit(second, "Poirier", "", Point(2.891, 50.441))
    feature.soft_delete()
    db.session.commit()
    assert created.restorable
    assert feature.revert_to(created.after)  # its category of then, found in the map's legend
    db.session.commit()
    assert (feature.title, feature.description, feature.category_id) == ("Pommier", "Dans le jardin du 12", first.id)
    assert feature.shape.equals(Point(2.89, 50.44)) and not feature.is_deleted
    assert Revision.since(empty_map.id, 3)[0].action == "restored" and not created.restorable
