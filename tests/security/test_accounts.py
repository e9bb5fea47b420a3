"""Accounts and sessions (OWASP ASVS 2, chapters 2 and 3): what an attacker tried against sign-up, login, the
reset link, the session cookie and the `next` of the login page."""
import hashlib
import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import LoginAttempt
from tests.conftest import csrf_of
from tests.test_mail import inbox, mail_config  # noqa: F401  (fixtures: a real SMTP server on 127.0.0.1)

OWNER_PASSWORD = "un mot de passe sûr"  # the `owner` fixture's
ATTACKER, OWNER_NETWORK = "203.0.113.5", "198.51.100.20"
LINK = re.compile(r"http://localhost(/compte/nouveau-mot-de-passe/\S+)")


def browser(app, address="127.0.0.1"):
    """A fresh browser, seen by the server as coming from this client address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def login(client, email="camille@exemple.fr", password=OWNER_PASSWORD, next_=""):
    path = "/compte/connexion"
    return client.post(path + next_, data={"csrf_token": csrf_of(client, path), "email": email,
                                           "password": password})


def signup(client, email, name="Inconnue"):
    """The sign-up form, with the fields it ever had (a password too, which a form that no longer asks ignores)."""
    path = "/compte/inscription"
    return client.post(path, data={"csrf_token": csrf_of(client, path), "display_name": name, "email": email,
                                   "password": "un-autre-mot-de-passe", "confirm": "un-autre-mot-de-passe"})


def owner_session_id(collective):
    """What the login puts in the session for the collective's owner (its id and session generation)."""
    return next(m.user for m in collective.memberships if m.role == "owner").get_id()


def logged_in(client):
    return client.get("/compte").status_code == 200


def without_tokens(page):
    return re.sub(r'(value="|"X-CSRFToken": ")[^"]+"', r"\1…\"", page)


def scrypt_calls(monkeypatch):
    """Every scrypt computation from now on, with its cost parameters: the work a password check does."""
    calls, real = [], hashlib.scrypt

    def counting(password, **params):
        calls.append((params["n"], params["r"], params["p"]))
        return real(password, **params)
    monkeypatch.setattr(hashlib, "scrypt", counting)
    return calls


# Sign-up, login and reset do not tell whether an address has an account

def test_sign_up_with_a_registered_address_answers_like_a_fresh_one(app, owner, caplog):
    fresh, taken = browser(app), browser(app)
    with caplog.at_level(logging.WARNING):
        first = signup(fresh, "nouvelle@exemple.fr")
        second = signup(taken, "Camille@exemple.fr")
    assert (first.status_code, first.headers.get("Location")) == (second.status_code, second.headers.get("Location"))
    assert first.status_code == 303
    assert without_tokens(fresh.get(first.headers["Location"]).get_data(as_text=True)) == \
        without_tokens(taken.get(second.headers["Location"]).get_data(as_text=True))
    assert not logged_in(taken) and not logged_in(fresh)
    db.session.expire_all()
    assert owner.display_name == "Camille" and owner.check_password(OWNER_PASSWORD)
    assert len(LINK.findall(caplog.text)) == 2  # each address's mailbox gets a link, the page says nothing more
    assert "camille@exemple.fr" not in caplog.text and "nouvelle@exemple.fr" not in caplog.text


def test_the_owner_of_a_registered_address_gets_a_link_to_their_own_account(app, owner, caplog):
    with caplog.at_level(logging.WARNING):
        signup(browser(app), "camille@exemple.fr", name="Usurpateur")
    mailbox = browser(app)
    path = LINK.search(caplog.text).group(1)
    new = "nouveau-mot-de-passe-2026"
    assert mailbox.post(path, data={"csrf_token": csrf_of(mailbox, path), "password": new,
                                    "confirm": new}).status_code == 303
    db.session.expire_all()
    assert owner.display_name == "Camille" and owner.check_password(new)


def test_a_fresh_account_gets_its_password_from_the_mailbox_only(app, caplog):
    """Whoever types an address cannot log in with it: its password is chosen from the link sent there."""
    stranger = browser(app)
    with caplog.at_level(logging.WARNING):
        signup(stranger, "nouvelle@exemple.fr", name="Nadia")
    assert login(stranger, "nouvelle@exemple.fr", "un-autre-mot-de-passe").status_code == 422
    mailbox = browser(app)
    path = LINK.search(caplog.text).group(1)
    new = "le-mot-de-passe-de-nadia"
    short = mailbox.post(path, data={"csrf_token": csrf_of(mailbox, path), "password": "court", "confirm": "court"})
    assert short.status_code == 422 and 'id="password-error"' in short.get_data(as_text=True)
    chosen = mailbox.post(path, data={"csrf_token": csrf_of(mailbox, path), "password": new, "confirm": new})
    assert chosen.status_code == 303
    assert "Bienvenue, Nadia" in mailbox.get(chosen.headers["Location"]).get_data(as_text=True)
    assert logged_in(mailbox) and login(browser(app), "nouvelle@exemple.fr", new).status_code == 303
    assert mailbox.get(path).status_code == 303  # the link is spent


