"""The COPIL report, once the project is under way: where each action stands, the objectifs chiffrés reached, the
money spent as planned, and what changed on the map since the candidature was filed."""
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import ROUND_DOWN, Decimal

from ..documents import figure
from ..models import Action, Feature
from ..models.action import STATUSES
from . import calls, facts

UNCHANGED = "#b8b8b8"  # items already there at the candidature, drawn grey so that what is new stands out


@dataclass(frozen=True)
class Goal:
    action: object
    indicator: object

    @property
    def share(self):
        """What was reached of the target (Decimal, 1 for 100 %), rounded down; None until something is reported."""
        if self.indicator.reached is None or not self.indicator.target:
            return None
        return (Decimal(self.indicator.reached) / Decimal(self.indicator.target)).quantize(Decimal("0.01"),
                                                                                           rounding=ROUND_DOWN)


def context(map_, dossier):
    """What the COPIL report's templates (the page and the PDF) are given."""
    actions = Action.of_map(map_.id)
    return {"map": map_, "dossier": dossier, "call": calls.of_dossier(dossier),
            "money": facts.money(facts.in_project(actions)),
            **report(map_, dossier, actions)}


def report(map_, dossier, actions):
    """What the COPIL report shows; the map's changes only when the filing date is known."""
    since = datetime.combine(dossier.filed_on, time(), UTC) if dossier.filed_on else None
    live, binned = Feature.listed(map_.id)[0], Feature.listed(map_.id, deleted=True)[0]
    changes = _changes(live, binned, since) if since else None
    new_ids = {item.id for item in changes["added"]} if changes else set()
    drawn = [figure.Drawn(item.shape, item.number, item.category.colour if item.id in new_ids else UNCHANGED)
             for item in live]
    return {
        "by_status": [(code, label, [a for a in actions if a.status == code]) for code, label in STATUSES.items()],
        "goals": [Goal(action, indicator) for action in actions for indicator in action.indicators],
        "since": dossier.filed_on, "changes": changes, "figure_svg": figure.svg(drawn),
    }


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
