"""« Supprimer mon compte » and `flask rgpd effacer`: the account goes, with every trace of its name, address and
pseudonym, history included; what it made stays on the collective's maps, signed « ancien membre »."""
import io
import json
import zipfile

import pytest
from shapely.geometry import Point, mapping
from sqlalchemy import func, select

from app.extensions import db
from app.models import Category, Collective, Comment, Feature, Photo, Revision, User, Walk
from tests.conftest import HX, PASSWORD, csrf_of, log_in
from tests.people.conftest import EMAIL, NAME, OTHER, OTHER_EMAIL, PSEUDONYM, rows_holding
from tests.photos.images import plain_jpeg
from tests.support import state


def delete(client, password=PASSWORD):
    return client.post("/compte/supprimer", data={"csrf_token": csrf_of(client), "password": password})


def pages_of(map_, traces):
    """Every page of the map the person touched, as its owner reads them (the one who sees every name)."""
    base = f"/cartes/{map_.id}"
    items = [f"{base}/elements/{feature.id}" for feature in traces.features.values()]
    plot, ticked = traces.features["plot"], "&".join(f"categorie={c.id}" for c in Category.of_map(map_.id))
    return [base, f"{base}/elements", f"{base}/historique", f"{base}/marches",
            *[f"{base}/marches/{walk.id}" for walk in Walk.of_map(map_.id)], f"{base}/moderation",
            f"{base}/elements/{plot.plot.zone_id}/parcelles", f"{base}/elements/{plot.plot.zone_id}/parcelles/plan",
            f"{base}/elements/{plot.id}/attribution", *[f"{base}/export/telecharger?format={kind}&{ticked}"
                                                        for kind in ("geojson", "csv", "kml", "umap")],
            *items, *[f"{item}/commentaires" for item in items]]


def test_deleting_one_s_account_leaves_no_trace_of_the_name_address_or_pseudonym(client, traces, demo_map):
    assert rows_holding(NAME) and rows_holding(PSEUDONYM) and rows_holding(EMAIL)  # the fixture left them
    assert any(NAME in client.get(page).get_data(as_text=True) for page in pages_of(demo_map, traces))
    response = delete(traces.client)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "Votre compte est supprimé" in traces.client.get("/").get_data(as_text=True)
    assert "Se déconnecter" not in traces.client.get("/").get_data(as_text=True)
    assert db.session.get(User, traces.person.id) is None
    assert rows_holding(NAME, EMAIL, PSEUDONYM) == set()
    for page in pages_of(demo_map, traces):
        answer = client.get(page, headers=HX)
        assert answer.status_code == 200, page
        assert [word for word in (NAME, EMAIL, PSEUDONYM) if word in answer.get_data(as_text=True)] == [], page
    assert "ancien membre" in client.get(f"/cartes/{demo_map.id}/historique").get_data(as_text=True)
    with zipfile.ZipFile(io.BytesIO(client.get(f"/cartes/{demo_map.id}/sauvegarde").data)) as backup:
        kept = backup.read("voyette.json").decode()
    assert OTHER in kept and not [word for word in (NAME, EMAIL, PSEUDONYM) if word in kept]  # the map's backup


def test_what_the_account_made_stays_signed_ancien_membre_and_the_others_keep_their_names(client, traces, demo_map):
    delete(traces.client)
    created, edited = traces.features["created"], traces.features["edited"]
    assert db.session.get(Feature, created.id).title == "Banc cassé"  # the collective's item stays
    assert Revision.listed(demo_map.id, created.id)[-1].author == "ancien membre"
    assert [c.author for c in Comment.of_feature(edited.id)] == ["ancien membre"]
    assert db.session.get(Photo, traces.photo.id).author == "ancien membre"
    assert traces.features["plot"].plot.holder == "ancien membre"
    # Bertrand's stay his
    assert rows_holding(OTHER, OTHER_EMAIL) >= {("users", "email"), ("users", "display_name"), ("comments", "author"),
                                               ("photos", "author"), ("walks", "facilitator"), ("revisions", "author")}
    assert db.session.get(Photo, traces.other_photo.id).author == OTHER
    assert [c.author for c in Comment.of_feature(traces.features["others"].id)] == [OTHER]
    assert "ancien membre" in client.get(f"/cartes/{demo_map.id}/elements/{edited.id}").get_data(as_text=True)


