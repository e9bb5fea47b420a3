"""The demo map's project under way, so that a new user sees the project's second life at once: the candidature of
the centre social filed on 14 September 2026 and notified early, on 13 November 2026; four actions with their budget
and objectifs chiffrés; and the launch COPIL held on 1 December 2026, its report frozen that day, with two decisions,
one of which became an action.

Seeded by `flask seed-demo` only, apart from `demo.ensure_demo_map`, which the tests use as a blank map to build on.
"""
from datetime import UTC, date, datetime

from sqlalchemy import select

from .copil.saving import new_action
from .demo import ZONES
from .dossier import copil
from .extensions import db
from .models import Action, BudgetLine, CopilDecision, CopilMeeting, Dossier, Feature, Indicator

FILED, NOTIFIED, HELD = date(2026, 9, 14), date(2026, 11, 13), date(2026, 12, 1)
# The carte sensible was drawn before the candidature, which it served: its items are dated so, so that the COPIL
# report's « what changed since the filing » starts from it.
DRAWN = datetime(2026, 6, 20, 18, 0, tzinfo=UTC)
ATTENDEES = ("Centre social de la cité d'Orient", "Maisons & Cités", "Ville de Harnes",
             "DDETS du Pas-de-Calais (État)", "CPIE Chaîne des Terrils", "Deux habitantes du collectif")

# (kind, title, start, end, status, zone of the items it concerns, [(label, euros, kind, funder)], [(label, target,
# reached)])
ACTIONS = [
    ("jardin_collectif", "Verger partagé sur les parcelles vacantes", date(2027, 1, 15), date(2028, 6, 30), "planned",
     "vacantes", [("Arbres fruitiers et tuteurs", 2_400, "equipement", "etat"),
                  ("Animation des chantiers de plantation", 3_000, "animation", "etat"),
                  ("Terrain prêté par le bailleur", 1_200, "fonctionnement", "valorisation")],
     [("Arbres plantés", 30, None), ("Foyers participants", 40, None)]),
    ("biodiversite", "Relevé des arbres et des haies à préserver", date(2026, 11, 20), date(2027, 3, 31), "running",
     "preserver", [("Accompagnement du CPIE", 1_800, "accompagnement", "etat")],
     [("Éléments relevés sur la carte", 40, 18)]),
    ("convivialite", "Fête des jardins de la cité", date(2027, 6, 1), date(2027, 6, 30), "planned", None,
     [("Goûter et affiches", 1_500, "mobilisation", "etat"), ("Bénévoles", 500, "fonctionnement", "valorisation")],
     [("Habitants présents", 150, None)]),
    ("jardins_individuels", "Coups de main dans les jardins des voisins âgés", date(2027, 3, 1), date(2028, 10, 31),
     "idea", "potager", [("Petit outillage", 900, "equipement", "etat")], [("Jardins remis en culture", 12, None)]),
]
# What the launch COPIL decided: (text, owner, due date, the kind of the action it became, or None).
DECISIONS = [
    ("Ouvrir une outilthèque partagée à la maison du projet", "Centre social de la cité d'Orient", date(2027, 4, 30),
     "ressources"),
    ("Associer la fête des jardins à la fête de la cité, le samedi 19 juin 2027", "Ville de Harnes",
     date(2027, 2, 15), None),
]


def ensure_demo_project(map_):
    """Add the project to the demo map unless it has a dossier already; returns whether it was added."""
    if db.session.scalar(select(Dossier.id).where(Dossier.map_id == map_.id)) is not None:
        return False
    items = Feature.listed(map_.id)[0]
    for item in items:
        item.created_at = item.updated_at = DRAWN
    dossier = Dossier(map=map_, holder_type="centre_social", holder_name="Centre social de la cité d'Orient",
                      territory=map_.epci, cite="Cité d'Orient", contexts=["erbm", "qpv"],
                      partners="Maisons & Cités\nVille de Harnes\nCPIE Chaîne des Terrils", filed_on=FILED,
                      notified_on=NOTIFIED, annex={}, citations={}, pieces_ready=[])
    db.session.add(dossier)
    for kind, title, start, end, status, zone, lines, goals in ACTIONS:
        action = Action.add(map_, kind=kind, title=title, starts_on=start, ends_on=end, status=status,
                            lead_partner="Centre social de la cité d'Orient",
                            features=[item for item in items if zone and item.category.label == ZONES[zone]])
        action.budget_lines = [BudgetLine(position=i, label=label, amount_cents=euros * 100, kind=expense,
                                          funder=funder) for i, (label, euros, expense, funder) in enumerate(lines)]
        action.indicators = [Indicator(position=i, label=label, target=target, reached=reached)
                             for i, (label, target, reached) in enumerate(goals)]
    db.session.flush()
    _hold_launch_copil(map_, dossier)
    db.session.commit()
    return True


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
