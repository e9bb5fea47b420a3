"""The demo map's project under way, so that a new user sees the project's second life at once: the candidature of
the centre social filed on 14 September 2026 and notified early, on 13 November 2026; six actions with their budget
and objectifs chiffrés (the diagnostic en marchant done, the survey of trees and two gardens started, the rest to
come), the gardens photographed before and after (`demo_photos`); what was
counted and spent so far, one invoice as its receipt (`demo_facture.pdf`, fictitious, made with WeasyPrint); and the
launch COPIL held on 1 December 2026, its report frozen that day, with two decisions, one of which became an action.
What was counted and committed after that day is added after the meeting, so that the live COPIL report and the
frozen one differ as they would.

Seeded by `flask seed-demo` only, apart from `demo.ensure_demo_map`, which the tests use as a blank map to build on.
Who counted is an organisation or a first name, as a collective types it; these are no real people.
"""
import io
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from . import demo_photos
from .copil.saving import new_action
from .demo import AUTHOR, ZONES
from .dossier import copil
from .expenses import store as receipts
from .expenses.receipts import clean_receipt
from .extensions import db
from .models import Action, BudgetLine, CopilDecision, CopilMeeting, Dossier, Expense, Feature, Indicator

FILED, NOTIFIED, HELD = date(2026, 9, 14), date(2026, 11, 13), date(2026, 12, 1)
# The carte sensible was drawn before the candidature, which it served: its items are dated so, so that the COPIL
# report's « what changed since the filing » starts from it.
DRAWN = datetime(2026, 6, 20, 18, 0, tzinfo=UTC)
HOLDER = "Centre social de la cité d'Orient"
ATTENDEES = (HOLDER, "Maisons & Cités", "Ville de Harnes", "DDETS du Pas-de-Calais (État)", "CPIE Chaîne des Terrils",
             "Deux habitantes du collectif")
RECEIPT = Path(__file__).with_name("demo_facture.pdf")


def _day(month, day, year=2026):
    return date(year, month, day)


# The action whose items have their photos before and after (`demo_photos`).
GARDENS = "Remettre en culture les jardins inutilisés"
# (kind, title, planned start and end, status, real start and end, the items it concerns (a ZONES key, or their
# numbers), budget lines [(label, euros, kind, funder, [expenses])], objectives [(label, target, [measurements])]);
# an expense is (label, supplier, euros, day, status, with the invoice as receipt), a measurement (day, value, who).
ACTIONS = [
    ("convivialite", "Diagnostic en marchant et carte sensible de la cité", (_day(11, 16), _day(11, 30)), "done",
     (_day(11, 16), _day(11, 28)), (1, 9, 16),
     [("Animation des marches", 1_800, "mobilisation", "etat",
       [("Animation de deux marches exploratoires", "CPIE Chaîne des Terrils", 1_650, _day(11, 28), "payee", False)]),
      ("Impression de la carte sensible", 450, "communication", "etat",
       [("200 cartes sensibles A3 et 8 affiches", "Imprimerie Delattre", 384, _day(11, 27), "payee", True)])],
     [("Habitants ayant participé aux marches", 40, [(_day(11, 16), 18, "Centre social"),
                                                     (_day(11, 28), 34, "Centre social")])]),
    ("biodiversite", "Relevé des arbres et des haies à préserver", (_day(11, 20), _day(3, 31, 2027)), "running",
     (_day(11, 20), None), "preserver",
     [("Accompagnement du CPIE", 1_800, "accompagnement", "etat",
       [("Acompte de l'accompagnement", "CPIE Chaîne des Terrils", 900, _day(11, 20), "engagee", False)])],
     [("Éléments relevés sur la carte", 40, [(_day(11, 27), 11, "CPIE Chaîne des Terrils")])]),
    ("jardin_collectif", GARDENS, (_day(11, 16), _day(6, 30, 2027)), "running", (_day(11, 21), None), (5, 16),
     [("Petit outillage et semences", 600, "equipement", "etat",
       [("Bêches, griffes et semences", "Jardinerie du Bassin minier", 212, _day(11, 21), "payee", False)])],
     [("Jardins remis en culture", 2, [(_day(11, 29), 1, "Karim")])]),
    ("jardin_collectif", "Verger partagé sur les parcelles vacantes", (_day(1, 15, 2027), _day(6, 30, 2028)),
     "planned", (None, None), "vacantes",
     [("Arbres fruitiers et tuteurs", 2_400, "equipement", "etat", []),
      ("Animation des chantiers de plantation", 3_000, "animation", "etat", []),
      ("Terrain prêté par le bailleur", 1_200, "fonctionnement", "valorisation", [])],
     [("Arbres plantés", 30, []), ("Foyers participants", 40, [])]),
    ("convivialite", "Fête des jardins de la cité", (_day(6, 1, 2027), _day(6, 30, 2027)), "planned", (None, None),
     None, [("Goûter et affiches", 1_500, "mobilisation", "etat", []),
            ("Bénévoles", 500, "fonctionnement", "valorisation", [])],
     [("Habitants présents", 150, [])]),
    ("jardins_individuels", "Coups de main dans les jardins des voisins âgés", (_day(3, 1, 2027), _day(10, 31, 2028)),
     "idea", (None, None), "potager", [("Petit outillage", 900, "equipement", "etat", [])],
     [("Jardins remis en culture", 12, [])]),
]
# What the launch COPIL decided: (text, owner, due date, the kind of the action it became, or None).
DECISIONS = [
    ("Ouvrir une outilthèque partagée à la maison du projet", HOLDER, date(2027, 4, 30), "ressources"),
    ("Associer la fête des jardins à la fête de la cité, le samedi 19 juin 2027", "Ville de Harnes",
     date(2027, 2, 15), None),
]
# After the COPIL: the survey's second count, and the orchard's trees ordered (a signed quote).
LATER_COUNT = ("Relevé des arbres et des haies à préserver", _day(12, 2), 18, "Lucie")
LATER_EXPENSE = ("Verger partagé sur les parcelles vacantes", "Devis signé : 30 scions et leurs tuteurs",
                 "Pépinière du Bassin minier", 2_250, _day(12, 2))


