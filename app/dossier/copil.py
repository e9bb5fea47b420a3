"""The COPIL report, once the project is under way: where each action stands, the objectifs chiffrés reached, the
money spent as planned, and what changed on the map since the candidature was filed."""
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import ROUND_DOWN, Decimal

from ..documents import figure
from ..models import Action, Feature
from ..models.action import STATUSES
from . import facts

UNCHANGED = "#b8b8b8"  # items already there at the candidature, drawn grey so that what is new stands out


@dataclass(frozen=True)
class Goal:
    action: object
    indicator: object

    @property
    def reached(self):
        """What was reached so far (`Indicator.latest_reached`); None until something is counted."""
        return self.indicator.latest_reached

    @property
    def share(self):
        """What was reached of the target (Decimal, 1 for 100 %), rounded down; None until something is reported."""
        if self.reached is None or not self.indicator.target:
            return None
        return (Decimal(self.reached) / Decimal(self.indicator.target)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def context(map_, dossier):
    """What the COPIL report's templates (the page and the PDF) are given."""
    actions = Action.of_map(map_.id)
    return {"map": map_, "dossier": dossier, "money": facts.money(facts.in_project(actions)),
            **report(map_, dossier, actions)}


def report(map_, dossier, actions):
    """What the COPIL report shows; the map's changes only when the filing date is known."""
    live, changes = changes_since(map_, dossier.filed_on)
    return {
        "by_status": [(code, label, [a for a in actions if a.status == code]) for code, label in STATUSES.items()],
        "goals": goals(actions), "since": dossier.filed_on, "changes": changes,
        "figure_svg": figure.svg(drawn_now(live, changes)),
    }


def goals(actions):
    """Each indicator of these actions, with what it reached."""
    return [Goal(action, indicator) for action in actions for indicator in action.indicators]


def changes_since(map_, day):
    """The map's live items, and those added, changed and removed since `day` began (None without a day)."""
    live = Feature.listed(map_.id)[0]
    if day is None:
        return live, None
    since = datetime.combine(day, time(), UTC)
    return live, _changes(live, Feature.listed(map_.id, deleted=True)[0], since)


def drawn_now(live, changes):
    """The map today: what is new since in its colours, the rest grey (all in colour without `changes`)."""
    new_ids = {item.id for item in changes["added"]} if changes else None
    return [figure.Drawn(item.shape, item.number, item.category.colour if new_ids is None or item.id in new_ids
                         else UNCHANGED) for item in live]


def drawn_then(live, changes):
    """The items there when `changes` began, in their colours: the live ones not added since and the removed ones,
    each in its shape of today (a changed item is drawn as it is now)."""
    added = {item.id for item in changes["added"]}
    there = [item for item in live if item.id not in added] + changes["removed"]
    return [figure.Drawn(item.shape, item.number, item.category.colour)
            for item in sorted(there, key=lambda item: item.number)]


def _changes(live, binned, since):
    """Items added, changed and removed since the filing, by number."""
    def after(moment):
        return moment is not None and _aware(moment) >= since

    return {"added": [item for item in live if after(item.created_at)],
            "changed": [item for item in live if not after(item.created_at) and after(item.updated_at)],
            "removed": [item for item in binned if after(item.deleted_at) and not after(item.created_at)]}


def _aware(moment):
    """SQLite gives back the UTC times it was given without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
