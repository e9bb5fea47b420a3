"""A person's rights on a busy map: « Mes données » and « Supprimer mon compte » read every history entry of the
maps of the person's collectives (their own by account or name, and those whose states before or after name them).

On a map of 10,000 items with 50,000 history entries signed by 20 members: how long finding one member's rows,
their export and their account's deletion take (the deletion rolled back, so each run deletes the same).

    .venv/bin/python -m bench.people --db spatialite|postgis|both [--runs 3]
"""
import random
import time

from sqlalchemy import insert, select

from app.extensions import db
from app.models import Collective, Feature, Map, Revision, User
from app.models.map import utcnow
from app.people.erasure import delete_account
from app.people.export import export
from app.people.traces import Person
from bench import fill
from bench.support import (
    Figure,
    chosen_databases,
    db_choices,
    machine_note,
    median,
    migrated_app,
    parser,
    print_figures,
)

FEATURES, REVISIONS, MEMBERS = 10_000, 50_000, 20


def populate():
    """The map, its members, and their history entries (bulk: the ORM would take minutes); the member measured."""
    map_id = fill.create_map("Droits")
    fill.fill(map_id, FEATURES)
    map_ = db.session.get(Map, map_id)
    collective = db.session.get(Collective, map_.collective_id)
    members = [User(email=f"membre{n}@exemple.fr", display_name=f"Membre {n}", password_hash="x")
               for n in range(MEMBERS)]
    for member in members:
        collective.join(member, "editor")
    db.session.commit()
    features = db.session.scalars(select(Feature.id).where(Feature.map_id == map_id)).all()
    rng, now = random.Random(1), utcnow()
    rows = [{"map_id": map_id, "seq": map_.revision + 1 + n, "feature_id": rng.choice(features), "action": "edited",
             "before": {"title": "Avant", "plot": {"holder": rng.choice(members).display_name}},
             "after": {"title": "Après"}, "author": (author := rng.choice(members)).display_name,
             "user_id": author.id if n % 2 else None, "created_at": now} for n in range(REVISIONS)]
    for start in range(0, len(rows), fill.BATCH):
        db.session.execute(insert(Revision), rows[start:start + fill.BATCH])
    db.session.commit()
    return members[0]


def timed(work, runs):
    """The median seconds of `work()` over `runs`, each in a transaction rolled back after."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        db.session.flush()
        samples.append(time.perf_counter() - started)
        db.session.rollback()
    return median(samples)


def run(kind, runs):
    with migrated_app(kind) as app, app.app_context():
        member = populate()
        found = len(Person.of_account(member).revisions())
        note = f"{found:,} of {REVISIONS:,} entries"
        return [Figure("find one member's history entries", kind,
                       timed(lambda: Person.of_account(member).revisions(), runs) * 1000, "ms", note=note),
                Figure("« Mes données » ZIP", kind,
                       timed(lambda: export(Person.of_account(member)), runs) * 1000, "ms"),
                Figure("« Supprimer mon compte »", kind,
                       timed(lambda: delete_account(Person.of_account(db.session.get(User, member.id))), runs) * 1000,
                       "ms", note=note)]


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--runs", type=int, default=3)
    args = arguments.parse_args(argv)
    figures = [figure for kind in chosen_databases(args) for figure in run(kind, args.runs)]
    print_figures(figures, f"A person's rights, {FEATURES:,} items, {REVISIONS:,} history entries {machine_note()}")


if __name__ == "__main__":
    main()
