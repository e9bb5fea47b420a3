"""The planning: the actions as bars over the call's period (2026–2028 for the AMI) with its milestones, in
percentages of the period's width so that the page (and its print) draws it with CSS alone."""
from dataclasses import dataclass
from datetime import date

from ..formatting import long_date
from ..i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Scale:
    """The years the planning spans, first and last included."""
    first: int
    last: int

    @property
    def start(self):
        return date(self.first, 1, 1)

    @property
    def end(self):
        return date(self.last, 12, 31)

    @property
    def day(self):
        """One day's width, in %."""
        return 100 / ((self.end - self.start).days + 1)

    @property
    def label(self):
        """« 2026–2028 »."""
        return f"{self.first}–{self.last}" if self.last != self.first else str(self.first)

    def position(self, day):
        """Where a day falls along the period, in % (clamped to its ends)."""
        return round(min(max((day - self.start).days, 0) * self.day, 100), 3)

    def span(self, first, last):
        """(left %, width %) from one day to another, both included: a span of one day still shows, a day wide."""
        left = self.position(first)
        right = max(self.position(last), left) + self.day
        return left, round(min(right, 100) - left, 3)


@dataclass(frozen=True)
class Bar:
    action: object
    left: float  # % of the period's width
    width: float
    clipped: bool  # part of the action falls outside the period
    real: tuple | None = None  # (left %, width %) of when it really ran, to its end or to today; None before it starts


@dataclass(frozen=True)
class Milestone:
    day: date
    label: object
    left: float
    deadline: bool  # a limit the actions must keep within (drawn red), not an event of the call


def scale(call, actions=()):
    """The call's period; for a call that gives none, the years of its dated milestones and of the actions' dates."""
    if call.period:
        return Scale(*call.period)
    years = [day.year for day, _label in call.milestones if day] + [
        day.year for action in actions for day in (action.starts_on, action.ends_on) if day]
    return Scale(min(years), max(years)) if years else Scale(date.today().year, date.today().year)


def plan(actions, notification, call, today=None):
    """What the planning draws for these actions: their bars, those without dates, the scale, the milestones."""
    spanned = scale(call, actions)
    drawn = bars(actions, spanned, today)
    ids = {bar.action.id for bar in drawn}
    return {"bars": drawn, "undated": [action for action in actions if action.id not in ids],
            "years": years(spanned), "milestones": milestones(notification, call, spanned), "period": spanned.label,
            "call": call, "any_real": any(bar.real for bar in drawn)}


def bars(actions, spanned, today=None):
    """A bar for each action with both planned dates, and under it when it really ran once it has started; those
    without planned dates are listed apart by the page."""
    today = today or date.today()
    return [Bar(action, *spanned.span(action.starts_on, action.ends_on),
                action.starts_on < spanned.start or action.ends_on > spanned.end, real(action, spanned, today))
            for action in actions if action.starts_on and action.ends_on and action.ends_on >= action.starts_on]


def real(action, spanned, today):
    """When the action really ran: from its start to its end, or to today while it runs; None until it starts."""
    if not action.started_on:
        return None
    return spanned.span(action.started_on, action.finished_on or max(today, action.started_on))


def milestones(notification, call, spanned):
    """The call's dated milestones, then the start and end limits this project's notification sets (when the call
    sets them)."""
    latest_start = call.latest_start if call.applies("action_start_latest") else None
    dated = [Milestone(day, label, spanned.position(day), day == latest_start)
             for day, label in call.milestones if day is not None and day != latest_start]
    if notification:
        dated.append(Milestone(notification, _l("Notification de ce projet"), spanned.position(notification), False))
        dated.sort(key=lambda milestone: milestone.day)
    basis = "" if notification else _l(" (notification supposée le %(day)s)",
                                       day=long_date(call.latest_notification)) if call.latest_notification else ""
    start, end = call.start_deadline(notification), call.end_deadline(notification)
    if start:
        dated.append(Milestone(start, _l("Début d'exécution au plus tard%(basis)s", basis=basis),
                               spanned.position(start), True))
    if end:
        dated.append(Milestone(end, _l("Fin du projet au plus tard (%(months)d mois)%(basis)s",
                                       months=call.end_within_months, basis=basis), spanned.position(end), True))
    return dated


def years(spanned):
    """(year, left %, width %) for the scale."""
    spans = [(year, spanned.position(date(year, 1, 1)), spanned.position(date(year, 12, 31)) + spanned.day)
             for year in range(spanned.first, spanned.last + 1)]
    return [(year, left, round(right - left, 3)) for year, left, right in spans]
