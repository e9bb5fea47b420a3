"""Editing the legend: add, rename, recolour, reorder, delete (asking what becomes of the features)."""
from shapely.geometry import Point

from app.extensions import db
from app.models import Category, Feature
from tests.conftest import HX
from tests.support.author import AUTHOR


def legend(map_):
    return [(c.label, c.colour) for c in Category.of_map(map_.id)]


def test_add_a_category_at_the_end(client, csrf, empty_map):
    response = client.post(f"/cartes/{empty_map.id}/legende", headers=HX, data={
        "csrf_token": csrf, "label": " Compost ", "colour": "#7A5A2F", "icon": "♻", "kinds": ["point", "polygon"]})
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "legend-changed"
    added = Category.of_map(empty_map.id)[-1]
    assert (added.label, added.colour, added.icon, added.kinds) == ("Compost", "#7a5a2f", "♻", "point polygon")


def test_bad_category_is_refused_with_input_kept(client, csrf, empty_map):
    before = legend(empty_map)
    response = client.post(f"/cartes/{empty_map.id}/legende", headers=HX, data={
        "csrf_token": csrf, "label": "Mare", "colour": "rouge", "icon": "", "kinds": []})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "format #rrvvbb" in body and "Cochez au moins une forme" in body
    assert 'value="Mare"' in body and legend(empty_map) == before


def test_rename_and_recolour(client, csrf, empty_map):
    category = Category.of_map(empty_map.id)[0]
    client.post(f"/cartes/{empty_map.id}/legende/{category.id}", headers=HX, data={
        "csrf_token": csrf, "label": "Jardins à activer", "colour": "#112233", "icon": "★", "kinds": ["polygon"]})
    db.session.refresh(category)
    assert (category.label, category.colour, category.kinds) == ("Jardins à activer", "#112233", "polygon")


def test_rename_to_nothing_is_refused_beside_that_entry(client, csrf, empty_map):
    category = Category.of_map(empty_map.id)[0]
    response = client.post(f"/cartes/{empty_map.id}/legende/{category.id}", headers=HX, data={
        "csrf_token": csrf, "label": "", "colour": "#112233", "icon": "", "kinds": ["point"]})
    assert response.status_code == 422 and "Donnez un nom à la catégorie." in response.get_data(as_text=True)
    db.session.refresh(category)
    assert category.label == "Parcelles à haut potentiel d'activation"


def test_reorder(client, csrf, empty_map):
    first, second = Category.of_map(empty_map.id)[:2]
    client.post(f"/cartes/{empty_map.id}/legende/{second.id}/monter", headers=HX, data={"csrf_token": csrf})
    assert Category.of_map(empty_map.id)[:2] == [second, first]
    client.post(f"/cartes/{empty_map.id}/legende/{second.id}/descendre", headers=HX, data={"csrf_token": csrf})
    assert Category.of_map(empty_map.id)[:2] == [first, second]


def test_delete_an_unused_category_at_once(client, csrf, empty_map):
    category = Category.of_map(empty_map.id)[-1]
    confirm = client.get(f"/cartes/{empty_map.id}/legende/{category.id}/supprimer", headers=HX).get_data(as_text=True)
    assert "Aucun élément n" in confirm
    client.post(f"/cartes/{empty_map.id}/legende/{category.id}/supprimer", headers=HX, data={"csrf_token": csrf})
    assert category.label not in [label for label, _ in legend(empty_map)]


def test_delete_a_category_in_use_asks_and_moves_its_features(client, csrf, empty_map):
    gone, keeper = Category.of_map(empty_map.id)[:2]
    feature = Feature.create(empty_map, gone, "Pommier", "", Point(2.89, 50.44), author=AUTHOR)
    db.session.commit()
    confirm = client.get(f"/cartes/{empty_map.id}/legende/{gone.id}/supprimer", headers=HX).get_data(as_text=True)
    assert "1 élément" in confirm and "Les déplacer vers une autre catégorie" in confirm
    refused = client.post(f"/cartes/{empty_map.id}/legende/{gone.id}/supprimer", headers=HX,
                          data={"csrf_token": csrf, "fate": "move", "move_to": ""})
    assert refused.status_code == 422 and "Choisissez la catégorie qui recevra" in refused.get_data(as_text=True)
    assert db.session.get(Category, gone.id) is not None
    client.post(f"/cartes/{empty_map.id}/legende/{gone.id}/supprimer", headers=HX,
                data={"csrf_token": csrf, "fate": "move", "move_to": keeper.id})
    db.session.refresh(feature)
    assert feature.category_id == keeper.id and not feature.is_deleted


