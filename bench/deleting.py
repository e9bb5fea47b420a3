"""Time to delete a map for good (`maps/deleting.py`: one DELETE, the foreign keys' cascades, one commit), on a map of
10,000 items, each with a revision, a comment on one item in ten, while the rest of the site holds other maps with
as many rows again (what a cascade would scan where a foreign key has no index). DESIGN.md sets no budget; the
figures are for comparison.

    python -m bench.deleting [--db spatialite|postgis|both] [--items 10000] [--others 2]
"""
import time
from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from app.extensions import db
from app.maps.deleting import delete_map
from app.models import Category, Comment, Feature, Map, Proposal, Revision
from bench import fill
from bench.support import Figure, chosen_databases, db_choices, machine_note, migrated_app, parser, print_figures


def histories(map_id):
    """A revision for each item of the map, a comment (citing it) on one item in ten, a decided proposal for one in
    twenty: the rows a cascade from the map reaches through its items and its history."""
    now = datetime.now(UTC)
    features = db.session.execute(select(Feature.id, Feature.number).where(Feature.map_id == map_id)).all()
    db.session.execute(insert(Revision), [{"map_id": map_id, "seq": number, "feature_id": feature_id,
                                           "action": "create", "author": "Banc", "created_at": now}
                                          for feature_id, number in features])
    revisions = dict(db.session.execute(select(Revision.feature_id, Revision.id)
                                        .where(Revision.map_id == map_id)).all())
    db.session.execute(insert(Comment), [{"feature_id": feature_id, "body": "Vu.", "author": "Banc", "created_at": now,
                                          "revision_id": revisions[feature_id]}
                                         for feature_id, number in features if number % 10 == 0])
    category = Category.of_map(map_id)[0].id
    db.session.execute(insert(Proposal), [{"map_id": map_id, "category_id": category, "title": "Banc",
                                           "geometry": {"type": "Point", "coordinates": [2.9, 50.4]},
                                           "status": "accepted", "feature_id": feature_id, "created_at": now}
                                          for feature_id, number in features if number % 20 == 0])
    db.session.commit()


def run(kind, items, others):
    with migrated_app(kind) as app, app.app_context():
        map_ids = [fill.create_map(f"Carte {n}") for n in range(others + 1)]
        for map_id in map_ids:
            fill.fill(map_id, items, seed=map_id)
            histories(map_id)
        rows = db.session.scalar(select(func.count()).select_from(Revision))
        started = time.perf_counter()
        delete_map(db.session.get(Map, map_ids[0]))
        seconds = time.perf_counter() - started
        left = db.session.scalar(select(func.count()).select_from(Feature))
    return [Figure(f"delete a map of {items:,} items", kind, seconds, "s", None,
                   f"{rows:,} revisions in the database before, {left:,} items of {others} other maps left")]


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments, default="both")
    arguments.add_argument("--items", type=int, default=10_000)
    arguments.add_argument("--others", type=int, default=2)
    args = arguments.parse_args(argv)
    print(f"Deleting a map {machine_note()}")
    figures = [figure for kind in chosen_databases(args) for figure in run(kind, args.items, args.others)]
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
