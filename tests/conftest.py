"""Fixtures shared by every test: the app on SpatiaLite or PostGIS (`--db`), a clean database per test."""
import re
import tempfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.support.postgis import postgis_server

TABLES = ("comments", "revisions", "features", "categories", "maps", "login_attempts", "users")


def pytest_addoption(parser):
    parser.addoption("--db", choices=("spatialite", "postgis"), default="spatialite",
                     help="the database every test runs on")


@pytest.fixture(scope="session")
def database_url(request):
    if request.config.getoption("--db") == "postgis":
        with postgis_server() as url:
            yield url
    else:
        with tempfile.TemporaryDirectory(prefix="voyette-sqlite-") as folder:
            yield f"sqlite:///{Path(folder) / 'test.db'}?geoalchemy2_connect_sqlite_transaction=true"


@pytest.fixture(scope="session")
def app(database_url):
    """The application, its database migrated once for the session."""
    app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": database_url})
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


def _empty_tables():
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
        else:
            for table in TABLES:
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf(client):
    """A CSRF token bound to the client's session, as a page would carry it."""
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture
def demo_map():
    """The demo map of the cité d'Orient, with its 18 items."""
    from app.demo import ensure_demo_map
    return ensure_demo_map()[0]


@pytest.fixture
def empty_map():
    """A map with the « Carte sensible » legend and no features."""
    from app import legends
    from app.models import Map
    map_ = Map(name="Cité test", commune="Lens")
    legends.apply(map_, "carte-sensible")
    db.session.add(map_)
    db.session.commit()
    return map_


HX = {"HX-Request": "true"}
