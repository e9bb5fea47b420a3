"""An owner erases one person's contributions on a map, on request: a member, or a resident by pseudonym; their
items, comments and photos deleted, or only their name taken off. The history keeps that it was done, not whose."""
from pathlib import Path

from app.extensions import db
from app.models import Comment, Feature, Photo, Revision
from app.photos import store
from tests.conftest import HX, csrf_of
from tests.people.conftest import NAME, OTHER, PSEUDONYM, rows_holding
from tests.support import state


def erase(client, map_, who, *kinds):
    data = {"csrf_token": csrf_of(client), "who": who, **dict.fromkeys(kinds, "y")}
    return client.post(f"/cartes/{map_.id}/effacer-contributions", headers=HX, data=data)


def test_the_owner_erases_a_resident_by_pseudonym_with_their_items(client, traces, demo_map):
    page = client.get(f"/cartes/{demo_map.id}/effacer-contributions").get_data(as_text=True)
    assert f'value="p{PSEUDONYM}"' in page and f'value="m{traces.person.id}"' in page
    assert f'value="p{NAME}"' not in page  # a member's name is offered as the member
    proposed, seen = traces.features["proposed"], demo_map.revision
    response = erase(client, demo_map, f"p{PSEUDONYM}", "items", "comments", "photos")
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "features-changed"
    assert "1 élément(s), 0 commentaire(s) et 0 photo(s) supprimés" in response.get_data(as_text=True)
    assert db.session.get(Feature, proposed.id) is None
    assert rows_holding(PSEUDONYM) == set()
    assert traces.features["plot"].plot.holder == ""  # the plot given to that pseudonym is free again
    assert rows_holding(NAME) and rows_holding(OTHER)  # the others' names stay
    entry = Revision.listed(demo_map.id)[0]
    assert (entry.action, entry.author, entry.after["erased"]) == ("erased", "Camille",
                                                                   {"items": 1, "comments": 0, "photos": 0})
    history = client.get(f"/cartes/{demo_map.id}/historique").get_data(as_text=True)
    assert "Contributions d'une personne effacées" in history and PSEUDONYM not in history
    feed = client.get(f"/cartes/{demo_map.id}/changements?depuis={seen}").get_json()
    assert proposed.id in feed["removed"]


def test_the_owner_takes_a_member_s_name_off_the_map_and_keeps_what_they_made(client, traces, demo_map):
    items_before = len(Feature.listed(demo_map.id)[0])
    assert erase(client, demo_map, f"m{traces.person.id}").status_code == 200
    assert len(Feature.listed(demo_map.id)[0]) == items_before
    assert rows_holding(NAME) == {("users", "display_name")}  # her account keeps its name; the map, none of it
    assert [c.author for c in Comment.of_feature(traces.features["edited"].id)] == [""]
    assert db.session.get(Photo, traces.photo.id).author == ""
    assert db.session.get(Photo, traces.other_photo.id).author == OTHER
    assert [c.author for c in Comment.of_feature(traces.features["others"].id)] == [OTHER]


def test_the_owner_deletes_a_member_s_comments_and_photos(client, traces, demo_map):
    files = [Path(path) for path in store.files_of(traces.photo.stored_name)]
    assert all(path.exists() for path in files)
    response = erase(client, demo_map, f"m{traces.person.id}", "comments", "photos")
    assert "0 élément(s), 1 commentaire(s) et 1 photo(s) supprimés" in response.get_data(as_text=True)
    assert Comment.of_feature(traces.features["edited"].id) == []
    assert db.session.get(Photo, traces.photo.id) is None and not any(path.exists() for path in files)
    assert "Je passe arroser jeudi." not in str(state.everything()[0]["revisions"])
    assert db.session.get(Feature, traces.features["created"].id) is not None


def test_nobody_chosen_is_said_at_the_field_and_nothing_changes(client, traces, demo_map):
    before = state.everything()
    for who in ("", "pQuelqu'un d'autre", "m999999"):
        response = erase(client, demo_map, who, "items")
        assert response.status_code == 422
        assert "Choisissez la personne dont les contributions sont à effacer." in response.get_data(as_text=True)
    assert state.everything() == before
