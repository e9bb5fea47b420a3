"""Time and size of exporting a 10,000-item map in each format (`/cartes/<id>/export/telecharger`), as the
person who clicks « Télécharger » waits for it. DESIGN.md sets no budget; the figures are for comparison.

    python -m bench.exports [--db spatialite|postgis|both] [--items 10000] [--runs 3]
"""

from app.exports.routes import WRITTEN
from app.models import Category
from bench import fill
from bench.support import (
    Figure,
    chosen_databases,
    db_choices,
    machine_note,
    migrated_app,
    parser,
    print_figures,
    signed_in_client,
    time_download,
)


def run(kind, items, runs):
    with migrated_app(kind) as app:
        with app.app_context():
            map_id = fill.create_map(f"Export de {items} éléments")
            fill.fill(map_id, items)
            editor_id = fill.bench_editor().id
            categories = [c.id for c in Category.of_map(map_id)]
        client = signed_in_client(app, editor_id)
        figures = []
        for code in WRITTEN:
            seconds, size = time_download(client, f"/cartes/{map_id}/export/telecharger", runs,
                                          query_string={"format": code, "categorie": categories})
            figures.append(Figure(f"export {code}, {items:,} items", kind, seconds, "s", None,
                                  f"{size / 1e6:,.1f} MB; median of {runs}"))
    return figures


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments, default="spatialite")
    arguments.add_argument("--items", type=int, default=10_000)
    arguments.add_argument("--runs", type=int, default=3)
    args = arguments.parse_args(argv)
    print(f"Exports {machine_note()}")
    figures = [figure for kind in chosen_databases(args) for figure in run(kind, args.items, args.runs)]
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
