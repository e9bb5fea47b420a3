"""Fixtures shared by every test: the app on SpatiaLite or PostGIS (`--db`), a clean database per test."""
import functools
import re
import tempfile
from pathlib import Path

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app import create_app
from app.extensions import db
from tests.support.postgis import postgis_server

TABLES = ("feature_cells", "reference_parcels", "plots", "dossiers", "action_features", "measurements", "indicators",
          "budget_lines", "actions", "presences", "proposals", "contribution_links", "photos", "comments", "revisions",
          "features", "walks", "categories", "maps", "member_invites", "memberships", "collectives", "login_attempts",
          "mailed_links", "users")


def pytest_addoption(parser):
    parser.addoption("--db", choices=("spatialite", "postgis"), default="spatialite",
                     help="the database every test runs on")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """What pytest keeps of the log for a failure's report and for caplog: warnings and errors (the links mailed to
    the log, a failed send, a traceback), not the app's line per request, thousands in the browser tests. Set here
    rather than as `log_level` in pyproject.toml, which `-p no:logging` would refuse as an unknown setting; before
    the logging plugin reads it (it registers in its own pytest_configure)."""
    if hasattr(config.option, "log_level") and config.option.log_level is None:
        config.option.log_level = "WARNING"


@pytest.fixture(scope="session")
def database_url(request):
    if request.config.getoption("--db") == "postgis":
        with postgis_server() as url:
            yield url
    else:
        with tempfile.TemporaryDirectory(prefix="voyette-sqlite-") as folder:
            yield f"sqlite:///{Path(folder) / 'test.db'}?geoalchemy2_connect_sqlite_transaction=true"


class Client(FlaskClient):
    """A test client whose requests each start with what a server's request would: no logged-in user or
    access or CSRF token worked out yet (requests reuse the test's application context, and so its `g`); and end
    as a server's do: the answer read whole, then the files it was sent from and the upload it read are closed."""

    def open(self, *args, **kwargs):
        if has_app_context():
            for key in ("_login_user", "access", "csrf_token", "embedded"):
                g.pop(key, None)
        response = super().open(*args, **{**kwargs, "buffered": True})
        response.close()  # its body stays readable: buffered, it is already in memory
        response.request.environ["wsgi.input"].close()  # the upload, which werkzeug spools to a temporary file
        return response


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """The application, its database migrated once for the session, its photos in a temporary directory."""
    app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": database_url,
                                           "PHOTO_DIR": str(tmp_path_factory.mktemp("photos")),
                                           "IMPORT_DIR": str(tmp_path_factory.mktemp("imports")),
                                           "PRINT_TILE_DIR": str(tmp_path_factory.mktemp("print-tiles")),
                                           "ANSWER_DIR": str(tmp_path_factory.mktemp("answers"))})
    app.test_client_class = Client
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def app_context(app):
    """Each test starts on empty tables, inside an application context."""
    with app.app_context():
        _empty_tables()
        yield
        db.session.remove()


def _empty_tables(attempts=5):
    """Empty every table. On PostgreSQL, TRUNCATE locks the tables one by one: a request of the previous browser
    test that reached the server as its page closed can hold one of them and ask for another, and PostgreSQL then
    cancels the TRUNCATE as a deadlock. The request goes on and ends; the TRUNCATE is simply made again."""
    for attempt in range(attempts):
        try:
            with db.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
                else:
                    for table in TABLES:
                        connection.execute(text(f"DELETE FROM {table}"))
            return
        except OperationalError as error:
            if "deadlock" not in str(error) or attempt == attempts - 1:
                raise


PASSWORD = "un mot de passe sûr"  # the test accounts'


def with_password(user, password=PASSWORD):
    """Give a test account its password. Its scrypt hash is slow on purpose (a tenth of a second, more on a loaded
    machine) and nearly every test makes an account or several: it is made once per password and test session."""
    user.password_hash = _hash_of(password)
    return user


@functools.cache
def _hash_of(password):
    from app.models import User
    made = User()
    made.set_password(password)  # the app's own hashing, once
    return made.password_hash


@pytest.fixture(scope="module")
def production_stack(database_url, app):
    """Voyette as a production host serves it (nginx in front of gunicorn, tests/support/production.py), for the
    tests of one module."""
    from tests.support.production import production_stack
    with production_stack(database_url) as served:
        yield served


@pytest.fixture
def production(production_stack):
    """The module's stack, as each test finds it: nothing nginx was left for the test before."""
    from tests.support.production import forget_published
    yield production_stack
    forget_published(production_stack)


@pytest.fixture
def anonymous(app):
    """A browser with no account and no link."""
    return app.test_client()


@pytest.fixture
def owner():
    """The account that owns the test collective, which every test map belongs to."""
    from app.models import Collective, User
    user = with_password(User(email="camille@exemple.fr", display_name="Camille"))
    Collective.found("Centre social Test", "centre-social", user)
    db.session.commit()
    return user


@pytest.fixture
def member(collective):
    """Make an account with that display name a member of the test collective with a role."""
    def make(name, role):
        from app.models import User
        user = with_password(User(email=f"{name.lower()}@exemple.fr", display_name=name))
        collective.join(user, role)
        db.session.commit()
        return user
    return make


@pytest.fixture
def collective(owner):
    from app.models import Collective
    return Collective.of_user(owner)[0]


@pytest.fixture
def client(app, owner):
    """A browser logged in as the owner: the person who does most things in these tests."""
    client = app.test_client()
    log_in(client, owner.id)
    return client


def log_in(client, user_id):
    """Log a test client in as it would after the login form (Flask-Login's session key)."""
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(user_id), True


@pytest.fixture
def csrf(client):
    """A CSRF token bound to the client's session, as a page would carry it."""
    return csrf_of(client)


def csrf_of(client, path="/"):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


@pytest.fixture
def resident(app, demo_map):
    """Someone without an account who opened the demo map's contribution link and typed « Karim »."""
    from app.demo import demo_contribution_link
    client = app.test_client()
    path = f"/contribuer/{demo_contribution_link(demo_map).token}"
    client.post(path, data={"csrf_token": csrf_of(client, path), "pseudonym": "Karim"})
    return client


@pytest.fixture
def demo_map(collective):
    """The demo map of the cité d'Orient, with its 18 items."""
    from app.demo import ensure_demo_map
    map_ = ensure_demo_map()[0]
    map_.collective = collective  # the owner's: so that the test's members are its members
    db.session.commit()
    return map_


@pytest.fixture
def empty_map(collective):
    """A private map of the test collective with the « Carte sensible » legend and no features."""
    from app import legends
    from app.models import Map
    map_ = Map(name="Cité test", commune="Lens", collective=collective, visibility="private")
    legends.apply(map_, "carte-sensible")
    db.session.add(map_)
    db.session.commit()
    return map_


HX = {"HX-Request": "true"}