def test_a_forgotten_password_asked_for_an_unknown_address_answers_and_mails_alike(
        app, owner, inbox, mail_config):  # noqa: F811 (pytest fixtures imported above)
    """Both answers cost the same mail to the typed address (a mail sent for one only would be heard in the
    answer's time), and read the same."""
    mail_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
    pages = []
    for email in ("camille@exemple.fr", "personne@exemple.fr"):
        client = browser(app)
        response = client.post("/compte/mot-de-passe-oublie", data={"csrf_token": csrf_of(client), "email": email})
        pages.append((response.status_code, response.headers["Location"],
                      without_tokens(client.get(response.headers["Location"]).get_data(as_text=True))))
    assert pages[0] == pages[1]
    assert [recipients for recipients, _ in inbox.messages] == [["camille@exemple.fr"], ["personne@exemple.fr"]]
    assert "nouveau-mot-de-passe" in inbox.messages[0][1].get_content()
    assert "nouveau-mot-de-passe" not in inbox.messages[1][1].get_content()  # no account, nothing to reset


def test_nobody_can_flood_an_address_with_links(app, owner, caplog):
    """Sign-up and « mot de passe oublié » mail whatever address is typed: a few links an hour per address, then
    the same answer and no more mail."""
    answers = []
    with caplog.at_level(logging.WARNING):
        for n in range(4):
            client = browser(app, f"203.0.113.{n}")
            answers.append(signup(client, "camille@exemple.fr").headers["Location"])
            client.post("/compte/mot-de-passe-oublie", data={"csrf_token": csrf_of(client),
                                                             "email": "camille@exemple.fr"})
            signup(client, "personne@exemple.fr")
    assert answers == ["/compte/connexion"] * 4
    assert len(re.findall(r"/compte/nouveau-mot-de-passe/", caplog.text)) == 3 + 3


def test_login_answers_an_unknown_address_like_a_wrong_password(app, owner):
    known = login(browser(app), password="pas-le-bon-mot")
    unknown = login(browser(app), email="personne@exemple.fr", password="pas-le-bon-mot")
    assert known.status_code == unknown.status_code == 422
    errors = [re.findall(r'<p class="error"[^>]*>[^<]*</p>', r.get_data(as_text=True)) for r in (known, unknown)]
    assert errors[0] == errors[1] == ['<p class="error" id="password-error">Adresse ou mot de passe incorrect.</p>']


def test_login_does_the_same_hashing_work_for_an_unknown_address(app, owner, monkeypatch):
    csrf_pages = browser(app), browser(app)
    calls = scrypt_calls(monkeypatch)
    login(csrf_pages[0], password="pas-le-bon-mot")
    known = list(calls)
    calls.clear()
    login(csrf_pages[1], email="personne@exemple.fr", password="pas-le-bon-mot")
    assert known == calls and len(calls) == 1


def test_a_sign_up_does_the_same_hashing_work_for_a_registered_address(app, owner, monkeypatch, caplog):
    clients = browser(app), browser(app)
    calls = scrypt_calls(monkeypatch)
    signup(clients[0], "nouvelle@exemple.fr")
    fresh = list(calls)
    calls.clear()
    signup(clients[1], "camille@exemple.fr")
    assert fresh == calls


# Throttling: slow a guesser down, never lock the owner out

def test_a_stranger_cannot_lock_the_owner_out(app, owner):
    attacker = browser(app, ATTACKER)
    answers = [login(attacker, password=f"essai-{n}").status_code for n in range(12)]
    assert answers[:5] == [422] * 5 and 429 in answers  # the guesser is slowed down…
    assert login(browser(app, OWNER_NETWORK)).status_code == 303  # …the owner, elsewhere, is not


def test_the_owners_own_device_is_never_refused_the_right_password(app, owner):
    device = browser(app, ATTACKER)  # the owner's laptop, on a network an attacker shares
    assert login(device).status_code == 303
    device.post("/compte/deconnexion", data={"csrf_token": csrf_of(device)})
    attacker = browser(app, ATTACKER)
    for n in range(12):
        login(attacker, password=f"essai-{n}")
    assert login(attacker).status_code == 429  # the attacker's browser is refused even the right password
    assert login(device).status_code == 303


