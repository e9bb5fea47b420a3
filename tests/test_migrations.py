"""The migration tree matches the models, on the database under test; what a migration does to the rows there."""
from contextlib import contextmanager
from datetime import date

from flask_migrate import check, downgrade, upgrade
from shapely.geometry import Point
from sqlalchemy import create_engine, inspect, make_url, text

from app import create_app, legends
from app.extensions import db
from app.models import Action, Comment, CopilDecision, CopilMeeting, Feature, Map, Revision


def test_models_and_migrations_agree():
    # Raises (with the differences in its message) when a model changed without a migration.
    check()


def test_comments_made_before_are_linked_to_their_history_entry(database_url, tmp_path):
    """So that deleting one of them erases its text from the history too: each gets the « commented » entry of its
    item with its author and text, in order; a comment no entry describes gets none."""
    with fresh_database(database_url, tmp_path) as url:
        app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": url, "PHOTO_DIR": str(tmp_path)})
        with app.app_context():
            # The map and its history are written by today's models, at the head; the comments as they were
            # before that migration, once the tree is taken back down to it.
            upgrade()
            map_ = Map(name="Cité", commune="Lens", visibility="private")
            legends.apply(map_, "carte-sensible")
            db.session.add(map_)
            db.session.flush()
            feature = Feature.create(map_, map_.categories[0], "Banc", "", Point(2.9, 50.44), author="Lou")
            said = [("Karim", "Vu"), ("Lou", "Autre"), ("Karim", "Vu"), ("X", None)]
            for author, body in said:
                if body is not None:
                    Revision.record(map_, "commented", feature, after={"comment": body}, author=author)
            feature_id = feature.id
            db.session.commit()
            entries = db.session.scalars(text("SELECT id FROM revisions WHERE action = 'commented' ORDER BY id")).all()
            db.session.remove()
            downgrade(revision="d7c3e1f5a9b2")
            for author, body in said:
                db.session.execute(text("INSERT INTO comments (feature_id, body, author, created_at) "
                                        "VALUES (:f, :b, :a, CURRENT_TIMESTAMP)"),
                                   {"f": feature_id, "b": body or "sans entrée", "a": author})
            db.session.commit()
            db.session.remove()
            upgrade()
            linked = db.session.scalars(text("SELECT revision_id FROM comments ORDER BY id")).all()
            db.session.remove()
            db.engines[None].dispose()
        assert linked == [*entries, None]


def test_revisions_learn_their_account_and_comments_keep_their_history_entry(database_url, tmp_path):
    """SQLite rebuilds the revisions table to add or drop its account: the comments that point at its rows still do,
    on the way down and up again."""
    with fresh_database(database_url, tmp_path) as url:
        app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": url, "PHOTO_DIR": str(tmp_path)})
        with app.app_context():
            upgrade()
            map_ = Map(name="Cité", commune="Lens", visibility="private")
            legends.apply(map_, "carte-sensible")
            db.session.add(map_)
            db.session.flush()
            feature = Feature.create(map_, map_.categories[0], "Banc", "", Point(2.9, 50.44), author="Lou")
            db.session.flush()
            Comment.add(feature, "Vu", author="Karim")
            db.session.commit()
            linked = db.session.scalars(text("SELECT revision_id FROM comments")).all()
            db.session.remove()
            downgrade(revision=BEFORE_ACCOUNTS)
            assert db.session.scalars(text("SELECT revision_id FROM comments")).all() == linked != [None]
            db.session.remove()
            upgrade()
            assert db.session.scalars(text("SELECT revision_id FROM comments")).all() == linked
            assert db.session.scalars(text("SELECT user_id FROM revisions")).all() == [None, None]
            db.session.remove()
            db.engines[None].dispose()


BEFORE_ACCOUNTS = "f6a2c8d4e1b7"  # the migration before revisions and photos kept their account


BEFORE_CO_FUNDERS = "c4e9a7b1d2f8"  # the migration before budget lines named their co-funder


def test_budget_lines_stored_before_get_no_co_funder(database_url, tmp_path):
    """A line stored before co-funders were named reads as unnamed, with no status: the plan says « (à nommer) »."""
    with fresh_database(database_url, tmp_path) as url:
        app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": url, "PHOTO_DIR": str(tmp_path)})
        with app.app_context():
            upgrade(revision=BEFORE_CO_FUNDERS)
            map_ = Map(name="Cité", commune="Lens", visibility="private")
            db.session.add(map_)
            db.session.flush()
            action_id = db.session.execute(text(
                "INSERT INTO actions (map_id, position, kind, title, description, status, lead_partner, partners, "
                "version, created_at) VALUES (:m, 1, 'ressources', 'Outils', '', 'planned', '', '', 1, "
                "CURRENT_TIMESTAMP) RETURNING id"), {"m": map_.id}).scalar_one()
            db.session.execute(text("INSERT INTO budget_lines (action_id, position, label, amount_cents, kind, funder) "
                                    "VALUES (:a, 0, 'Outils', 240000, 'equipement', 'cofinanceur')"), {"a": action_id})
            db.session.commit()
            db.session.remove()
            upgrade()
            stored = db.session.execute(text("SELECT cofunder, cofunder_status FROM budget_lines")).all()
            db.session.remove()
            db.engines[None].dispose()
        assert [tuple(row) for row in stored] == [("", "")]


