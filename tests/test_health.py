"""`GET /sante`: 200 while the database answers with the schema of this code, 503 with a short reason otherwise."""
import socket

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import MIGRATIONS, create_app
from app.extensions import db

HEAD = ScriptDirectory(MIGRATIONS).get_current_head()
OLDER = ScriptDirectory(MIGRATIONS).get_revision(HEAD).down_revision


def test_a_database_that_answers_with_the_latest_schema_is_healthy(anonymous):
    response = anonymous.get("/sante")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"
    assert response.headers["Cache-Control"] == "no-store" and response.mimetype == "text/plain"


@pytest.fixture
def stamped_older():
    """The database says it stands one migration behind the code (a deploy whose `flask db upgrade` did not run)."""
    db.session.execute(text("UPDATE alembic_version SET version_num = :older"), {"older": OLDER})
    db.session.commit()
    yield
    db.session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": HEAD})
    db.session.commit()


def test_a_database_behind_the_code_is_not_healthy(anonymous, stamped_older):
    response = anonymous.get("/sante")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "indisponible : base de données à mettre à jour\n"
    assert OLDER not in response.get_data(as_text=True) and HEAD not in response.get_data(as_text=True)


def unreachable(url):
    """A database of the same kind that does not answer: a PostgreSQL port nobody listens on, an SQLite file in a
    folder that does not exist."""
    if url.startswith("sqlite"):
        return "sqlite:////nonexistent-voyette-folder/voyette.db"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return make_url(url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)


def test_a_database_that_does_not_answer_is_not_healthy(database_url, tmp_path):
    app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": unreachable(database_url),
                                           "PHOTO_DIR": str(tmp_path)})
    try:
        response = app.test_client().get("/sante")
        assert response.status_code == 503
        assert response.get_data(as_text=True) == "indisponible : base de données\n"
    finally:
        with app.app_context():
            db.engine.dispose()