def test_repeated_failures_wait_longer_each_time(app, owner):
    attacker = browser(app, ATTACKER)
    for n in range(5):
        assert login(attacker, password=f"essai-{n}").status_code == 422
    waits = []
    for round_ in range(3):
        refused = login(attacker, email="Camille@exemple.fr", password="encore")
        assert refused.status_code == 429
        body = refused.get_data(as_text=True)
        assert 'id="email-error"' in body and "réessayez dans" in body and 'value="Camille@exemple.fr"' in body
        waits.append(int(refused.headers["Retry-After"]))
        _age_attempts(waits[-1] - 0.5)
        assert login(attacker, password="encore").status_code == 429  # not yet
        _age_attempts(1)
        assert login(attacker, password=f"encore-{round_}").status_code == 422  # now it may try, and fail again
    assert waits[0] < waits[1] < waits[2]


def test_a_refused_attempt_checks_no_password(app, owner, monkeypatch):
    attacker = browser(app, ATTACKER)
    for n in range(5):
        login(attacker, password=f"essai-{n}")
    calls = scrypt_calls(monkeypatch)
    assert login(attacker).status_code == 429 and calls == []


def test_trying_many_addresses_from_one_client_is_slowed_down(app):
    attacker = browser(app, ATTACKER)
    answers = [login(attacker, email=f"personne-{n}@exemple.fr", password="123456").status_code for n in range(40)]
    assert 429 in answers
    assert login(browser(app, OWNER_NETWORK), email="personne-0@exemple.fr").status_code == 422  # elsewhere: tried


def test_failures_are_counted_per_client_address_without_keeping_it(app, owner):
    login(browser(app, ATTACKER), password="pas-le-bon-mot")
    attempts = db.session.scalars(select(LoginAttempt)).all()
    assert len(attempts) == 1 and ATTACKER not in str(vars(attempts[0]))


def _age_attempts(seconds):
    """Move every failure recorded so far back in time, as if that many seconds had passed."""
    db.session.expire_all()
    for attempt in db.session.scalars(select(LoginAttempt)):
        attempt.at -= timedelta(seconds=seconds)
    db.session.commit()


# Sessions end when they should, everywhere

def test_logging_out_ends_every_session_of_the_account(app, owner):
    laptop, phone = browser(app), browser(app)
    login(laptop), login(phone)
    assert logged_in(laptop) and logged_in(phone)
    laptop.post("/compte/deconnexion", data={"csrf_token": csrf_of(laptop)})
    assert not logged_in(laptop) and not logged_in(phone)


def test_a_stolen_session_cookie_dies_with_the_logout(app, owner):
    victim = browser(app)
    login(victim)
    stolen = victim.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    victim.post("/compte/deconnexion", data={"csrf_token": csrf_of(victim)})
    thief = browser(app)
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], stolen)
    assert not logged_in(thief)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, owner):
    laptop, phone = browser(app), browser(app)
    login(laptop), login(phone)
    path = "/compte/mot-de-passe"
    new = "un-nouveau-mot-de-passe"
    response = laptop.post(path, data={"csrf_token": csrf_of(laptop, path), "current": OWNER_PASSWORD,
                                       "password": new, "confirm": new})
    assert response.status_code == 303
    assert logged_in(laptop) and not logged_in(phone)
    assert login(browser(app), password=new).status_code == 303
    assert 'href="/compte/mot-de-passe"' in laptop.get("/compte").get_data(as_text=True)  # reachable from the account


