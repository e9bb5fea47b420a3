"""The COPIL report, once the project is under way: where each action stands, the objectifs chiffrés reached, the
money spent as planned, and what changed on the map since the candidature was filed.

The report is first taken as plain values (`freeze`: texts, numbers, ISO dates, the items' shapes as WKT), then
shown from them (`thaw`). Today's report on its page goes through both at once; a COPIL meeting keeps the frozen
values as they were the day it was recorded, and is shown by the same `thaw` and the same template, so that it reads
exactly as the live report did that day whatever becomes of the actions, the indicators, the money or the map.
Values rather than the rendered page: what people typed stays text, escaped each time it is shown, and never becomes
stored markup shown unescaped (a backup carrying a forged page could otherwise inject into it); and `thaw` checks
every value, so a damaged backup is refused whole (`backups/archive.py`) rather than shown half."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import ROUND_DOWN, Decimal

import shapely

from ..documents import figure
from ..models import Action, Feature
from ..models.action import STATUSES
from . import calls, facts

UNCHANGED = "#b8b8b8"  # items already there at the candidature, drawn grey so that what is new stands out
CHANGES = ("added", "changed", "removed")


@dataclass(frozen=True)
class Row:
    """An action as the report lists it."""
    position: int
    title: str
    starts_on: date | None
    ends_on: date | None
    total_cents: int


@dataclass(frozen=True)
class Goal:
    """An objectif chiffré of an action (its number and title), its target and what was reached."""
    position: int
    title: str
    label: str
    target: int
    reached: int | None
    reached_on: date | None = None  # the day it was counted (`Indicator.reached_on`); None for the typed figure

    @property
    def share(self):
        return share_of(self.reached, self.target)


@dataclass(frozen=True)
class Progress:
    """An objectif chiffré of an action as it stands now (the final report reads these, never frozen)."""
    action: object
    indicator: object

    @property
    def reached(self):
        return self.indicator.current_reached

    @property
    def share(self):
        return share_of(self.reached, self.indicator.target)


def share_of(reached, target):
    """What was reached of the target (Decimal, 1 for 100 %), rounded down; None until something is reported."""
    if reached is None or not target:
        return None
    return (Decimal(reached) / Decimal(target)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


@dataclass(frozen=True)
class Listed:
    """An item among the map's changes: its number, title and category colour."""
    number: int
    title: str
    colour: str


def context(map_, dossier):
    """What the live COPIL report's templates (the page and the PDF) are given."""
    return {"map": map_, "dossier": dossier, "call": calls.of_dossier(dossier), **thaw(freeze(map_, dossier))}


def freeze(map_, dossier):
    """The COPIL report as it stands now, as plain JSON values; the map's changes only when the filing date is known."""
    actions = Action.of_map(map_.id)
    live, changes = changes_since(map_, dossier.filed_on)
    return {
        "actions": [{"position": a.position, "title": a.title, "status": a.status, "starts_on": _iso(a.starts_on),
                     "ends_on": _iso(a.ends_on), "total_cents": a.total_cents} for a in actions],
        "total_cents": facts.money(facts.in_project(actions)).total,
        "goals": [{"position": a.position, "title": a.title, "label": i.label, "target": i.target,
                   "reached": i.current_reached, "reached_on": _iso(i.reached_on)}
                  for a in actions for i in a.indicators],
        "since": _iso(dossier.filed_on),
        "changes": {kind: [_listed(item) for item in changes[kind]] for kind in CHANGES} if changes else None,
        "drawn": [{"shape": shapely.to_wkt(drawn.shape, rounding_precision=7), "number": drawn.number,
                   "colour": drawn.colour} for drawn in drawn_now(live, changes)],
        "notes": {"decisions": dossier.copil_decisions or "", "next_steps": dossier.copil_next_steps or ""},
    }


def thaw(report):
    """What the report's template shows of frozen values; ValueError, TypeError or KeyError when they are not what
    `freeze` makes (a damaged backup)."""
    actions = [(_choice(a["status"]), _row(a)) for a in _list(report["actions"])]
    changes = report["changes"]
    drawn = [figure.Drawn(_shape(d["shape"]), _int(d["number"]), _text(d["colour"])) for d in _list(report["drawn"])]
    return {
        "by_status": [(code, label, [row for status, row in actions if status == code])
                      for code, label in STATUSES.items()],
        "total_cents": _int(report["total_cents"]),
        "goals": [_goal(g) for g in _list(report["goals"])],
        "since": _day(report["since"]),
        "changes": None if changes is None else {kind: [_item(i) for i in _list(changes[kind])] for kind in CHANGES},
        "figure_svg": figure.svg(drawn),
        "notes": {name: _text(report["notes"][name]) for name in ("decisions", "next_steps")},
    }


def _row(action):
    return Row(_int(action["position"]), _text(action["title"]), _day(action["starts_on"]), _day(action["ends_on"]),
               _int(action["total_cents"]))


def _goal(goal):
    reached = goal["reached"]
    return Goal(_int(goal["position"]), _text(goal["title"]), _text(goal["label"]), _int(goal["target"]),
                None if reached is None else _int(reached), _day(goal.get("reached_on")))


def _item(item):
    return Listed(_int(item["number"]), _text(item["title"]), _text(item["colour"]))


def goals(actions):
    """Each indicator of these actions, with what it reached so far."""
    return [Progress(action, indicator) for action in actions for indicator in action.indicators]


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


def listed(changes):
    """The items of `changes` as their lists show them (Listed), by kind; None without changes."""
    if changes is None:
        return None
    return {kind: [_item(_listed(item)) for item in changes[kind]] for kind in CHANGES}


def _listed(item):
    return {"number": item.number, "title": item.title, "colour": item.category.colour}


def _aware(moment):
    """SQLite gives back the UTC times it was given without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(day):
    return day.isoformat() if day else None


def _day(text):
    return None if text is None else date.fromisoformat(_text(text))


def _int(value):
    if type(value) is not int:
        raise TypeError("not a whole number")
    return value


def _text(value):
    if not isinstance(value, str):
        raise TypeError("not a text")
    return value


def _list(value):
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _choice(status):
    if status not in STATUSES:
        raise ValueError("not a status")
    return status


def _shape(wkt):
    shape = shapely.from_wkt(_text(wkt))
    if shape.is_empty:
        raise ValueError("no shape")
    return shape
