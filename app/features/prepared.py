"""After a write, the layer's answers that readers asked for lately are made at the map's new revision before the
writer's answer goes, and left in their shared files (app/shared_answers.py): the next reader, in whichever worker,
sends them as they are instead of making them (`features/layer.py`, `prepare_revised`).

A map's revision advances in `Map.bump_revision`, which notes the map in its session; the note counts once the
transaction commits (a rolled-back one prepared nothing), and the work is done when the application context ends:
after the route's last commit, before the answer is sent (gunicorn sends it once the context is gone), and also for
a write made outside any request (a command, a benchmark). A map nobody reads costs a write one folder lookup, no query.
The map's public answers, files nginx sends (app/published.py), are withdrawn first, and those made anew published
again.
"""
from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .. import published, shared_answers
from ..extensions import db
from ..models import Map
from ..models.map import REVISING
from .layer import prepare_revised, published_digest

REVISED = "voyette.revised"


@event.listens_for(Session, "after_commit")
def _committed(session):
    if revising := session.info.pop(REVISING, None):
        revised = session.info.setdefault(REVISED, {})
        for map_id, created_at in revising.items():
            revised[map_id] = created_at or revised.get(map_id)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session):
    session.info.pop(REVISING, None)


def prepare_after_writes(app):
    """Register the preparation at the end of each application context of `app`."""
    app.teardown_appcontext(_prepare)


def _prepare(error):
    if not db.session.registry.has():  # no session in this context: nothing written
        return
    revised = db.session.info.pop(REVISED, None)
    if not revised:
        return
    try:
        if error is not None:  # what was committed stands; the transaction the error left is of no use
            db.session.rollback()
        for map_id, created_at in sorted(revised.items()):
            _prepare_map(map_id, created_at, published.withdraw(map_id))
    except Exception:  # a cache not made is made by its reader: the write it follows stands
        db.session.rollback()
        current_app.logger.exception("Réponses de la couche non préparées")


def _prepare_map(map_id, created_at, withdrawn):
    """A map nobody read lately costs no query: its folder, named by its creation time, holds no view to make. The
    public answers `withdrawn` (their query strings) that were made anew are published again at once."""
    if created_at is not None and not shared_answers.watched(shared_answers.folder(map_id, created_at)):
        return
    map_ = db.session.scalar(select(Map).where(Map.id == map_id).execution_options(populate_existing=True))
    if map_ is None:
        return
    made = prepare_revised(map_)
    for query in withdrawn:
        if (body := made.get(published_digest(query))) is not None:
            published.publish(map_, query.encode("latin-1"), body)
