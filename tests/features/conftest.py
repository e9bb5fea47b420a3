"""What the tests of the map's layer share: a second worker of the same host."""
import pytest

from app import create_app
from app.extensions import db


@pytest.fixture
def other_worker(app):
    """A second worker of the same host: another app on the same database and the same folders of shared and
    published answers, with a memory of its own, each of its requests in an application context of its own (as in
    gunicorn, where the end of that context prepares a write's answers)."""
    names = ("SQLALCHEMY_DATABASE_URI", "PHOTO_DIR", "IMPORT_DIR", "PRINT_TILE_DIR", "ANSWER_DIR", "PUBLISHED_DIR")
    worker = create_app("config.TestConfig", {name: app.config[name] for name in names})
    worker.test_client_class = app.test_client_class
    yield worker
    with worker.app_context():
        db.engine.dispose()
