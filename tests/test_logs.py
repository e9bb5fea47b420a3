"""The server log: one JSON line per request (method, route, status, duration, id) and per record, errors with
their traceback, and nothing a person typed or was sent in a link."""
import io
import json
import re

import pytest

from app.demo import demo_contribution_link
from app.logs import JsonLines, OneLinePerRecord
from tests.conftest import csrf_of

PLACE = "50.44512"  # a latitude someone's link carried


@pytest.fixture
def server_log(app):
    """What the app writes to its error stream during the test, as the list of its lines."""
    handler = next(h for h in app.logger.handlers if isinstance(h.formatter, JsonLines))
    written = io.StringIO()
    kept = handler.setStream(written)
    yield lambda: written.getvalue().splitlines()
    handler.setStream(kept)


def records(lines):
    return [json.loads(line) for line in lines]


def requests_in(lines):
    return [record for record in records(lines) if record["message"] == "requête"]


@pytest.fixture
def production_errors(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield
    app.config["PROPAGATE_EXCEPTIONS"] = None


def test_a_request_is_one_line_with_its_route_status_duration_and_id(anonymous, demo_map, server_log):
    response = anonymous.get(f"/cartes/{demo_map.id}/elements.geojson", query_string={"bbox": f"2.8,{PLACE},3,50.5"})
    lines = server_log()
    assert len(lines) == 1, lines
    [line] = requests_in(lines)
    assert line["method"] == "GET" and line["route"] == "/cartes/<int:map_id>/elements.geojson"
    assert line["status"] == response.status_code == 200 and line["level"] == "INFO"
    assert isinstance(line["ms"], float) and line["ms"] >= 0
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"]) and response.headers["X-Request-ID"] == line["request_id"]
    assert PLACE not in lines[0] and "bbox" not in lines[0]  # the query string, places, never


@pytest.mark.parametrize("sent, kept", [("0f3c9a7e2b1d4c5e8a9b0c1d2e3f4a5b", True), ("abc.DEF_12-3", True),
                                        ("", False), ("a b", False), ("x" * 65, False), ("jean@exemple.fr", False),
                                        ("a\tb", False)])
def test_the_request_id_is_the_proxys_when_it_is_a_short_plain_token(anonymous, server_log, sent, kept):
    response = anonymous.get("/", headers={"X-Request-ID": sent})
    [line] = requests_in(server_log())
    assert (line["request_id"] == sent) is kept and response.headers["X-Request-ID"] == line["request_id"]
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,64}", line["request_id"])


def test_a_secret_link_and_a_pseudonym_never_reach_the_log(resident, app, demo_map, server_log):
    token = demo_contribution_link(demo_map).token
    path = f"/contribuer/{token}"
    resident.post(path, data={"csrf_token": csrf_of(resident, path), "pseudonym": "Yasmina"},
                  query_string={"lat": PLACE})
    text = "\n".join(server_log())
    assert [line["route"] for line in requests_in(server_log())] == ["/contribuer/<token>"] * 2
    assert token not in text and "Yasmina" not in text and PLACE not in text


def test_an_address_sent_in_a_form_never_reaches_the_log_but_the_link_for_the_admin_does(anonymous, server_log):
    csrf = csrf_of(anonymous, "/compte/inscription")
    anonymous.post("/compte/inscription", data={"csrf_token": csrf, "display_name": "Mireille",
                                                 "email": "mireille@example.org"})
    lines = records(server_log())
    assert "mireille" not in "\n".join(server_log()).lower()
    links = [line for line in lines if "/compte/nouveau-mot-de-passe/" in line["message"]]
    assert len(links) == 1 and links[0]["level"] == "WARNING"  # what an administrator relays by hand
    assert links[0]["request_id"] == lines[-1]["request_id"]  # and which request it came from


def test_an_error_is_one_line_with_its_traceback_and_its_requests_id(app, anonymous, demo_map, server_log,
                                                                     production_errors, monkeypatch):
    def broken(token):
        raise RuntimeError("la base ne répond plus\nligne inventée")

    monkeypatch.setitem(app.view_functions, "sharing.contribute", broken)
    token = demo_contribution_link(demo_map).token
    response = anonymous.get(f"/contribuer/{token}")
    lines = server_log()
    assert response.status_code == 500 and len(lines) == 2, lines
    error, request_line = records(lines)
    assert error["level"] == "ERROR" and error["message"] == "Exception on /contribuer/<token> [GET]"
    assert error["traceback"].startswith("Traceback") and "RuntimeError: la base ne répond plus" in error["traceback"]
    assert error["request_id"] == request_line["request_id"] == response.headers["X-Request-ID"]
    assert request_line["status"] == 500 and token not in "\n".join(lines)


def test_a_record_outside_a_request_is_a_line_too(app, server_log):
    app.logger.warning("Envoi de l'e-mail impossible (%s) : %s", "Jardins\u2028faux", "OSError")
    [line] = server_log()
    record = json.loads(line)
    assert "\u2028" not in line and record["message"] == "Envoi de l'e-mail impossible (Jardins\\u2028faux) : OSError"
    assert "request_id" not in record and record["level"] == "WARNING"


def test_a_database_error_logs_its_statement_without_the_values_it_was_sent(app, anonymous, owner, server_log,
                                                                              production_errors, monkeypatch):
    from app.extensions import db
    from app.models import User

    def sign_up_twice():
        twin = User(email=owner.email, display_name="Homonyme")
        twin.set_password("un autre mot de passe")
        db.session.add(twin)
        db.session.commit()  # the address is unique: IntegrityError, whose message would quote it

    monkeypatch.setitem(app.view_functions, "accounts.signup", sign_up_twice)
    assert anonymous.get("/compte/inscription").status_code == 500
    db.session.rollback()
    error = records(server_log())[0]
    assert "IntegrityError" in error["traceback"] and "INSERT INTO users" in error["traceback"]
    assert "Homonyme" not in error["traceback"] and "parameters hidden" in error["traceback"]
    assert owner.email not in error["traceback"]  # PostgreSQL's DETAIL line quotes the key: « Key (email)=(…) »


def test_another_app_in_the_process_does_not_write_each_line_twice(app, database_url, tmp_path):
    from app import create_app
    from app.extensions import db
    other = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": database_url, "PHOTO_DIR": str(tmp_path)})
    try:
        assert other.logger is app.logger  # one logger by name, shared
        assert [type(f) for f in app.logger.filters].count(OneLinePerRecord) == 1
        assert sum(isinstance(h.formatter, JsonLines) for h in app.logger.handlers) == 1
    finally:
        with other.app_context():
            db.engine.dispose()


def test_a_migration_run_in_the_process_leaves_the_app_s_records_to_its_own_line(app, server_log, capsys):
    """Alembic's logging setup (migrations/alembic.ini), run by an in-process `upgrade()` (the tests', a bench's),
    must not put a handler of its own on the root logger: every record of the app would be written a second time,
    not as JSON, and in the tests printed around whatever test runs when it comes."""
    from flask_migrate import upgrade
    upgrade()  # at head already: only migrations/env.py's logging setup runs
    app.logger.warning("Envoi de l'e-mail impossible (%s) : %s", "Jardins", "OSError")
    assert [record["message"] for record in records(server_log())] == ["Envoi de l'e-mail impossible (Jardins) : "
                                                                       "OSError"]
    assert "Envoi de l'e-mail" not in capsys.readouterr().err
