"""The demo map: the carte sensible of the cité d'Orient in Harnes (seed 002), with its 18 numbered items, kept in
`demo.geojson` in their order (each with its legend entry, title and description).

Positions are illustrative, placed inside the estate (about 2.8876–2.8994 E, 50.4403–50.4465 N). The map is
public and belongs to a demonstration collective; a contribution link without moderation lets anyone try
drawing on it without an account. `flask seed-demo` adds its project under way (`demo_project.py`): actions
started and done, with what was counted.
"""
import io
import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from . import demo_project, geo, legends
from .extensions import db
from .models import Action, BudgetLine, Collective, ContributionLink, Expense, Feature, Map

NAME, COMMUNE, COMMUNE_CODE = "Cité d'Orient, Harnes", "Harnes", "62413"  # its INSEE code: app/places
COLLECTIVE = "Centre social de la cité d'Orient (démonstration)"
AUTHOR = "Voyette"  # the history shows the seeded items as the application's, not as someone's « Anonyme » changes

ZONES = {
    "potentiel": "Parcelles à haut potentiel d'activation",
    "potager": "Culture du potager",
    "preserver": "Éléments à préserver lors des rénovations",
    "supports": "Supports de transformations architecturales",
    "vacantes": "Parcelles vacantes",
    "traditions": "Traditions locales et connaissances historiques",
}
ITEMS = Path(__file__).with_name("demo.geojson")
RECEIPT = Path(__file__).with_name("demo_facture.pdf")  # a fictitious invoice (WeasyPrint), the demo's one receipt


def _items():
    """(legend entry's key in ZONES, title, shape, description) of the demo's items, in their order."""
    for item in json.loads(ITEMS.read_text(encoding="utf-8"))["features"]:
        shape = geo.parse_geometry(json.dumps(item["geometry"])).shape
        yield item["properties"]["zone"], item["properties"]["title"], shape, item["properties"]["description"]


def ensure_demo_map(with_project=False):
    """Create the demo map unless it is already there; returns (map, created). `with_project`: with its project
    under way (`demo_project`), as `flask seed-demo` shows it to a new user; the tests' demo map has none."""
    existing = db.session.scalar(select(Map).where(Map.name == NAME, Map.commune == COMMUNE))
    if existing is not None:
        return existing, False
    collective = Collective(name=COLLECTIVE, kind="centre-social")
    map_ = Map(name=NAME, commune=COMMUNE, commune_code=COMMUNE_CODE, epci="call", center_lon=2.8935,
               center_lat=50.4434, zoom=16, collective=collective, visibility="public")
    map_.renew_share_token()
    legends.apply(map_, "carte-sensible")
    db.session.add(map_)
    db.session.flush()
    by_label = {c.label: c for c in map_.categories}
    # One UPDATE of the map for the 18 items, each still a revision of its own (every test that opens the demo map
    # makes it anew).
    Feature.create_many(map_, [(by_label[ZONES[zone]], title, description, shape)
                               for zone, title, shape, description in _items()], author=AUTHOR)
    db.session.add(ContributionLink(map_id=map_.id, label="Démonstration", moderated=False))
    if with_project:
        demo_project.add_project(map_)
    db.session.commit()
    return map_, True


def demo_contribution_link(map_):
    """The live contribution link of the demo map, if any."""
    return next(iter(ContributionLink.of_map(map_.id)), None)


def ensure_demo_project(map_):
    """The project under way on the demo map (`flask seed-demo`), unless it has actions already: the shared tool
    library, funded, with what it has spent so far (one invoice as its receipt). The tests' demo map has none: they
    make the project they need."""
    from .expenses import store
    from .expenses.receipts import clean_receipt
    if Action.of_map(map_.id):
        return False
    tools = Action.add(map_, kind="ressources", title="Outilthèque partagée du 142", status="running",
                       starts_on=date(2027, 3, 1), ends_on=date(2028, 6, 30), started_on=date(2027, 3, 8),
                       lead_partner=COLLECTIVE, features=[Feature.listed(map_.id)[0][0]])
    tools.budget_lines = [
        BudgetLine(position=0, label="Outils de jardinage", amount_cents=90000, kind="equipement", funder="etat"),
        BudgetLine(position=1, label="Ateliers d'entretien des outils", amount_cents=120000, kind="animation",
                   funder="etat"),
        BudgetLine(position=2, label="Abri de l'outilthèque", amount_cents=150000, kind="equipement",
                   funder="cofinanceur", cofunder="Maisons & Cités", cofunder_status="acquis")]
    tools_line, workshops, shelter = tools.budget_lines
    paid = Expense(label="Bêches, râteaux et brouette", supplier="Quincaillerie Delattre", amount_cents=44000,
                   spent_on=date(2027, 3, 15), status="payee")
    tools_line.expenses = [paid, Expense(label="Sécateurs et gants", supplier="Jardinerie du Bassin",
                                         amount_cents=21000, spent_on=date(2027, 4, 2), status="engagee")]
    workshops.expenses = [Expense(label="Premier atelier d'affûtage", supplier="Association Les Mains Vertes",
                                  amount_cents=35000, spent_on=date(2027, 4, 10), status="payee")]
    shelter.expenses = [Expense(label="Devis signé de l'abri en bois", supplier="Menuiserie Lefebvre",
                                amount_cents=148000, spent_on=date(2027, 5, 3), status="engagee")]
    db.session.flush()
    store.attach(paid, clean_receipt(io.BytesIO(RECEIPT.read_bytes())), author=AUTHOR)
    db.session.commit()
    return True
