"""Deleting a map: its owners only, its name typed; every row and file of it goes, in one transaction, and nothing
of another map. Deleting a collective once it has no map."""
from pathlib import Path

import pytest
from flask import current_app
from shapely.geometry import Point, box
from sqlalchemy import or_, select

from app.answers import answers
from app.expenses import store as receipts
from app.extensions import db
from app.features.layer import kept_prefix
from app.formats.items import Item, Reading
from app.imports import kept
from app.models import (
    Category,
    Collective,
    Comment,
    ContributionLink,
    Feature,
    Map,
    MemberInvite,
    Membership,
    Parcel,
    Photo,
    Presence,
    Proposal,
    User,
)
from app.photos import store
from tests.backups.test_backups import everything
from tests.conftest import csrf_of, log_in, with_password
from tests.photos.images import as_upload, plain_jpeg
from tests.support import state
from tests.support.author import AUTHOR


def tied_rows(map_id):
    """Every row of every table of the models that refers to the map, directly or through rows that do (an item's
    photo, an action's budget line, a comment of a revision…), found from the foreign keys alone: {table: rows}."""
    tied = {"maps": db.session.execute(select(Map.__table__).where(Map.id == map_id)).mappings().all()}
    for table in db.metadata.sorted_tables:  # parents before children: one pass finds every row
        conditions = [key.parent.in_([row[key.column.name] for row in tied[key.column.table.name]])
                      for key in table.foreign_keys if tied.get(key.column.table.name)]
        if table.name != "maps" and conditions:
            tied[table.name] = db.session.execute(select(table).where(or_(*conditions))).mappings().all()
    return {name: rows for name, rows in tied.items() if rows}


def files_under(setting):
    return {path.name for path in Path(current_app.config[setting]).rglob("*") if path.is_file()}


def full(map_):
    """The map with one of everything a map can hold, each kind of row and file, and its layer kept in memory."""
    everything(map_)
    items = Feature.listed(map_.id)[0]
    link = ContributionLink(map_id=map_.id, label="Balade", moderated=True)
    db.session.add(link)
    db.session.flush()
    Proposal.propose(map_, link, Category.of_map(map_.id)[0], "Banc", "", Point(2.89, 50.443), author="Karim")
    Presence.here(map_.id, "un-visiteur", "Karim")
    Parcel.replace_layer(map_, [("62413000AB0001", "AB", "0001", 120, box(2.88, 50.44, 2.881, 50.441))])
    Comment.add(items[1], "Et ici aussi.", author=AUTHOR)
    db.session.commit()
    return kept.keep(Reading([Item(Point(2.9, 50.4), {"nom": "Banc"})], ["nom"], []), map_.id)


@pytest.fixture
def other_map(collective):
    """Another map of the same collective, with a photo and an import waiting: what must stay."""
    from app import legends
    map_ = Map(name="Cité voisine", collective=collective)
    legends.apply(map_, "carte-sensible")
    db.session.add(map_)
    db.session.flush()
    feature = Feature.create(map_, map_.categories[0], "Puits", "", Point(2.9, 50.44), author=AUTHOR)
    store.attach(feature, as_upload(plain_jpeg()), author=AUTHOR)
    db.session.commit()
    kept.keep(Reading([Item(Point(2.9, 50.4), {"nom": "Banc"})], ["nom"], []), map_.id)
    return map_


def test_deleting_a_map_leaves_no_row_and_no_file_of_it(client, demo_map, other_map, collective):
    preview = full(demo_map)
    map_id = demo_map.id
    assert client.get(f"/cartes/{map_id}/elements.geojson").status_code == 200
    tied_before = tied_rows(map_id)
    # Every kind of row a map holds is there to be deleted, so that none is left unchecked.
    assert set(tied_before) == {table.name for table in db.metadata.sorted_tables} - {
        "collectives", "users", "memberships", "member_invites", "login_attempts", "mailed_links"}
    photo_files = {f"{p.stored_name}{end}" for p in db.session.scalars(select(Photo).join(Feature)
                                                                         .where(Feature.map_id == map_id))
                   for end in (".jpg", "-mini.jpg")}
    photo_files |= {receipts.filename(stored_name, kind) for stored_name, kind in receipts.stored_names_of_map(map_id)}
    assert any(name.endswith(".pdf") for name in photo_files)  # a receipt's, in the same folder
    other_files = files_under("PHOTO_DIR") - photo_files
    other_rows = tied_rows(other_map.id)
    # (The import folder is the test session's: a map of an earlier test may have had the same number.)
    own_previews = {name for name in files_under("IMPORT_DIR") if name.startswith(f"{map_id}-")}
    assert photo_files <= files_under("PHOTO_DIR") and any(name.startswith(preview) for name in own_previews)
    assert any(key.startswith(kept_prefix(map_id)) for key in answers().kept_keys())

    path = f"/cartes/{map_id}/supprimer"
    response = client.post(path, data={"csrf_token": csrf_of(client, path), "name": demo_map.name})

    assert response.status_code == 303
    assert response.headers["Location"] == f"/collectifs/{collective.id}"
    assert tied_rows(map_id) == {}
    assert files_under("PHOTO_DIR") == other_files and not photo_files & files_under("PHOTO_DIR")
    assert not own_previews & files_under("IMPORT_DIR")
    assert tied_rows(other_map.id) == other_rows  # the other map is whole, its photo and its import waiting
    assert any(name.startswith(f"{other_map.id}-") for name in files_under("IMPORT_DIR"))
    assert not any(key.startswith(kept_prefix(map_id)) for key in answers().kept_keys())
    assert client.get(f"/cartes/{map_id}/elements.geojson").status_code == 404
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "La carte « Cité d&#39;Orient, Harnes » est supprimée, avec tout ce qu&#39;elle contenait" in page
    assert f'href="/cartes/{map_id}"' not in page and f'href="/cartes/{other_map.id}"' in page


