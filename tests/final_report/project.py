"""A project near its end on the demo map, made of rows as the pages of the running project store them."""
from datetime import date

from shapely.geometry import Point

from app.extensions import db
from app.models import (
    Action,
    BudgetLine,
    Category,
    ContributionLink,
    Dossier,
    Expense,
    Feature,
    Indicator,
    Measurement,
    Proposal,
    Receipt,
    Walk,
)
from tests.support.author import AUTHOR

PSEUDONYMS = ("Karim du 12", "Josiane")  # residents who proposed through a link: never in the report
FACILITATOR = "Lucie Martin"


def running_project(map_, notified_on=date(2026, 12, 15)):
    """Two actions done (one with its real dates), one running, one dropped; indicators measured or typed; expenses
    with receipts; two walks; three residents' proposals; a dossier notified on `notified_on`."""
    orchard = Action.add(map_, kind="jardin_collectif", title="Verger partagé", status="done",
                         starts_on=date(2027, 3, 1), ends_on=date(2028, 6, 30),
                         started_on=date(2027, 3, 8), finished_on=date(2028, 5, 20))
    trees = BudgetLine(position=0, label="Arbres fruitiers", amount_cents=300000, kind="equipement", funder="etat")
    animation = BudgetLine(position=1, label="Animation", amount_cents=200000, kind="animation", funder="porteur")
    orchard.budget_lines = [trees, animation]
    households = Indicator(position=0, label="Foyers participants", target=40, reached=12)
    planted = Indicator(position=1, label="Arbres plantés", target=20, reached=18)
    orchard.indicators = [households, planted]
    households.measurements = [Measurement(measured_on=date(2028, 4, 2), value=35, counted_by="Centre social"),
                               Measurement(measured_on=date(2027, 9, 1), value=20, counted_by="Centre social")]
    tools = Action.add(map_, kind="ressources", title="Outilthèque", status="done", starts_on=date(2027, 4, 1),
                       ends_on=date(2027, 10, 31))
    tools.budget_lines = [BudgetLine(position=0, label="Outils", amount_cents=150000, kind="equipement",
                                     funder="etat")]
    tools.indicators = [Indicator(position=0, label="Prêts d'outils", target=100)]
    Action.add(map_, kind="convivialite", title="Fête des jardins", status="running", starts_on=date(2028, 6, 1),
               ends_on=date(2028, 9, 30))
    Action.add(map_, kind="biodiversite", title="Mare pédagogique", status="dropped")
    trees.expenses = [
        Expense(label="Pommiers et poiriers", supplier="Pépinière du Pévèle", amount_cents=180000,
                spent_on=date(2027, 11, 20), status="payee",
                receipts=[Receipt(stored_name="a" * 32, kind="pdf", size=1000),
                          Receipt(stored_name="b" * 32, kind="image", size=2000)]),
        Expense(label="Tuteurs", supplier="Jardinerie", amount_cents=45050, spent_on=date(2027, 11, 25),
                status="engagee")]
    tools.budget_lines[0].expenses = [
        Expense(label="Bêches et râteaux", supplier="Quincaillerie", amount_cents=95000, spent_on=date(2027, 5, 2),
                status="payee", receipts=[Receipt(stored_name="c" * 32, kind="pdf", size=3000)])]
    db.session.add(Dossier(map=map_, holder_type="centre_social", holder_name="Centre social Jacques-Prévert",
                           territory="call", filed_on=date(2026, 9, 10), notified_on=notified_on, contexts=[],
                           annex={}, citations={}, pieces_ready=[]))
    Walk.start(map_, date(2027, 5, 12), FACILITATOR, 14, theme="Les fonds de parcelle")
    Walk.start(map_, date(2027, 10, 3), FACILITATOR, 9)
    link = ContributionLink(map_id=map_.id, label="Fête", moderated=True)
    db.session.add(link)
    db.session.flush()
    category = Category.of_map(map_.id)[0]
    first = Proposal.propose(map_, link, category, "Un banc", "", Point(2.8935, 50.4434), author=PSEUDONYMS[0],
                             contributor="k" * 64)
    Proposal.propose(map_, link, category, "Des nichoirs", "", Point(2.8936, 50.4435), author=PSEUDONYMS[0],
                     contributor="k" * 64)
    Proposal.propose(map_, link, category, "Une haie", "", Point(2.8937, 50.4436), author=PSEUDONYMS[1],
                     contributor="j" * 64)
    db.session.flush()
    first.validate(map_, author=AUTHOR)
    db.session.commit()
    return orchard, tools


def new_item(map_, title="Nouveau composteur"):
    category = Category.of_map(map_.id)[0]
    item = Feature.create(map_, category, title, "", Point(2.8935, 50.4434), author=AUTHOR)
    db.session.commit()
    return item
