"""The planning: the actions as bars over the call's period (2026–2028) with its milestones, in percentages of
the period's width so that the page (and its print) draws it with CSS alone."""
from dataclasses import dataclass
from datetime import date

from ..i18n import lazy_gettext as _l
from . import rules

START, END = date(rules.PERIOD[0], 1, 1), date(rules.PERIOD[1], 12, 31)
DAY = 100 / ((END - START).days + 1)  # one day's width, in %


@dataclass(frozen=True)
class Bar:
    action: object
    left: float  # % of the period's width
    width: float
    clipped: bool  # part of the action falls outside 2026–2028
    real: tuple | None = None  # (left %, width %) of when it really ran, to its end or to today; None before it starts


@dataclass(frozen=True)
class Milestone:
    day: date
    label: object
    left: float
    deadline: bool  # a limit the actions must keep within (drawn red), not an event of the call


def position(day):
    """Where a day falls along the period, in % (clamped to its ends)."""
    return round(min(max((day - START).days, 0) * DAY, 100), 3)


def plan(actions, notification, today=None):
    """What the planning draws for these actions: their bars, those without dates, the scale, the milestones."""
    drawn = bars(actions, today)
    ids = {bar.action.id for bar in drawn}
    return {"bars": drawn, "undated": [action for action in actions if action.id not in ids], "years": years(),
            "milestones": milestones(notification), "any_real": any(bar.real for bar in drawn)}


def bars(actions, today=None):
    """A bar for each action with both planned dates, and under it when it really ran once it has started; those
    without planned dates are listed apart by the page."""
    today = today or date.today()
    return [Bar(action, *span(action.starts_on, action.ends_on), action.starts_on < START or action.ends_on > END,
                real(action, today))
            for action in actions if action.starts_on and action.ends_on and action.ends_on >= action.starts_on]


def span(first, last):
    """(left %, width %) from one day to another, both included: a span of one day still shows, a day wide."""
    left = position(first)
    right = max(position(last), left) + DAY
    return left, round(min(right, 100) - left, 3)


def real(action, today):
    """When the action really ran: from its start to its end, or to today while it runs; None until it starts."""
    if not action.started_on:
        return None
    return span(action.started_on, action.finished_on or max(today, action.started_on))


def milestones(notification):
    """The call's dated milestones, then the start and end limits this project's notification sets."""
    dated = [Milestone(day, label, position(day), day == rules.LATEST_START)
             for day, label in rules.MILESTONES if day is not None and day != rules.LATEST_START]
    if notification:
        dated.append(Milestone(notification, _l("Notification de ce projet"), position(notification), False))
        dated.sort(key=lambda milestone: milestone.day)
    start, end = rules.start_deadline(notification), rules.end_deadline(notification)
    basis = "" if notification else _l(" (notification supposée le 31 décembre 2026)")
    return [*dated,
            Milestone(start, _l("Début d'exécution au plus tard%(basis)s", basis=basis), position(start), True),
            Milestone(end, _l("Fin du projet au plus tard (24 mois)%(basis)s", basis=basis), position(end), True)]


def years():
    """(year, left %, width %) for the scale."""
    spans = [(year, position(date(year, 1, 1)), position(date(year, 12, 31)) + DAY)
             for year in range(rules.PERIOD[0], rules.PERIOD[1] + 1)]
    return [(year, left, round(right - left, 3)) for year, left, right in spans]
