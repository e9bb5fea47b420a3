"""Secret links: mailed through a real SMTP server on loopback when one is configured, always in the server log."""
import logging
import re
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from app.extensions import db
from app.mail import deliver_link
from app.models import User

ADDRESS = "mireille@example.org"
RESET_LINK = re.compile(r"http://localhost(/compte/nouveau-mot-de-passe/\S+)")


class Inbox:
    """An aiosmtpd handler that keeps every message it receives, with its recipients."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_config(app):
    """The app's mail settings, to change in a test; the app is shared by the session, so they are put back."""
    saved = {key: value for key, value in app.config.items() if key.startswith("MAIL_")}
    yield app.config
    app.config.update(saved)


@pytest.fixture
def inbox():
    """A real SMTP server on 127.0.0.1; its port is `inbox.port`."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def user():
    user = User(email=ADDRESS, display_name="Mireille")
    user.set_password("cavalier-2026-jardins")
    db.session.add(user)
    db.session.commit()
    return user


def ask_for_a_link(client, caplog):
    """Fill in the forgotten-password form as a person would; the answer never depends on the mail server."""
    form = client.get("/compte/mot-de-passe-oublie").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    with caplog.at_level(logging.WARNING):
        response = client.post("/compte/mot-de-passe-oublie", data={"csrf_token": csrf, "email": ADDRESS})
    assert response.status_code == 303 and response.headers["Location"] == "/compte/connexion"
    assert ADDRESS not in caplog.text  # the address is private: never in the log
    return RESET_LINK.findall(caplog.text)


def test_the_link_is_mailed_and_logged(client, caplog, user, inbox, mail_config):
    mail_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
    logged = ask_for_a_link(client, caplog)
    [(recipients, message)] = inbox.messages
    assert recipients == [ADDRESS] and message["To"] == ADDRESS
    assert message["From"] == mail_config["MAIL_SENDER"] and message["Subject"] == "Nouveau mot de passe Voyette"
    mailed = RESET_LINK.findall(message.get_content())
    assert len(mailed) == 1 and logged == mailed
    page = client.get(mailed[0])
    assert page.status_code == 200 and 'name="confirm"' in page.get_data(as_text=True)


def test_without_a_mail_server_the_link_is_only_logged(client, caplog, user, inbox, mail_config):
    mail_config["MAIL_SERVER"] = ""
    assert len(ask_for_a_link(client, caplog)) == 1
    assert inbox.messages == []


def test_a_mail_server_that_is_down_does_not_break_the_page(client, caplog, user, mail_config):
    mail_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    assert len(ask_for_a_link(client, caplog)) == 1
    assert "Envoi de l'e-mail impossible" in caplog.text


def test_deliver_link_says_whether_it_mailed_in_utf8(inbox, mail_config):
    text = "Voici votre lien, à ouvrir dans l'heure :"
    assert deliver_link(ADDRESS, "Lien Voyette", text, "http://localhost/x") is False  # no server configured
    mail_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
    assert deliver_link(ADDRESS, "Lien Voyette", text, "http://localhost/x") is True
    [(_, message)] = inbox.messages
    assert message.get_content_charset() == "utf-8" and message.get_content().splitlines() == [text, "", "http://localhost/x"]
