"""Each change made through the app is in the history under the name of the person who made it."""
from sqlalchemy import select

from app.extensions import db
from app.models import Feature, Revision
from tests.conftest import HX
from tests.features.test_routes import form


def test_every_change_made_through_the_app_names_who_made_it(client, csrf, empty_map):
    base, category = f"/cartes/{empty_map.id}", empty_map.categories[0]

    def post(path, data=None):
        return client.post(base + path, data=data or {"csrf_token": csrf}, headers=HX).status_code

    assert post("/elements", form(csrf, category)) == 200
    feature = Feature.listed(empty_map.id)[0][0]
    edited = form(csrf, category, title="Jardin partagé du 12", geometry="", version=feature.version)
    assert post(f"/elements/{feature.id}", edited) == 200
    assert post(f"/elements/{feature.id}/supprimer") == post(f"/elements/{feature.id}/restaurer") == 200
    created = Revision.listed(empty_map.id, feature_id=feature.id, limit=None)[-1]
    assert post(f"/historique/{created.id}/retablir") == 200
    assert post(f"/legende/{empty_map.categories[-1].id}/supprimer") == 200  # an entry no item is filed under
    revisions = db.session.scalars(select(Revision).where(Revision.map_id == empty_map.id)).all()
    assert [r.action for r in revisions] == ["created", "edited", "deleted", "restored", "edited", "legend"]
    assert {r.author for r in revisions} == {"Camille"}  # the owner's display name
