"""Time to make the candidature's documents for a map of 200 items with five actions: the annex as PDF (WeasyPrint,
the map as SVG) and DOCX (the figure rasterised), and the plan de financement as XLSX. DESIGN.md's budget for an A4
PDF of a 200-item map is 3 s (it is the print's, with a basemap; the annex has none, and many pages more).

    python -m bench.annex [--db spatialite|postgis|both] [--runs 3]
"""
from datetime import date

from app.dossier import calls, rules
from app.extensions import db
from app.models import Action, BudgetLine, Dossier, Map
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

ITEMS, ACTIONS = 200, 5
DOCUMENTS = (("annex PDF", "annexe.pdf", 3.0), ("annex DOCX", "annexe.docx", None),
             ("plan de financement XLSX", "plan-de-financement.xlsx", None))


def project(map_id):
    """Five actions of four budget lines each, and a dossier with its four annex texts."""
    map_ = db.session.get(Map, map_id)
    for index in range(ACTIONS):
        action = Action.add(map_, kind=list(rules.ACTION_TYPES)[index], title=f"Action {index + 1} du projet",
                            starts_on=date(2027, 3, 1), ends_on=date(2028, 6, 30))
        action.budget_lines = [BudgetLine(position=line, label=f"Dépense {line + 1}", amount_cents=45_000 + line,
                                          kind="equipement", funder="etat" if line % 2 else "porteur")
                               for line in range(4)]
    text = "Un paragraphe de l'annexe, comme un porteur l'écrit. " * 40
    db.session.add(Dossier(map=map_, holder_type="centre_social", holder_name="Centre social", territory="call",
                           annex=dict.fromkeys(calls.get(calls.DEFAULT).annex_topics, text), citations={}, contexts=[],
                           pieces_ready=[]))
    db.session.commit()


def run(kind, runs):
    with migrated_app(kind) as app:
        with app.app_context():
            map_id = fill.create_map("Annexe de 200 éléments")
            fill.fill(map_id, ITEMS, area=fill.bounds(width_m=600, height_m=400))
            project(map_id)
            editor_id = fill.bench_editor().id
        client = signed_in_client(app, editor_id)
        figures = []
        for name, path, budget in DOCUMENTS:
            seconds, size = time_download(client, f"/cartes/{map_id}/dossier/{path}", runs)
            figures.append(Figure(f"{name}, {ITEMS} items, {ACTIONS} actions", kind, seconds, "s", budget,
                                  f"{size / 1e3:,.0f} KB; median of {runs}"))
    return figures


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments, default="spatialite")
    arguments.add_argument("--runs", type=int, default=3)
    args = arguments.parse_args(argv)
    print(f"Documents of the candidature {machine_note()}")
    figures = [figure for kind in chosen_databases(args) for figure in run(kind, args.runs)]
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
