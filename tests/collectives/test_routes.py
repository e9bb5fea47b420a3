"""Collectives: founding one, inviting and joining, roles, and maps belonging to them."""
import logging

from sqlalchemy import select

from app.extensions import db
from app.models import Collective, Map, MemberInvite, User
from tests.conftest import csrf_of, log_in, with_password


def test_found_a_collective_and_become_its_owner(client, csrf, owner):
    response = client.post("/collectifs", data={"csrf_token": csrf, "name": "Jardins de la cité Bruno",
                                                "kind": "association-habitants"})
    collective = db.session.scalar(select(Collective).where(Collective.name == "Jardins de la cité Bruno"))
    assert response.status_code == 303 and response.headers["Location"] == f"/collectifs/{collective.id}"
    assert collective.membership_of(owner).role == "owner"
    page = client.get(f"/collectifs/{collective.id}").get_data(as_text=True).replace("&#39;", "'")
    assert "Association d'habitants · votre rôle : Responsable" in page and "Inviter un membre" in page


def test_a_collective_needs_a_name_and_a_known_type(client, csrf):
    response = client.post("/collectifs", data={"csrf_token": csrf, "name": " ", "kind": "club-de-foot"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Donnez un nom au collectif." in page and 'id="kind-error"' in page
    assert len(db.session.scalars(select(Collective)).all()) == 1  # only the test's own


def test_invite_by_email_then_the_person_joins_with_that_role(app, client, csrf, collective, caplog):
    with caplog.at_level(logging.WARNING):
        page = client.post(f"/collectifs/{collective.id}/invitations", data={
            "csrf_token": csrf, "role": "editor", "email": "nadia@exemple.fr"}).get_data(as_text=True)
    invitation = db.session.scalar(select(MemberInvite))
    assert f"/rejoindre/{invitation.token}" in page and f"/rejoindre/{invitation.token}" in caplog.text
    assert "nadia@exemple.fr" not in caplog.text  # no private data in the log
    nadia = User(email="nadia@exemple.fr", display_name="Nadia")
    with_password(nadia)
    db.session.add(nadia)
    db.session.commit()
    browser = app.test_client()
    first = browser.get(f"/rejoindre/{invitation.token}")  # log in or sign up first, then back here
    assert first.status_code == 302 and first.headers["Location"].startswith("/compte/connexion?next=")
    log_in(browser, nadia.id)
    path = f"/rejoindre/{invitation.token}"
    assert "Éditeur" in browser.get(path).get_data(as_text=True)
    assert browser.post(path, data={"csrf_token": csrf_of(browser, path)}).status_code == 303
    assert collective.membership_of(nadia).role == "editor"


def test_a_revoked_invitation_no_longer_lets_anyone_join(app, client, csrf, collective, member):
    invitation = MemberInvite(collective=collective, role="editor")
    db.session.add(invitation)
    db.session.commit()
    client.post(f"/collectifs/{collective.id}/invitations/{invitation.id}/revoquer", data={"csrf_token": csrf})
    latecomer = User(email="tard@exemple.fr", display_name="Tard")
    with_password(latecomer)
    db.session.add(latecomer)
    db.session.commit()
    browser = app.test_client()
    log_in(browser, latecomer.id)
    response = browser.post(f"/rejoindre/{invitation.token}", data={"csrf_token": csrf_of(browser)})
    assert response.status_code == 303 and collective.membership_of(latecomer) is None


def test_the_owner_changes_a_role_and_cannot_leave_the_collective_without_an_owner(client, csrf, collective, owner,
                                                                                   member):
    nadia = member("Nadia", "viewer")
    membership = collective.membership_of(nadia)
    client.post(f"/collectifs/{collective.id}/membres/{membership.id}", data={"csrf_token": csrf, "role": "editor"})
    assert collective.membership_of(nadia).role == "editor"
    mine = collective.membership_of(owner)
    response = client.post(f"/collectifs/{collective.id}/membres/{mine.id}", data={"csrf_token": csrf,
                                                                                    "role": "viewer"})
    assert collective.membership_of(owner).role == "owner"
    assert "au moins un responsable" in client.get(response.headers["Location"]).get_data(as_text=True)
    client.post(f"/collectifs/{collective.id}/membres/{membership.id}", data={"csrf_token": csrf, "retirer": "1"})
    assert collective.membership_of(nadia) is None


def test_a_map_is_made_for_one_of_ones_collectives_only(client, csrf, app):
    outsider = User(email="ailleurs@exemple.fr", display_name="Ailleurs")
    with_password(outsider)
    theirs = Collective.found("Autre", "commune", outsider)
    db.session.commit()
    response = client.post("/cartes", data={"csrf_token": csrf, "name": "Intruse", "legend": "vide",
                                            "collective": theirs.id, "visibility": "public"})
    assert response.status_code == 422 and "Choisissez un de vos collectifs." in response.get_data(as_text=True)
    assert db.session.scalar(select(Map)) is None


def test_home_lists_public_maps_and_ones_own_but_no_one_elses_private_map(app, client, empty_map, anonymous):
    assert "Cité test" in client.get("/").get_data(as_text=True)
    assert "Cité test" not in anonymous.get("/").get_data(as_text=True)
    assert "connectez-vous" in anonymous.get("/").get_data(as_text=True)