def test_a_password_change_asks_the_current_password(app, owner):
    laptop = browser(app)
    login(laptop)
    path = "/compte/mot-de-passe"
    response = laptop.post(path, data={"csrf_token": csrf_of(laptop, path), "current": "pas-le-bon-mot",
                                       "password": "un-nouveau-mot-de-passe", "confirm": "un-nouveau-mot-de-passe"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="current-error"' in body and "incorrect" in body
    db.session.expire_all()
    assert owner.check_password(OWNER_PASSWORD)


def test_the_current_password_is_guessed_no_faster_from_a_session_left_open(app, owner):
    """Someone at a computer where the owner stayed logged in tries passwords in « Changer le mot de passe »."""
    open_session = browser(app)
    login(open_session)
    path = "/compte/mot-de-passe"
    answers = [open_session.post(path, data={"csrf_token": csrf_of(open_session, path), "current": f"essai-{n}",
                                             "password": "un-nouveau-mot-de-passe",
                                             "confirm": "un-nouveau-mot-de-passe"}).status_code for n in range(7)]
    assert answers[:5] == [422] * 5 and answers[5:] == [429, 429]


def test_a_reset_ends_every_other_session(app, owner, caplog):
    laptop = browser(app)
    login(laptop)
    mailbox = browser(app)
    with caplog.at_level(logging.WARNING):
        mailbox.post("/compte/mot-de-passe-oublie", data={"csrf_token": csrf_of(mailbox),
                                                          "email": "camille@exemple.fr"})
    path = LINK.search(caplog.text).group(1)
    new = "nouveau-mot-de-passe-2026"
    assert mailbox.post(path, data={"csrf_token": csrf_of(mailbox, path), "password": new,
                                    "confirm": new}).status_code == 303
    assert logged_in(mailbox) and not logged_in(laptop)


# The page after login stays on this site

@pytest.mark.parametrize("next_", [
    "/%09/evil.example", "/%5Cevil.example", "/\\evil.example", "//evil.example", "///evil.example",
    "https://evil.example", "/%0d%0a//evil.example", "%09//evil.example", "/%0A/evil.example",
    "javascript:alert(1)", "%20//evil.example", "/%09%5Cevil.example", "http:/evil.example",
])
def test_next_never_leads_to_another_site(app, owner, next_):
    response = login(browser(app), next_=f"?next={next_}")
    assert response.status_code == 303 and response.headers["Location"] == "/"


@pytest.mark.parametrize("next_", ["/cartes/3", "/cartes/3?vue=liste#element-2", "/compte"])
def test_next_within_the_site_is_followed(app, owner, next_):
    from urllib.parse import quote
    response = login(browser(app), next_=f"?next={quote(next_)}")
    assert response.headers["Location"] == next_


# HSTS

@pytest.fixture
def app_with(database_url):
    """Another instance of the app on the same database, with some settings changed. Its connections are closed
    after the test: left to the garbage collector, PostgreSQL's would warn, in whichever test runs then."""
    made = []

    def make(**settings):
        made.append(create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": database_url, **settings}))
        return made[-1]
    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def https_app(app_with):
    return app_with(HTTPS=True, SESSION_COOKIE_SECURE=True)


def test_hsts_over_https_when_the_site_is_served_over_https(https_app):
    response = https_app.test_client().get("/compte/connexion", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_behind_a_proxy_its_forwarded_scheme_and_client_address_are_believed(app_with, owner):
    app = app_with(HTTPS=True, PROXIES=1)
    forwarded = app.test_client().get("/compte/connexion", headers={"X-Forwarded-Proto": "https"})
    assert forwarded.headers["Strict-Transport-Security"] == "max-age=31536000"
    attacker, owners = app.test_client(), app.test_client()  # both reach the app from the proxy, 127.0.0.1
    attacker.environ_base["HTTP_X_FORWARDED_FOR"], owners.environ_base["HTTP_X_FORWARDED_FOR"] = ATTACKER, OWNER_NETWORK
    for n in range(8):
        login(attacker, password=f"essai-{n}")
    assert login(attacker).status_code == 429 and login(owners).status_code == 303


def test_no_hsts_over_plain_http(https_app, app):
    assert "Strict-Transport-Security" not in https_app.test_client().get("/compte/connexion").headers
    assert "Strict-Transport-Security" not in app.test_client().get("/compte/connexion",
                                                                    base_url="https://localhost").headers


@pytest.mark.parametrize("path, data", [
    ("/compte/mot-de-passe-oublie", {"email": "camille@exemple.fr"}),
    ("/compte/inscription", {"email": "camille@exemple.fr", "display_name": "Usurpateur"}),
])
def test_a_mailed_link_never_leads_to_the_host_the_request_named(app, owner, caplog, path, data):
    """Reset-link poisoning: the attacker asks a link for the victim's address with `Host: evil.example`; the victim's
    mailbox must receive a link to this site, not to the attacker's, who would read the token from its own log."""
    client, forged = browser(app), {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    token = re.search(r'"X-CSRFToken": "([^"]+)"', client.get(path, headers=forged).get_data(as_text=True)).group(1)
    with caplog.at_level(logging.WARNING):
        client.post(path, data={"csrf_token": token, **data}, headers=forged)
    assert "evil.example" not in caplog.text
    assert LINK.search(caplog.text)


def test_an_invitation_link_leads_to_this_site_whatever_the_host_asked(app, client, collective, caplog):
    path, forged = f"/collectifs/{collective.id}", {"Host": "evil.example"}
    with client.session_transaction(base_url="http://evil.example") as session:
        session["_user_id"], session["_fresh"] = owner_session_id(collective), True
    token = re.search(r'"X-CSRFToken": "([^"]+)"', client.get(path, headers=forged).get_data(as_text=True)).group(1)
    with caplog.at_level(logging.WARNING):
        answer = client.post(f"{path}/invitations", data={"csrf_token": token, "role": "contributor",
                                                          "email": "invitee@exemple.fr"}, headers=forged)
    assert "evil.example" not in caplog.text and "evil.example" not in answer.get_data(as_text=True)
    assert "http://localhost/rejoindre/" in caplog.text
