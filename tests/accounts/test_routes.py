"""Accounts: sign up (the password chosen from the link sent to the address), log in and out, the login limit,
display name, forgotten password."""
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Revision, User
from tests.conftest import HX, csrf_of

PASSWORD = "cavalier-2026-jardins"


@pytest.fixture
def client(anonymous):
    """Someone who has no account yet: these tests sign up and log in themselves."""
    return anonymous


def signup(client, csrf, email="mireille@example.org", name="Mireille"):
    return client.post("/compte/inscription", data={"csrf_token": csrf, "display_name": name, "email": email})


def choose_password(client, csrf, link, password=PASSWORD, confirm=None):
    return client.post(link, data={"csrf_token": csrf, "password": password, "confirm": confirm or password})


def link_in(log):
    return re.findall(r"http://localhost(/compte/nouveau-mot-de-passe/\S+)", log)[-1]


def create_account(client, csrf, caplog, **values):
    """Sign up, then choose the password from the link the server logged (no mail server in tests)."""
    with caplog.at_level(logging.WARNING):
        signup(client, csrf, **values)
    return choose_password(client, csrf, link_in(caplog.text))


def login(client, csrf, email="mireille@example.org", password=PASSWORD, next_=""):
    return client.post(f"/compte/connexion{next_}", data={"csrf_token": csrf, "email": email, "password": password})


def test_sign_up_sends_a_link_to_choose_the_password_which_logs_in(client, csrf, caplog):
    with caplog.at_level(logging.WARNING):
        response = signup(client, csrf, email=" Mireille@Example.org ")
    assert response.status_code == 303 and "Un lien pour choisir votre mot de passe" in \
        client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Se déconnecter" not in client.get("/").get_data(as_text=True)  # not before the link is opened
    assert "Choisir votre mot de passe" in client.get(link_in(caplog.text)).get_data(as_text=True)
    assert choose_password(client, csrf, link_in(caplog.text)).status_code == 303
    user = db.session.scalar(select(User))
    assert user.email == "mireille@example.org" and user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash
    home = client.get("/").get_data(as_text=True)
    assert "Mireille" in home and "Se déconnecter" in home and "votre compte est créé" in home


@pytest.mark.parametrize("values, field, message", [
    ({"email": "pas-une-adresse"}, "email", "ne semble pas valide"),
    ({"name": ""}, "display_name", "Donnez le nom"),
])
def test_sign_up_refuses_bad_input_next_to_the_field(client, csrf, values, field, message):
    response = signup(client, csrf, **values)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in body and message in body
    assert db.session.scalar(select(User)) is None


@pytest.mark.parametrize("values, field, message", [
    ({"password": "court", "confirm": "court"}, "password", "au moins 10 caractères"),
    ({"confirm": "autre-mot-de-passe"}, "confirm", "pas identiques"),
])
def test_choosing_the_password_refuses_bad_input_next_to_the_field(client, csrf, caplog, values, field, message):
    with caplog.at_level(logging.WARNING):
        signup(client, csrf)
    response = choose_password(client, csrf, link_in(caplog.text), **values)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in body and message in body
    assert not db.session.scalar(select(User)).has_password


def test_an_address_has_one_account(client, csrf, caplog):
    create_account(client, csrf, caplog)
    client.post("/compte/deconnexion", data={"csrf_token": csrf})
    again = signup(client, csrf, email="MIREILLE@example.org", name="Autre")
    assert again.status_code == 303 and again.headers["Location"] == "/compte/connexion"  # as for a new address
    assert [u.display_name for u in db.session.scalars(select(User))] == ["Mireille"]


def test_log_out_then_in_again_and_back_to_where_one_was(client, csrf, demo_map, caplog):
    create_account(client, csrf, caplog)
    client.post("/compte/deconnexion", data={"csrf_token": csrf})
    assert "Se connecter" in client.get("/").get_data(as_text=True)
    wrong = login(client, csrf, password="mauvais-mot-de-passe")
    assert wrong.status_code == 422 and "Adresse ou mot de passe incorrect." in wrong.get_data(as_text=True)
    response = login(client, csrf, next_=f"?next=/cartes/{demo_map.id}")
    assert response.status_code == 303 and response.headers["Location"] == f"/cartes/{demo_map.id}"
    assert login(client, csrf, next_="?next=//ailleurs.example").headers["Location"] == "/"


def test_too_many_failed_logins_wait(client, csrf, caplog):
    create_account(client, csrf, caplog)
    client.post("/compte/deconnexion", data={"csrf_token": csrf})
    for _ in range(5):
        assert login(client, csrf, password="mauvais-mot-de-passe").status_code == 422
    refused = login(client, csrf)  # even the right password, from the browser that failed, for now
    body = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "Trop d&#39;essais : réessayez dans 1 seconde." in body