def test_a_wrong_password_is_said_next_to_the_field_and_nothing_changes(traces):
    before = state.everything()
    response = delete(traces.client, "pas le bon")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Mot de passe incorrect : votre compte n&#39;est pas supprimé." in page
    assert page.index("Mot de passe incorrect") > page.index('name="password"')  # next to the field
    after = state.everything()
    del before[0]["login_attempts"], after[0]["login_attempts"]  # the failure counts, as at login
    assert after == before


def test_the_last_owner_of_a_collective_is_asked_to_name_another_one_first(app, owner, collective, traces):
    client = app.test_client()
    log_in(client, owner.id)
    page = client.get("/compte/supprimer").get_data(as_text=True)
    assert "nommez d'abord un autre responsable" in page and "Centre social Test" in page
    before = state.everything()
    response = delete(client)
    assert response.status_code == 409 and "Centre social Test" in response.get_data(as_text=True)
    assert state.everything() == before
    collective.set_role(collective.membership_of(traces.person), "owner")
    db.session.commit()
    assert delete(client).status_code == 303
    assert db.session.get(User, owner.id) is None
    assert [m.user_id for m in db.session.get(Collective, collective.id).memberships if m.role == "owner"] == \
        [traces.person.id]


def test_the_operator_erases_an_account_from_the_command_line(app, traces):
    runner = app.test_cli_runner()
    asked = runner.invoke(args=["rgpd", "effacer", EMAIL], input="n\n")
    assert asked.exit_code == 1 and db.session.get(User, traces.person.id) is not None
    result = runner.invoke(args=["rgpd", "effacer", EMAIL, "--oui", "--pseudonyme", PSEUDONYM])
    assert result.exit_code == 0, result.output
    assert rows_holding(NAME, EMAIL, PSEUDONYM) == set()
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == OTHER_EMAIL)) == 1


def test_the_command_refuses_an_unknown_address_and_a_last_owner(app, owner):
    runner = app.test_cli_runner()
    assert "Aucun compte" in runner.invoke(args=["rgpd", "effacer", "personne@exemple.fr", "--oui"]).output
    refused = runner.invoke(args=["rgpd", "effacer", owner.email, "--oui"])
    assert refused.exit_code == 1 and "dernier responsable" in refused.output
    assert db.session.get(User, owner.id) is not None


@pytest.mark.parametrize("path", ["/compte/supprimer", "/compte/mes-donnees"])
def test_someone_logged_out_is_asked_to_log_in(anonymous, path):
    assert anonymous.get(path).headers["Location"].startswith("/compte/connexion")


def test_what_the_account_signed_under_a_name_it_displays_no_more_goes_too(app, member, demo_map):
    """Its history entries and photos know the account: renamed since, they are still found."""
    person = member("Zoé Martin", "editor")
    client = app.test_client()
    log_in(client, person.id)
    category = Category.of_map(demo_map.id)[0]
    made = client.post(f"/cartes/{demo_map.id}/elements", headers=HX, data={
        "csrf_token": csrf_of(client), "title": "Nid de poule", "category": str(category.id),
        "geometry": json.dumps(mapping(Point(2.892, 50.445))), "photo": (io.BytesIO(plain_jpeg()), "nid.jpg")})
    assert made.status_code == 200, made.get_data(as_text=True)
    renamed = client.post("/compte", data={"csrf_token": csrf_of(client), "display_name": "Zoé M."})
    assert renamed.status_code == 303
    assert rows_holding("Zoé Martin") == {("revisions", "author"), ("photos", "author")}
    assert delete(client).status_code == 303
    assert rows_holding("Zoé Martin", "Zoé M.", person.email) == set()
    assert Revision.listed(demo_map.id)[0].author == "ancien membre"