def ensure_demo_project(map_):
    """Add the project to the demo map unless it has a dossier already; returns whether it was added."""
    if db.session.scalar(select(Dossier.id).where(Dossier.map_id == map_.id)) is not None:
        return False
    items = Feature.listed(map_.id)[0]
    for item in items:
        item.created_at = item.updated_at = DRAWN
    dossier = Dossier(map=map_, holder_type="centre_social", holder_name=HOLDER, territory=map_.epci,
                      cite="Cité d'Orient", contexts=["erbm", "qpv"],
                      partners="Maisons & Cités\nVille de Harnes\nCPIE Chaîne des Terrils", filed_on=FILED,
                      notified_on=NOTIFIED, annex={}, citations={}, pieces_ready=[])
    db.session.add(dossier)
    actions = {title: _action(map_, items, kind, title, *rest) for kind, title, *rest in ACTIONS}
    db.session.flush()
    demo_photos.photograph(actions[GARDENS].features)
    _hold_launch_copil(map_, dossier)
    title, day, value, who = LATER_COUNT
    actions[title].indicators[0].measure(day, value, who)
    title, label, supplier, euros, day = LATER_EXPENSE
    actions[title].budget_lines[0].expenses.append(
        Expense(label=label, supplier=supplier, amount_cents=euros * 100, spent_on=day, status="engagee"))
    db.session.commit()
    return True


def _action(map_, items, kind, title, planned, status, real, concerned, lines, goals):
    """One action with its budget lines and what they spent, its objectives and what was counted."""
    chosen = ([item for item in items if item.category.label == ZONES[concerned]] if isinstance(concerned, str)
              else [item for item in items if item.number in (concerned or ())])
    action = Action.add(map_, kind=kind, title=title, starts_on=planned[0], ends_on=planned[1], status=status,
                        started_on=real[0], finished_on=real[1], lead_partner=HOLDER, features=chosen)
    action.budget_lines = [BudgetLine(position=i, label=label, amount_cents=euros * 100, kind=expense, funder=funder)
                           for i, (label, euros, expense, funder, _spent) in enumerate(lines)]
    for line, (*_planned, spent) in zip(action.budget_lines, lines, strict=True):
        for label, supplier, euros, day, paid, with_receipt in spent:
            expense = Expense(label=label, supplier=supplier, amount_cents=euros * 100, spent_on=day, status=paid)
            line.expenses.append(expense)
            if with_receipt:
                db.session.flush()
                receipts.attach(expense, clean_receipt(io.BytesIO(RECEIPT.read_bytes())), author=AUTHOR)
    action.indicators = [Indicator(position=i, label=label, target=target)
                         for i, (label, target, _counts) in enumerate(goals)]
    for indicator, (_label, _target, counts) in zip(action.indicators, goals, strict=True):
        for day, value, counted_by in counts:
            indicator.measure(day, value, counted_by)
    return action


def _hold_launch_copil(map_, dossier):
    """The launch COPIL: its report frozen before its decisions, as a meeting recorded on the day is."""
    held = datetime(HELD.year, HELD.month, HELD.day, 17, 0, tzinfo=UTC)
    meeting = CopilMeeting(map_id=map_.id, held_on=HELD, attendees="\n".join(ATTENDEES),
                           report=copil.freeze(map_, dossier), created_at=held, updated_at=held)
    db.session.add(meeting)
    for position, (text, owner, due_on, kind) in enumerate(DECISIONS):
        decision = CopilDecision(meeting=meeting, position=position, text=text, owner=owner, due_on=due_on)
        db.session.add(decision)
        if kind:
            new_action(decision, map_, meeting, kind)