BEFORE_COPIL_MEETINGS = "b5d7e9f1a3c6"  # the migration before COPIL meetings and their decisions


def test_copil_meetings_come_and_go_with_their_migration(database_url, tmp_path):
    """Down, the meetings' tables go and the actions stay; up again, a meeting and its decision can be stored."""
    with fresh_database(database_url, tmp_path) as url:
        app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": url, "PHOTO_DIR": str(tmp_path)})
        with app.app_context():
            upgrade()
            map_ = Map(name="Cité", commune="Lens", visibility="private")
            db.session.add(map_)
            db.session.flush()
            action = Action.add(map_, kind="ressources", title="Outils")
            meeting = CopilMeeting(map_id=map_.id, held_on=date(2027, 3, 12), attendees="Mairie", report={})
            meeting.decisions = [CopilDecision(text="Ouvrir l'outilthèque", action=action, outcome="created")]
            db.session.add(meeting)
            db.session.commit()
            map_id, action_id = map_.id, action.id
            db.session.remove()
            downgrade(revision=BEFORE_COPIL_MEETINGS)
            tables = set(inspect(db.engine).get_table_names())
            kept = db.session.execute(text("SELECT title FROM actions")).scalars().all()
            db.session.remove()
            upgrade()
            stored = db.session.execute(text("SELECT count(*) FROM copil_meetings")).scalar_one()
            meeting = CopilMeeting(map_id=map_id, held_on=date(2027, 9, 1), attendees="Mairie", report={})
            meeting.decisions = [CopilDecision(text="Planter", action_id=action_id)]
            db.session.add(meeting)
            db.session.commit()
            decided = db.session.execute(text("SELECT text, action_id FROM copil_decisions")).all()
            db.session.remove()
            db.engines[None].dispose()
        assert not {"copil_meetings", "copil_decisions"} & tables and kept == ["Outils"] and stored == 0
        assert [tuple(row) for row in decided] == [("Planter", action_id)]
BEFORE_CALLS = "d8f2a4c6e0b1"  # the migration before dossiers named their call


def test_dossiers_stored_before_answer_the_ami_and_the_way_down_drops_the_call(database_url, tmp_path):
    """A dossier stored when the AMI was the only call answers the AMI's file; taken back down, the column goes
    and the dossier stays; up again, it answers the AMI again."""
    with fresh_database(database_url, tmp_path) as url:
        app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": url, "PHOTO_DIR": str(tmp_path)})
        with app.app_context():
            upgrade(revision=BEFORE_CALLS)
            map_ = Map(name="Cité", commune="Lens", visibility="private")
            db.session.add(map_)
            db.session.flush()
            db.session.execute(text(
                "INSERT INTO dossiers (map_id, holder_name, cite, contexts, partners, evaluation, communication, "
                "annex, citations, pieces_ready, version) VALUES (:m, 'Centre social', '', '[]', '', '', '', '{}', "
                "'{}', '[]', 1)"), {"m": map_.id})
            db.session.commit()
            db.session.remove()
            upgrade()
            assert db.session.scalars(text("SELECT call FROM dossiers")).all() == ["ami-2026"]
            db.session.remove()
            downgrade(revision=BEFORE_CALLS)
            columns = {column["name"] for column in inspect(db.engine).get_columns("dossiers")}
            assert "call" not in columns and "holder_name" in columns
            assert db.session.scalars(text("SELECT holder_name FROM dossiers")).all() == ["Centre social"]
            db.session.remove()
            upgrade()
            assert db.session.scalars(text("SELECT call FROM dossiers")).all() == ["ami-2026"]
            db.session.remove()
            db.engines[None].dispose()


@contextmanager
def fresh_database(database_url, tmp_path):
    """The URL of an empty database of the kind under test, dropped after."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.db'}?geoalchemy2_connect_sqlite_transaction=true"
        return
    with db.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text("CREATE DATABASE voyette_fresh"))
    url = make_url(database_url).set(database="voyette_fresh")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION postgis"))
    engine.dispose()
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with db.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text("DROP DATABASE voyette_fresh"))
