"""A category id read from a revision, a backup or a form reaches only the legend of the map it is used on: one
collective never files an item under another's category, sees its labels, brings it back or counts in its uses."""
import io
import json
import zipfile

from shapely.geometry import Point
from sqlalchemy import select

from app.backups.archive import backup
from app.extensions import db
from app.models import Category, Collective, Feature, Map, Revision, User
from app.models.map import utcnow
from tests.conftest import HX, csrf_of, log_in, with_password
from tests.support.author import AUTHOR

SECRET = "Squat signalé rue Pasteur"  # a label only collective A knows


def _stranger(email="mallory@exemple.fr"):
    """Someone who founds a collective of their own (B), and knows nothing of the test collective (A)."""
    user = User(email=email, display_name="Mallory")
    with_password(user)
    collective = Collective.found("Collectif B", "association", user)
    db.session.commit()
    return user, collective


def _crafted_backup(map_, category_id):
    """A backup of `map_` whose revisions all name `category_id`, as someone may edit it before restoring it."""
    content = json.loads(zipfile.ZipFile(io.BytesIO(backup(map_))).read("voyette.json"))
    for revision in content["tables"]["revisions"]:
        for state in (revision.get("before"), revision.get("after")):
            if state and "category_id" in state:
                state["category_id"] = category_id
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("voyette.json", json.dumps(content))
    return out.getvalue()


def _restore(browser, collective, data):
    token = csrf_of(browser)
    answer = browser.post(f"/collectifs/{collective.id}/restaurer", content_type="multipart/form-data",
                          data={"csrf_token": token, "sauvegarde": (io.BytesIO(data), "b.voyette.zip")})
    assert answer.status_code == 303
    return db.session.scalars(select(Map).where(Map.collective_id == collective.id)).one(), token


def _restored_by_a_stranger(app, archive):
    """Another collective's owner restores a backup: (their browser, the new map, a CSRF token, its first revision
    of an item)."""
    attacker, theirs = _stranger()
    browser = app.test_client()
    log_in(browser, attacker.id)
    new_map, token = _restore(browser, theirs, archive)
    revision = db.session.scalars(select(Revision).where(Revision.map_id == new_map.id, Revision.feature_id.isnot(None))
                                  .order_by(Revision.id)).first()
    return browser, new_map, token, revision


def _binned_victim(map_):
    victim = Category.of_map(map_.id)[0]
    victim.label, victim.deleted_at = SECRET, utcnow()
    db.session.commit()
    return victim


def test_a_restored_backup_keeps_no_category_id_of_another_map(app, demo_map, empty_map):
    victim = _binned_victim(empty_map)
    _browser, new_map, _token, _revision = _restored_by_a_stranger(app, _crafted_backup(demo_map, victim.id))
    theirs_ids = {c.id for c in db.session.scalars(select(Category).where(Category.map_id == new_map.id))}
    revisions = db.session.scalars(select(Revision).where(Revision.map_id == new_map.id)).all()
    named = {state["category_id"] for revision in revisions
             for state in (revision.before, revision.after) if state and state.get("category_id") is not None}
    assert named <= theirs_ids


def test_reverting_a_revision_naming_another_maps_category_keeps_the_items_own(app, demo_map, empty_map):
    victim = _binned_victim(empty_map)
    browser, new_map, token, revision = _restored_by_a_stranger(app, _crafted_backup(demo_map, victim.id))
    # Whatever the restore kept of it, the revision is made to name A's category, as a crafted row would.
    revision.after = {**revision.after, "category_id": victim.id}
    db.session.commit()
    feature_id, own = revision.feature_id, revision.feature.category_id
    answer = browser.post(f"/cartes/{new_map.id}/historique/{revision.id}/retablir", data={"csrf_token": token},
                          headers=HX)
    assert answer.status_code == 200
    db.session.expire_all()
    feature = db.session.get(Feature, feature_id)
    assert feature.category_id == own and feature.category.map_id == new_map.id
    assert db.session.get(Category, victim.id).deleted_at is not None  # A's bin is left alone
    assert victim.usage() == (0, 0)
    detail = browser.get(f"/cartes/{new_map.id}/elements/{feature_id}").get_data(as_text=True)
    assert SECRET not in answer.get_data(as_text=True) and SECRET not in detail
    assert "garde sa catégorie actuelle" in answer.get_data(as_text=True)


