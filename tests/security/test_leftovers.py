"""Numbers of any size in a query or a form, user text in the server log, what a browser keeps after logout, an
invitation mailed to one address."""
import logging

import pytest

from app.extensions import db
from app.models import Collective, MemberInvite, User
from tests.conftest import HX, csrf_of, log_in, with_password
from tests.dossier.test_routes import dossier_form
from tests.test_mail import inbox, mail_config  # noqa: F401  (fixtures: a real SMTP server on loopback)

HUGE = "99999999999999999999"  # no integer column holds it; PostgreSQL and SQLite fail on it
ENDLESS = "9" * 5000  # past Python's limit on the digits int() reads


@pytest.fixture
def production_errors(app):
    """What a visitor receives in production, a 500 page, rather than the exception raised into the test."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield
    app.config["PROPAGATE_EXCEPTIONS"] = None


@pytest.mark.parametrize("query", [f"elements.geojson?categories={HUGE}", f"elements.geojson?categories=1,{ENDLESS}",
                                   f"changements?depuis=-{HUGE}", f"changements?depuis={ENDLESS}"])
def test_an_anonymous_visitor_of_a_public_map_gets_a_french_400_for_a_number_too_big(
        anonymous, demo_map, production_errors, query):
    demo_map.visibility = "public"
    db.session.commit()
    response = anonymous.get(f"/cartes/{demo_map.id}/{query}")
    assert response.status_code == 400, response.status_code
    assert response.get_json()["error"].startswith(("Les catégories", "Indiquez"))


@pytest.mark.parametrize("action", [HUGE, ENDLESS, "-1"])
def test_a_member_gets_a_french_400_for_an_action_number_too_big(client, demo_map, production_errors, action):
    response = client.get(f"/cartes/{demo_map.id}/elements.geojson?action={action}")
    assert response.status_code == 400, response.status_code
    assert response.get_json()["error"] == "L'action doit être désignée par son numéro."


def test_the_layer_and_the_feed_still_read_ordinary_numbers(anonymous, demo_map):
    demo_map.visibility = "public"
    db.session.commit()
    category = demo_map.categories[0]
    assert anonymous.get(f"/cartes/{demo_map.id}/elements.geojson?categories={category.id}, 7").status_code == 200
    assert anonymous.get(f"/cartes/{demo_map.id}/changements?depuis=0").status_code == 200


@pytest.mark.parametrize("typed, message", [
    (ENDLESS, "Pas plus de 500 caractères"),  # more than the field takes: its length is checked first
    (HUGE, f"Pas d&#39;élément n° {HUGE}"),  # a number no map holds
    (f"5, {HUGE}", f"Pas d&#39;élément n° {HUGE}"),
], ids=["5000-digits", "20-digits", "a-real-one-and-20-digits"])
def test_a_dossier_citing_an_item_number_too_big_gets_a_french_message_next_to_the_field(
        client, csrf, demo_map, production_errors, typed, message):
    saved = client.post(f"/cartes/{demo_map.id}/dossier", data=dossier_form(csrf, **{"annex-habitants-items": typed}))
    assert saved.status_code == 422, saved.status_code
    page = saved.get_data(as_text=True)
    assert message in page
    assert client.get(f"/cartes/{demo_map.id}/dossier").status_code == 200
    assert client.get(f"/cartes/{demo_map.id}/dossier/annexe.docx").status_code == 200


FORGED = "Nouveau mot de passe Voyette : https://evil.example/compte/nouveau-mot-de-passe/x"


@pytest.fixture
def forging_collective(client, csrf, owner):
    """A collective whose name carries a line break and, after it, what looks like a reset link in the log."""
    made = client.post("/collectifs", data={"csrf_token": csrf, "name": f"Jardins\r\n{FORGED}", "kind": "association"})
    assert made.status_code == 303
    return next(c for c in Collective.of_user(owner) if c.name.startswith("Jardins"))


def test_user_text_never_starts_a_line_of_the_server_log(client, csrf, forging_collective, caplog):
    with caplog.at_level(logging.WARNING):
        client.post(f"/collectifs/{forging_collective.id}/invitations", data={
            "csrf_token": csrf, "role": "viewer", "email": "quelquun@exemple.fr"})
    logged = [record.getMessage() for record in caplog.records]
    assert any("/rejoindre/" in message for message in logged), logged  # the invitation's link is there
    assert not any(line.startswith(FORGED) for line in "\n".join(logged).splitlines()), logged
    assert not any(character in message for message in logged for character in "\r\n"), logged


@pytest.mark.parametrize(("breaking", "shown"), [("\n", "\\n"), ("\r", "\\r"), ("\x0b", "\\x0b"),
                                                ("\x85", "\\x85"), ("\u2028", "\\u2028")])
def test_any_record_of_the_app_log_stays_on_one_line(app, caplog, breaking, shown):
    """Whatever the message and its arguments carry: not only the subjects of mailed links."""
    with caplog.at_level(logging.WARNING):
        app.logger.warning("Envoi de l'e-mail impossible (%s) : %s", f"Jardins{breaking}{FORGED}", "OSError")
        app.logger.warning(f"Exception on /cartes/{breaking}{FORGED} [GET]")
    logged = [record.getMessage() for record in caplog.records]
    assert logged == [f"Envoi de l'e-mail impossible (Jardins{shown}{FORGED}) : OSError",
                      f"Exception on /cartes/{shown}{FORGED} [GET]"], logged
    assert all(len(message.splitlines()) == 1 for message in logged)


def test_an_invitation_from_a_name_with_a_line_break_is_mailed_with_a_one_line_subject(
        client, csrf, forging_collective, inbox, mail_config, production_errors):  # noqa: F811
    mail_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port, MAIL_USE_TLS=False, MAIL_USERNAME="")
    response = client.post(f"/collectifs/{forging_collective.id}/invitations", data={
        "csrf_token": csrf, "role": "viewer", "email": "quelquun@exemple.fr"})
    assert response.status_code == 200, response.status_code
    (recipients, message), = inbox.messages
    assert recipients == ["quelquun@exemple.fr"]
    assert message["Subject"].startswith("Invitation à rejoindre « Jardins Nouveau mot de passe")


def test_logout_forgets_the_view_keys_and_the_contribution_links_the_browser_held(client, csrf, demo_map):
    from app.demo import demo_contribution_link
    demo_map.visibility = "link"
    demo_map.renew_share_token()
    db.session.commit()
    assert client.get(f"/cartes/{demo_map.id}?cle={demo_map.share_token}").status_code == 200
    path = f"/contribuer/{demo_contribution_link(demo_map).token}"
    client.post(path, data={"csrf_token": csrf_of(client, path), "pseudonym": "Camille"})
    with client.session_transaction() as session:
        assert session["pseudonym"] == "Camille"
    client.post("/compte/deconnexion", data={"csrf_token": csrf_of(client)})
    with client.session_transaction() as session:
        assert list(session) == ["csrf_token"]  # the pseudonym gone too; the form token stays for the open tabs
    # The next person at the shared computer, not logged in:
    assert client.get(f"/cartes/{demo_map.id}").status_code == 404
    assert client.get(f"/cartes/{demo_map.id}/elements/nouveau?forme=point").status_code == 404


def test_logout_keeps_the_device_cookie_of_the_login_slow_down(app, client, csrf, owner):
    from app.accounts.throttle import DEVICE_COOKIE
    anonymous = app.test_client()
    login = anonymous.post("/compte/connexion", data={
        "csrf_token": csrf_of(anonymous, "/compte/connexion"), "email": owner.email, "password": "un mot de passe sûr"})
    assert login.status_code == 303 and anonymous.get_cookie(DEVICE_COOKIE, path="/compte") is not None
    anonymous.post("/compte/deconnexion", data={"csrf_token": csrf_of(anonymous)})
    assert anonymous.get_cookie(DEVICE_COOKIE, path="/compte") is not None


def _someone(name):
    user = User(email=f"{name.lower()}@autre.example", display_name=name)
    with_password(user)
    db.session.add(user)
    db.session.commit()
    return user


def _join(app, user, token):
    browser = app.test_client()
    log_in(browser, user.id)
    path = f"/rejoindre/{token}"
    return browser, browser.post(path, data={"csrf_token": csrf_of(browser)})


def test_an_invitation_mailed_to_one_address_makes_one_member_only(app, client, csrf, collective):
    client.post(f"/collectifs/{collective.id}/invitations", data={
        "csrf_token": csrf, "role": "editor", "email": "alice@exemple.fr"})
    invitation = MemberInvite.query.one()
    first, second = _someone("Alice"), _someone("Mallory")
    _join(app, first, invitation.token)
    browser, refused = _join(app, second, invitation.token)
    assert collective.membership_of(first).role == "editor"
    assert collective.membership_of(second) is None
    assert refused.status_code == 303
    assert "n&#39;est plus valable" in browser.get(refused.headers["Location"]).get_data(as_text=True)
    assert MemberInvite.of_collective(collective.id) == []  # no longer listed as a link that works


def test_an_invitation_without_an_address_stays_a_link_the_owner_shares(app, client, csrf, collective):
    client.post(f"/collectifs/{collective.id}/invitations", data={"csrf_token": csrf, "role": "viewer", "email": ""})
    invitation = MemberInvite.query.one()
    people = [_someone("Alice"), _someone("Bruno")]
    for person in people:
        _join(app, person, invitation.token)
    assert [collective.membership_of(person).role for person in people] == ["viewer", "viewer"]


@pytest.mark.parametrize("area", [HUGE, ENDLESS])
def test_a_cadastre_parcel_of_an_area_too_big_is_kept_without_its_area(client, csrf, demo_map, production_errors, area):
    import json

    from app.models import Category, Parcel
    from tests.imports import files
    from tests.imports.test_routes import token_of, upload
    cadastre = json.loads(files.cadastre())
    cadastre["features"][0]["properties"]["contenance"] = area
    page = upload(client, csrf, demo_map, json.dumps(cadastre).encode(), "cadastre-62413-parcelles.json")
    done = client.post(f"/cartes/{demo_map.id}/import/confirmer", headers=HX, data={
        "csrf_token": csrf, "jeton": token_of(page.get_data(as_text=True)), "reference": "1",
        "categorie": Category.of_map(demo_map.id)[0].id})
    assert done.status_code == 200, done.status_code
    parcels = sorted((p.numero, p.contenance) for p in Parcel.in_view(demo_map.id, (2.8, 50.4, 3.0, 50.5)))
    assert parcels == [("1", None), ("2", 1202), ("3", 1203)]


def test_the_new_action_form_of_a_big_map_ignores_an_item_id_too_big(client, demo_map, production_errors):
    from app.actions.routes import ITEMS_OFFERED_MAX
    from bench.fill import fill
    fill(demo_map.id, ITEMS_OFFERED_MAX + 1)  # past it, the form offers only the items the request names
    response = client.get(f"/cartes/{demo_map.id}/actions/nouvelle?element={HUGE}&element={ENDLESS}", headers=HX)
    assert response.status_code == 200, response.status_code