def test_a_mistyped_name_deletes_nothing_and_says_why_beside_the_field(client, demo_map):
    full(demo_map)
    path = f"/cartes/{demo_map.id}/supprimer"
    page = client.get(path).get_data(as_text=True)
    assert f'href="/cartes/{demo_map.id}/sauvegarde"' in page  # the backup is offered first
    before = state.everything()
    for typed in ("", demo_map.name.lower(), demo_map.name + " bis", "Cité d'Orient ".replace("'", "’")):
        response = client.post(path, data={"csrf_token": csrf_of(client, path), "name": typed})
        assert response.status_code == 422
        assert state.everything() == before
        text = response.get_data(as_text=True)
        assert 'aria-invalid="true"' in text and "Ce n&#39;est pas le nom de la carte : rien n&#39;est supprimé" in text
    assert client.get(f"/cartes/{demo_map.id}").status_code == 200


@pytest.mark.parametrize("role", ["editor", "contributor", "outsider", "anonymous"])
def test_only_the_owners_may_delete_a_map(app, demo_map, role):
    """Even with the name typed right: an editor and a contributor are refused (403), someone of another collective
    and an anonymous visitor of a public map too (the map is public, so they see it: 403 as well)."""
    demo_map.visibility = "public"
    person = with_password(User(email=f"{role}@exemple.fr", display_name=role.title()))
    if role in ("editor", "contributor"):
        demo_map.collective.join(person, role)
    elif role == "outsider":
        Collective.found("Autre collectif", "association", person)
    db.session.commit()
    browser = app.test_client()
    if role != "anonymous":
        log_in(browser, person.id)
    path = f"/cartes/{demo_map.id}/supprimer"
    before = state.everything()
    assert browser.get(path).status_code == 403
    assert browser.post(path, data={"csrf_token": csrf_of(browser), "name": demo_map.name}).status_code == 403
    assert state.everything() == before


def test_the_sharing_panel_leads_to_the_deletion(client, demo_map):
    page = client.get(f"/cartes/{demo_map.id}/partage").get_data(as_text=True)
    assert f'href="/cartes/{demo_map.id}/supprimer"' in page


def test_a_collective_with_a_map_is_not_deleted(client, collective, demo_map):
    path = f"/collectifs/{collective.id}/supprimer"
    page = client.get(path).get_data(as_text=True)
    assert "a encore une carte : supprimez-la" in page and 'name="name"' not in page
    before = state.everything()
    response = client.post(path, data={"csrf_token": csrf_of(client, path), "name": collective.name})
    assert response.status_code == 422 and "a encore une carte" in response.get_data(as_text=True)
    assert state.everything() == before


def test_a_collective_without_maps_goes_with_its_memberships_and_invitations(client, collective, owner):
    member = with_password(User(email="lucie@exemple.fr", display_name="Lucie"))
    collective.join(member, "editor")
    db.session.add(MemberInvite(collective=collective, role="viewer"))
    other = Collective.found("Autre collectif", "association", member)
    db.session.commit()
    assert client.get(f"/collectifs/{collective.id}").get_data(as_text=True).count("/supprimer") == 1
    path = f"/collectifs/{collective.id}/supprimer"
    wrong = client.post(path, data={"csrf_token": csrf_of(client, path), "name": "centre social test"})
    assert wrong.status_code == 422 and "Ce n&#39;est pas le nom du collectif" in wrong.get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf_of(client, path), "name": collective.name})
    assert response.status_code == 303 and response.headers["Location"] == "/collectifs"
    db.session.rollback()
    assert db.session.scalars(select(Collective.id)).all() == [other.id]
    assert db.session.scalars(select(Membership.collective_id)).all() == [other.id]
    assert db.session.scalars(select(MemberInvite)).all() == []
    assert {u.id for u in db.session.scalars(select(User))} == {owner.id, member.id}  # accounts stay
    assert "Le collectif « Centre social Test » est supprimé" in client.get("/collectifs").get_data(as_text=True)


def test_no_photo_can_be_added_while_a_deleted_map_s_files_are_listed(demo_map):
    """From the listing of its photos to the commit, nobody can add a photo (or anything) to the map: a photo that
    came in between would lose its row with the map and leave its files behind."""
    from sqlalchemy import event, text
    from sqlalchemy.exc import OperationalError

    from app.database import is_spatialite
    from app.maps.deleting import delete_map
    from tests.support.locks import map_writable
    feature_id = Feature.listed(demo_map.id)[0][0].id
    seen = []

    def item_free():
        """Whether a photo's row could name the item now: the key share lock its foreign key's check takes."""
        with db.engine.connect() as connection:
            try:
                connection.execute(text("SELECT id FROM features WHERE id = :id FOR KEY SHARE NOWAIT"),
                                   {"id": feature_id})
                return True
            except OperationalError:
                return False
            finally:
                connection.rollback()

    def probe(_connection, _cursor, statement, *_args):
        if "photos.stored_name" in statement:  # the photos just listed, before the map's row goes
            seen.append(map_writable(demo_map.id) if is_spatialite(db.engine) else item_free())

    event.listen(db.engine, "after_cursor_execute", probe)
    try:
        delete_map(demo_map)
    finally:
        event.remove(db.engine, "after_cursor_execute", probe)
    assert seen == [False]