def test_reverting_after_a_category_id_went_to_another_map_keeps_the_items_own(client, csrf, demo_map):
    # An entry used once, then deleted for good; its id is given again, to a legend entry of collective B (SQLite
    # does so by itself: its ids have no AUTOINCREMENT; here the id is given explicitly, on both databases).
    temporary = Category(map=demo_map, label="Provisoire", colour="#123456", position=99)
    db.session.add(temporary)
    db.session.flush()
    feature = Feature.create(demo_map, temporary, "Banc", "", Point(2.892, 50.443), author=AUTHOR)
    db.session.commit()
    created = db.session.scalars(select(Revision).where(Revision.feature_id == feature.id)).first()
    freed, feature_id = temporary.id, feature.id
    other = next(c for c in Category.of_map(demo_map.id) if c.id != freed and c.accepts("point"))
    other_id = other.id
    client.post(f"/cartes/{demo_map.id}/legende/{freed}/supprimer", headers=HX,
                data={"csrf_token": csrf, "fate": "move", "move_to": other.id})
    assert db.session.get(Category, freed) is None
    _user, theirs = _stranger("b@exemple.fr")
    their_map = Map(name="Carte de B", commune="Liévin", collective=theirs, visibility="private")
    db.session.add_all([their_map, Category(id=freed, map=their_map, label=SECRET, colour="#aa0000", position=1)])
    db.session.commit()
    answer = client.post(f"/cartes/{demo_map.id}/historique/{created.id}/retablir", headers=HX,
                         data={"csrf_token": csrf})
    assert answer.status_code == 200
    db.session.expire_all()
    feature = db.session.get(Feature, feature_id)
    assert feature.category_id == other_id
    assert SECRET not in answer.get_data(as_text=True)


def test_a_legend_entry_counts_and_removes_only_the_items_of_its_own_map(client, csrf, demo_map, empty_map):
    # An item of another map filed under this entry (what the flaws above could leave behind) is none of its own.
    victim = next(c for c in Category.of_map(empty_map.id) if c.accepts("point"))
    victim_id = victim.id
    own = Feature.create(empty_map, victim, "Le sien", "", Point(2.892, 50.443), author=AUTHOR)
    stray = Feature.create(demo_map, victim, "Intrus", "", Point(2.892, 50.443), author=AUTHOR)
    db.session.commit()
    own_id, stray_id = own.id, stray.id
    assert victim.usage() == (1, 0)
    answer = client.post(f"/cartes/{empty_map.id}/legende/{victim_id}/supprimer", headers=HX,
                         data={"csrf_token": csrf, "fate": "bin"})
    assert answer.status_code == 200
    db.session.expire_all()
    assert db.session.get(Feature, own_id).deleted_at is not None
    assert db.session.get(Feature, stray_id).deleted_at is None


def test_reverting_a_revision_whose_state_is_unreadable_is_refused_in_french(app, demo_map):
    # A restored backup's revision may say anything of the item; « Rétablir » must not trust it blindly.
    browser, new_map, token, revision = _restored_by_a_stranger(app, backup(demo_map))
    feature_id = revision.feature_id
    before = db.session.get(Feature, feature_id).snapshot()
    for broken in ({"title": "x" * 5000}, {"geometry": "pas une forme"}, {"title": ["x"]}, {"geometry": None}):
        revision.after = {**revision.after, **broken}
        db.session.commit()
        answer = browser.post(f"/cartes/{new_map.id}/historique/{revision.id}/retablir", data={"csrf_token": token},
                              headers=HX)
        assert answer.status_code == 422, broken
        assert "ne peut pas être rétabli" in answer.get_data(as_text=True)
        db.session.expire_all()
        assert db.session.get(Feature, feature_id).snapshot() == before
        revision = db.session.get(Revision, revision.id)


def test_the_history_of_a_restored_backup_reads_even_when_a_revision_lacks_a_field(app, demo_map):
    browser, new_map, _token, revision = _restored_by_a_stranger(app, backup(demo_map))
    revision.after = {"deleted": False}
    db.session.commit()
    assert browser.get(f"/cartes/{new_map.id}/historique", headers=HX).status_code == 200