def test_delete_a_category_in_use_with_its_features_to_the_bin(client, csrf, empty_map):
    gone = Category.of_map(empty_map.id)[0]
    feature = Feature.create(empty_map, gone, "Pommier", "", Point(2.89, 50.44), author=AUTHOR)
    db.session.commit()
    client.post(f"/cartes/{empty_map.id}/legende/{gone.id}/supprimer", headers=HX,
                data={"csrf_token": csrf, "fate": "bin"})
    db.session.refresh(feature)
    assert feature.is_deleted and gone.label not in [label for label, _ in legend(empty_map)]


def test_a_category_of_another_map_is_not_found(client, demo_map, empty_map):
    foreign = Category.of_map(demo_map.id)[0]
    assert client.get(f"/cartes/{empty_map.id}/legende/{foreign.id}/supprimer").status_code == 404


def test_legend_changes_without_htmx_redirect_to_the_editor_page(client, csrf, empty_map):
    category = Category.of_map(empty_map.id)[1]
    base = f"/cartes/{empty_map.id}/legende"
    posts = [(base, {"label": "Mare", "colour": "#2f86c9", "icon": "", "kinds": ["polygon"]}),
             (f"{base}/{category.id}", {"label": "Potager", "colour": "#5d9b3a", "icon": "", "kinds": ["point"]}),
             (f"{base}/{category.id}/monter", {}), (f"{base}/{category.id}/descendre", {}),
             (f"{base}/{category.id}/supprimer", {})]
    for url, data in posts:
        response = client.post(url, data={"csrf_token": csrf, **data})
        assert response.status_code == 303 and response.headers["Location"].endswith(f"{base}/modifier"), url
    assert "<html" in client.get(f"{base}/modifier").get_data(as_text=True)


def rows(map_, changed):
    """The legend editor's whole form as sent: every row as it is, with `changed` (a row's id → its new fields)."""
    data = {}
    for c in Category.of_map(map_.id):
        fields = {"label": c.label, "colour": c.colour, "icon": c.icon or "", "kinds": c.kinds.split()}
        fields.update(changed.get(c.id, {}))
        data.update({f"c{c.id}-{name}": value for name, value in fields.items()})
    return data


def test_the_editor_saves_every_row_at_once_and_keeps_a_refused_one_as_typed(client, csrf, empty_map):
    first, second, third = Category.of_map(empty_map.id)[:3]
    response = client.post(f"/cartes/{empty_map.id}/legende/modifier", headers=HX, data={"csrf_token": csrf, **rows(
        empty_map, {first.id: {"label": "Jardins"}, second.id: {"colour": "#112233"}, third.id: {"label": ""}})})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Donnez un nom à la catégorie." in body
    assert response.headers["HX-Trigger"] == "legend-changed"
    db.session.refresh(first), db.session.refresh(second), db.session.refresh(third)
    assert (first.label, second.colour) == ("Jardins", "#112233") and third.label
    assert f'name="c{third.id}-label" value=""' in body


def test_moving_a_row_keeps_the_edits_of_the_editor(client, csrf, empty_map):
    first, second = Category.of_map(empty_map.id)[:2]
    client.post(f"/cartes/{empty_map.id}/legende/{second.id}/monter", headers=HX,
                data={"csrf_token": csrf, **rows(empty_map, {first.id: {"label": "Jardins"}})})
    assert Category.of_map(empty_map.id)[:2] == [second, first]
    db.session.refresh(first)
    assert first.label == "Jardins"
