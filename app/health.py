"""`GET /sante`, for the proxy's health check (and a supervisor's): 200 when the database answers and its schema is
the one this code was written for (the migrations' head), 503 otherwise, with a short reason that names nothing an
attacker could use. The head is read from the migrations folder once, as the app starts."""
from alembic.script import ScriptDirectory
from flask import Blueprint, Response, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

bp = Blueprint("health", __name__)
HEADS = "voyette.migration_heads"  # in app.extensions


def register_health(app, migrations):
    """The health route, and the migrations' head(s) it compares the database with, read now from `migrations`."""
    app.extensions[HEADS] = frozenset(ScriptDirectory(migrations).get_heads())
    app.register_blueprint(bp)


@bp.get("/sante")
def health():
    try:
        # Its own connection, never the request's session: a check leaves no transaction behind.
        with db.engine.connect() as connection:
            applied = frozenset(connection.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        return _answer(503, "indisponible : base de données")
    if applied != current_app.extensions[HEADS]:
        return _answer(503, "indisponible : base de données à mettre à jour")
    return _answer(200, "ok")


def _answer(status, reason):
    response = Response(reason + "\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response
