"""Legend entries: order, and removal that never loses a feature."""
from shapely.geometry import Point

from app.extensions import db
from app.models import Category, Feature
from tests.support.author import AUTHOR


def labels(map_):
    return [c.label for c in Category.of_map(map_.id)]


def test_move_swaps_with_the_neighbour(empty_map):
    first, second = labels(empty_map)[:2]
    Category.of_map(empty_map.id)[1].move(-1)
    db.session.commit()
    assert labels(empty_map)[:2] == [second, first]
    assert Category.of_map(empty_map.id)[0].move(-1) is False


def test_remove_moves_features_to_another_category(empty_map):
    gone, keeper = Category.of_map(empty_map.id)[:2]
    feature = Feature.create(empty_map, gone, "Arbre", "", Point(2.89, 50.44), author=AUTHOR)
    db.session.commit()
    gone.remove(move_to=keeper, author=AUTHOR)
    db.session.commit()
    assert feature.category_id == keeper.id and gone.label not in labels(empty_map)
    assert db.session.get(Category, gone.id) is None


def test_remove_with_features_to_the_bin_keeps_everything_restorable(empty_map):
    gone = Category.of_map(empty_map.id)[0]
    feature = Feature.create(empty_map, gone, "Arbre", "", Point(2.89, 50.44), author=AUTHOR)
    db.session.commit()
    gone.remove(author=AUTHOR)
    db.session.commit()
    assert feature.is_deleted and gone.label not in labels(empty_map)
    feature.restore(author=AUTHOR)
    db.session.commit()
    assert gone.label in labels(empty_map) and not feature.is_deleted
