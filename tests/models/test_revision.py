"""Revisions: every change is kept in the map's order, with what it changed, and who changed it."""
import pytest
from shapely.geometry import Point, box

from app.extensions import db
from app.models import Category, Comment, Feature, Revision
from app.photos import store
from tests.support.author import AUTHOR


def test_every_change_to_a_feature_is_a_revision_with_before_and_after(empty_map):
    feature = Feature.create(empty_map, empty_map.categories[0], "Compost", "", Point(2.89, 50.44), author=AUTHOR)
    feature.edit(empty_map.categories[1], "Compost partagé", "Bac en bois", box(2.89, 50.44, 2.8905, 50.4403),
                 author=AUTHOR)
    feature.soft_delete(author=AUTHOR)
    feature.restore(author=AUTHOR)
    db.session.commit()
    revisions = Revision.since(empty_map.id, 0)
    assert [(r.seq, r.action) for r in revisions] == [(1, "created"), (2, "edited"), (3, "deleted"), (4, "restored")]
    created, edited, deleted, restored = revisions
    assert created.before is None and created.after["title"] == "Compost" and created.after["number"] == 1
    assert edited.before["title"] == "Compost" and edited.after["title"] == "Compost partagé"
    assert edited.changed_fields == ["title", "description", "category", "geometry"]
    assert deleted.changed_fields == ["deleted"] and restored.after["deleted"] is False
    assert empty_map.revision == 4


@pytest.mark.parametrize("change", [
    lambda feature: Feature.create(feature.map, feature.category, "Compost", "", Point(2.89, 50.44)),
    lambda feature: Feature.create_many(feature.map, [(feature.category, "Compost", "", Point(2.89, 50.44))]),
    lambda feature: feature.edit(feature.category, "Compost partagé", ""),
    lambda feature: feature.assign_plot("Famille Martin", None, None, ""),
    lambda feature: feature.soft_delete(),
    lambda feature: feature.restore(),
    lambda feature: feature.revert_to(feature.snapshot()),
    lambda feature: feature.category.remove(),
    lambda feature: store.attach(feature, None),
    lambda feature: Comment.add(feature, "Bien vu"),
    lambda feature: Revision.record(feature.map, "legend"),
], ids=["create", "create_many", "edit", "assign_plot", "soft_delete", "restore", "revert_to", "remove_category",
        "attach_photo", "comment", "record"])
def test_a_change_must_say_who_makes_it(empty_map, change):
    feature = Feature.create(empty_map, empty_map.categories[0], "Mare", "", Point(2.89, 50.44), author=AUTHOR)
    db.session.commit()
    with pytest.raises(TypeError, match="author"):  # forgetting it would silently show the change as « Anonyme »
        change(feature)


def test_legend_changes_are_revisions_too(empty_map):
    Category.of_map(empty_map.id)[-1].remove(author=AUTHOR)
    db.session.commit()
    (revision,) = Revision.since(empty_map.id, 0)
    assert revision.action == "legend" and revision.feature_id is None


def test_revert_gives_an_earlier_state_back_as_a_new_revision(empty_map):
    first, second = empty_map.categories[:2]
    feature = Feature.create(empty_map, first, "Pommier", "Dans le jardin du 12", Point(2.89, 50.44), author=AUTHOR)
    db.session.commit()
    created = Revision.since(empty_map.id, 0)[0]
    feature.edit(second, "Poirier", "", Point(2.891, 50.441), author=AUTHOR)
    feature.soft_delete(author=AUTHOR)
    db.session.commit()
    assert created.restorable
    assert feature.revert_to(created.after, author=AUTHOR)  # its category of then, found in the map's legend
    db.session.commit()
    assert (feature.title, feature.description, feature.category_id) == ("Pommier", "Dans le jardin du 12", first.id)
    assert feature.shape.equals(Point(2.89, 50.44)) and not feature.is_deleted
    assert Revision.since(empty_map.id, 3)[0].action == "restored" and not created.restorable
