"""Deleting a map for good: every row of it in one transaction, then its files, this worker's kept answers and the
files of answers every worker shares.

The rows go by the foreign keys' cascades, declared once in the models and the migrations: every table that names
a map (items, legend, history, walks, actions, dossier, links, proposals, presence, the cadastre, the grid's counts)
says `ON DELETE CASCADE`, and so does every table that names one of those rows (photos, comments, plots, budget
lines…). One DELETE of the map's row is the whole deletion, and a table added later with its cascade is deleted
with no change here (`tests/maps/test_deleting.py` looks for a row left in every table of the models).
"""
from sqlalchemy import delete, select, update

from .. import published, shared_answers
from ..answers import answers
from ..expenses import store as receipts
from ..extensions import db
from ..features.layer import kept_prefix
from ..imports import kept
from ..models import Action, BudgetLine, Expense, Feature, Map, Photo
from ..photos import store


def delete_map(map_):
    """Delete the map and all it holds, commit, then remove its photos' and receipts' files (only once the commit is
    made, as for any photo removed), the previews of imports into it, and the answers kept of its layer (this
    worker's, and the files every worker of this host shares).

    Another worker's kept answers are never sent again: the map's loader finds no map, and a key names the map's
    creation time, so a new map that takes its number (SQLite reuses the highest) does not get them."""
    map_id = map_.id
    _lock(map_id)
    stored_names = db.session.scalars(select(Photo.stored_name).join(Feature, Photo.feature_id == Feature.id)
                                      .where(Feature.map_id == map_id)).all()
    store.removing_files(*stored_names)
    receipts.removing_files(*receipts.stored_names_of_map(map_id))
    db.session.execute(delete(Map).where(Map.id == map_id).execution_options(synchronize_session=False))
    db.session.commit()
    kept.forget_map(map_id)
    answers().forget(kept_prefix(map_id))
    shared_answers.forget_map(map_id)
    published.withdraw(map_id)


def _lock(map_id):
    """No photo or receipt may be added to the map while its files are listed: SQLite's one write lock, taken by a
    first write, holds every other save until the commit; on PostgreSQL, the items' and expenses' rows locked hold a
    new photo or receipt (whose row names its item or expense) until the commit, when it is refused with them gone."""
    db.session.execute(update(Map).where(Map.id == map_id).values(revision=Map.revision + 1)
                       .execution_options(synchronize_session=False))
    db.session.execute(select(Feature.id).where(Feature.map_id == map_id).with_for_update())
    lines = select(BudgetLine.id).join(Action, Action.id == BudgetLine.action_id).where(Action.map_id == map_id)
    db.session.execute(select(Expense.id).where(Expense.budget_line_id.in_(lines)).with_for_update())
