"""Voyette: the collaborative carte sensible of a cité minière."""
import contextlib
import os
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .body_limits import BodyLimitedRequest
from .database import engine_options
from .extensions import babel, compress, csrf, db, htmx, login, migrate
from .gdal_settings import configure as configure_gdal
from .json_input import BoundedJSONProvider
from .logs import configure as configure_logs
from .static_files import compress_static, send_static, version_static_urls

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config_object="config.Config", overrides=None):
    """Build the application: configuration, extensions, blueprints, error pages."""
    configure_gdal()  # before any file can reach GDAL
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_path=str(_instance_dir()))
    app.json = BoundedJSONProvider(app)  # every JSON body a request sends is read within bounds
    app.request_class = BodyLimitedRequest  # a route may allow a bigger body than MAX_CONTENT_LENGTH
    app.config.from_object(config_object)
    app.config.update(overrides or {})
    configure_logs(app)  # before anything is logged
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    # A database error's message names its statement but not its values (an address, a name): it goes to the log.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
                                               "hide_parameters": True}
    if app.config["PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXIES"], x_proto=app.config["PROXIES"])

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    htmx.init_app(app)
    csrf.init_app(app)
    babel.init_app(app)
    compress.init_app(app)
    app.view_functions["static"] = send_static  # a file's gzipped copy, made once, when it has one
    app.url_defaults(version_static_urls)  # static URLs carry their file's version: kept a year
    app.cli.add_command(compress_static)
    app.after_request(_file_closed_with_its_answer)  # registered after Flask-Compress's, so it runs before it
    login.init_app(app)
    login.login_view = "accounts.login"
    login.login_message = None  # the login page says what to do

    from . import models  # noqa: F401  (registers the tables on db.metadata)
    from .access import access_to
    from .accounts.routes import bp as accounts_bp
    from .accounts.routes import load_user
    from .actions.measurements import bp as measurements_bp
    from .actions.routes import bp as actions_bp
    from .authorship import current_author, person
    from .backups.routes import bp as backups_bp
    from .categories.routes import bp as categories_bp
    from .cli import register_commands
    from .collectives.routes import bp as collectives_bp
    from .comments.routes import bp as comments_bp
    from .communication.routes import bp as communication_bp
    from .copil.routes import bp as copil_bp
    from .documents.routes import bp as documents_bp
    from .dossier import calls
    from .dossier.routes import bp as dossier_bp
    from .errors import register_error_handlers
    from .expenses.routes import bp as expenses_bp
    from .exports.routes import bp as exports_bp
    from .features.prepared import prepare_after_writes
    from .features.routes import bp as features_bp
    from .final_report.routes import bp as final_report_bp
    from .formatting import register_filters
    from .health import register_health
    from .history.routes import bp as history_bp
    from .imports.routes import bp as imports_bp
    from .loaders import IdConverter
    from .maps.routes import bp as maps_bp
    from .moderation.mine import bp as proposals_bp
    from .moderation.routes import bp as moderation_bp
    from .offline.routes import bp as offline_bp
    from .people.routes import bp as people_bp
    from .photos.routes import bp as photos_bp
    from .plots.routes import bp as plots_bp
    from .presence.routes import bp as presence_bp
    from .printing.routes import bp as printing_bp
    from .privacy.routes import bp as privacy_bp
    from .reference.routes import bp as reference_bp
    from .security import register_security_headers
    from .sharing.routes import bp as sharing_bp
    from .walks.routes import bp as walks_bp

    login.user_loader(load_user)
    app.url_map.converters["int"] = IdConverter  # before any route: every `<int:…>` id is bounded
    app.register_blueprint(accounts_bp)
    app.register_blueprint(maps_bp)
    app.register_blueprint(features_bp)
    app.register_blueprint(categories_bp)
    app.register_blueprint(history_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(photos_bp)
    for blueprint in (collectives_bp, sharing_bp, moderation_bp, proposals_bp, presence_bp, offline_bp, walks_bp,
                      actions_bp, measurements_bp, dossier_bp, copil_bp, expenses_bp, documents_bp,
                      final_report_bp, communication_bp, plots_bp, exports_bp,
                      imports_bp, printing_bp, backups_bp, reference_bp, privacy_bp, people_bp):
        app.register_blueprint(blueprint)
    if app.config.get("LOCAL_TILES"):
        from .tiles import bp as tiles_bp
        app.register_blueprint(tiles_bp)
    prepare_after_writes(app)  # after Flask-SQLAlchemy's: run before it, while the session is there
    register_health(app, MIGRATIONS)
    register_error_handlers(app)
    register_security_headers(app)
    register_filters(app)
    calls.loaded()  # every call file read and checked now: a wrong one stops the app at its start (CallError)
    register_commands(app)
    app.jinja_env.globals.update(access_to=access_to, current_author=current_author)
    app.jinja_env.filters["person"] = person
    return app


def _file_closed_with_its_answer(response):
    """A file sent as it is (send_file, the static files) is closed when its answer is: Flask-Compress, streaming
    it compressed, puts its own body in its place and leaves the file to be closed whenever garbage collection
    runs."""
    if response.direct_passthrough and hasattr(response.response, "close"):
        response.call_on_close(response.response.close)
    return response


def _instance_dir():
    from config import INSTANCE_DIR
    return INSTANCE_DIR


def _instance_secret(instance):
    """A key generated once per installation, so no secret ever sits in the code. The server's workers start
    together: the key is written whole to a file of its own, then linked into place, which only the first one
    does; all of them read that one key, so a session signed by one is read by the others."""
    path = instance / "secret_key"
    if not path.exists():
        draft = instance / f"secret_key.{os.getpid()}"
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()