def test_changes_are_signed_with_the_display_name(client, csrf, demo_map, caplog):
    create_account(client, csrf, caplog)
    client.post("/compte", data={"csrf_token": csrf, "display_name": "Mireille du 12"})
    demo_map.collective.join(User.by_email("mireille@example.org"), "editor")
    db.session.commit()
    feature_id = Revision.listed(demo_map.id)[0].feature_id
    client.post(f"/cartes/{demo_map.id}/elements/{feature_id}/supprimer", headers=HX, data={"csrf_token": csrf})
    assert Revision.listed(demo_map.id)[0].author == "Mireille du 12"


def test_profile_needs_an_account(client):
    response = client.get("/compte")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


def test_forgotten_password_link_from_the_server_log(client, csrf, caplog):
    create_account(client, csrf, caplog)
    client.post("/compte/deconnexion", data={"csrf_token": csrf})
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        response = client.post("/compte/mot-de-passe-oublie",
                               data={"csrf_token": csrf, "email": "mireille@example.org"})
        client.post("/compte/mot-de-passe-oublie", data={"csrf_token": csrf, "email": "inconnue@example.org"})
    assert response.status_code == 303
    links = re.findall(r"http://localhost(/compte/nouveau-mot-de-passe/\S+)", caplog.text)
    assert len(links) == 1 and "mireille@example.org" not in caplog.text  # no address in the log
    new = "nouveau-mot-de-passe-2026"
    assert client.post(links[0], data={"csrf_token": csrf, "password": new, "confirm": new}).status_code == 303
    client.post("/compte/deconnexion", data={"csrf_token": csrf})
    assert login(client, csrf, password=new).status_code == 303
    spent = client.get(links[0])
    assert spent.status_code == 303 and "mot-de-passe-oublie" in spent.headers["Location"]  # a link works once


def remembered_login(client, csrf, remember):
    data = {"csrf_token": csrf, "email": "camille@exemple.fr", "password": "un mot de passe sûr"}
    return client.post("/compte/connexion", data={**data, "remember": "y"} if remember else data)


@pytest.mark.parametrize("remember", [True, False])
def test_rester_connecte_keeps_the_session_for_the_configured_days(app, anonymous, owner, remember):
    """Ticked, the session cookie lasts REMEMBER_DAYS (30) past the last visit; otherwise it ends with the browser."""
    remembered_login(anonymous, csrf_of(anonymous, "/compte/connexion"), remember)
    cookie = anonymous.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if remember:
        left = cookie.expires - datetime.now(UTC)
        assert timedelta(days=29) < left <= timedelta(days=30)
    else:
        assert cookie.expires is None
    assert "Camille" in anonymous.get("/").get_data(as_text=True)


@pytest.mark.parametrize("ending", ["logout", "new password"])
def test_a_remembered_session_ends_with_a_logout_or_a_new_password_elsewhere(app, owner, ending):
    tablet, laptop = app.test_client(), app.test_client()
    remembered_login(tablet, csrf_of(tablet, "/compte/connexion"), remember=True)
    remembered_login(laptop, csrf_of(laptop, "/compte/connexion"), remember=False)
    csrf = csrf_of(laptop)
    if ending == "logout":
        laptop.post("/compte/deconnexion", data={"csrf_token": csrf})
    else:
        laptop.post("/compte/mot-de-passe", data={"csrf_token": csrf, "current": "un mot de passe sûr",
                                                  "password": PASSWORD, "confirm": PASSWORD})
    restarted = app.test_client()  # the tablet's browser, opened again: its lasting cookie only
    name = app.config["SESSION_COOKIE_NAME"]
    restarted.set_cookie(name, tablet.get_cookie(name).value)
    assert "Se connecter" in restarted.get("/").get_data(as_text=True)


def test_a_new_password_keeps_this_device_remembered(app, anonymous, owner):
    remembered_login(anonymous, csrf_of(anonymous, "/compte/connexion"), remember=True)
    anonymous.post("/compte/mot-de-passe", data={"csrf_token": csrf_of(anonymous), "current": "un mot de passe sûr",
                                                 "password": PASSWORD, "confirm": PASSWORD})
    restarted = app.test_client()
    name = app.config["SESSION_COOKIE_NAME"]
    assert anonymous.get_cookie(name).expires is not None
    restarted.set_cookie(name, anonymous.get_cookie(name).value)
    assert "Camille" in restarted.get("/").get_data(as_text=True)
