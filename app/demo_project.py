"""The demo map's project under way: three actions of the cité d'Orient, the first done, the second started, the
third still planned, with their budget lines and objectifs chiffrés, and what was counted so far.

Dates are counted from the day the demo is seeded, so that the project is always under way on it: the first action
ran some months ago, the second started a few weeks ago, the third is to come. Who counted is an organisation or
a first name, as a collective types it; these are no real people."""
from datetime import date, timedelta

from .models import Action, BudgetLine, Feature, Indicator

# (title, kind, status, planned start and end, real start and end, in days from today, the demo items' numbers,
#  budget lines (label, euros, kind, funder), objectives (label, target, [(days from today, value, counted by)]))
ACTIONS = [
    ("Diagnostic en marchant et carte sensible de la cité", "convivialite", "done", (-120, -60), (-118, -55),
     [1, 9, 16], [("Animation des marches", 1800, "mobilisation", "etat"),
                  ("Impression de la carte sensible", 450, "communication", "etat")],
     [("Habitants ayant participé aux marches", 40, [(-100, 18, "Centre social"), (-58, 34, "Centre social")])]),
    ("Verger partagé des fonds de parcelles", "jardin_collectif", "running", (-45, 540), (-30, None),
     [5, 8, 16], [("Arbres fruitiers et tuteurs", 2400, "equipement", "etat"),
                  ("Ateliers de greffe avec les Croqueurs de pommes", 1600, "accompagnement", "etat"),
                  ("Prêt des jardins par le bailleur", 1200, "fonctionnement", "valorisation")],
     [("Foyers participant à la plantation", 25, [(-21, 6, "Lucie"), (-6, 11, "Lucie")]),
      ("Arbres fruitiers plantés", 12, [(-6, 5, "Karim")])]),
    ("Outilthèque du 142", "ressources", "planned", (60, 420), (None, None),
     [12, 13], [("Outils de jardinage", 2100, "equipement", "etat")],
     [("Prêts d'outils dans l'année", 150, [])]),
]


def add_project(map_, today=None):
    """Add the project's actions to the demo map (the caller commits)."""
    today = today or date.today()

    def day(offset):
        return today + timedelta(days=offset) if offset is not None else None

    items = {feature.number: feature for feature in Feature.listed(map_.id)[0]}
    for title, kind, status, planned, real, numbers, lines, goals in ACTIONS:
        action = Action.add(map_, kind=kind, title=title, status=status, starts_on=day(planned[0]),
                            ends_on=day(planned[1]), started_on=day(real[0]), finished_on=day(real[1]),
                            lead_partner="Centre social de la cité d'Orient",
                            features=[items[number] for number in numbers])
        action.budget_lines = [BudgetLine(position=index, label=label, amount_cents=euros * 100, kind=code,
                                          funder=funder) for index, (label, euros, code, funder) in enumerate(lines)]
        action.indicators = [Indicator(position=index, label=label, target=target)
                             for index, (label, target, _counts) in enumerate(goals)]
        for indicator, (_label, _target, counts) in zip(action.indicators, goals, strict=True):
            for offset, value, counted_by in counts:
                indicator.measure(day(offset), value, counted_by)
