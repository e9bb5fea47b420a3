"""The calls for projects (« appels à projets ») a dossier may answer: one TOML file each in this folder.

A call is data: its name, who and where it is open to, its figures, its calendar, its annex topics, its pieces, its
mention, and which rules of `rules.py` apply, each with the section of the call it cites. The rule functions stay in
Python (`rules.RULES`); a call only chooses them and gives their numbers. Every file is read and checked once per
process (`loaded()`, first called by `create_app`, so a wrong file stops the app at its start, not a page later):
an unknown key, a missing one, a wrong type or a rule no function has is refused, naming the file and the key.

What other modules read:
    calls.of_dossier(dossier)       the Call a dossier names (the default call for one naming no loaded file)
    call.mention                    the mention every document of the project carries ("" when the call has none)
    call.applies("action_end_within"), call.end_deadline(notification)   a rule, and the day it sets (None
                                    for a call without it); call.start_deadline(notification) likewise
    call.section("subsidy_cap")     « AMI §7 »: where the call writes the rule
    call.expense_eligible(kind)     whether its subsidy may pay for that kind of budget line
    call.holders, .annex_topics, .pieces, .milestones, .period, .subsidy_cap_cents …   its figures, as below
"""
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from ...models.dossier import DEFAULT_CALL as DEFAULT  # the call of a dossier made before calls were files
from ..rules import add_months
from . import schema

FOLDER = Path(__file__).parent


class CallError(ValueError):
    """A call file that cannot be used: the message names the file and the key."""


@dataclass(frozen=True, eq=False)  # one object per file and process: hashed by identity, as forms are made per call
class Call:
    """One call, as its file gives it. Money in cents, shares as Decimal; None (or empty) where the call is silent."""
    code: str  # the file's name without .toml: what a dossier stores
    name: str
    called: str  # how a sentence names it: « les règles de l'AMI »
    rules: dict  # {rule: the section it cites}, the rules that apply
    mention: str = ""
    mention_section: str = ""  # where the call asks for the mention (« AMI §9 »)
    platform: str = ""  # where the dossier is filed online (« Démarche Numérique »), when the call says
    answers: tuple = ()  # codes of answers.ANSWERS: the online form's fields, in its order
    holders: dict = None  # {code: label}, in the call's order
    own_share_holders: frozenset = frozenset()  # those who must keep `min_own_share` of the cost
    territories: tuple = ()  # codes of places.territories.TERRITORIES
    perimeter: str = ""  # how a sentence names those territories: « huit EPCI du Bassin minier »
    required_contexts: tuple = ()  # codes of models.dossier.CONTEXTS the project must be in
    envelope_cents: int | None = None
    subsidy_cap_cents: int | None = None
    subsidy_floor_cents: int | None = None
    min_own_share: Decimal | None = None
    eligible_expenses: frozenset = frozenset()  # codes of rules.EXPENSE_KINDS
    ineligible_expenses: frozenset = frozenset()
    deadline: date | None = None  # of the candidatures
    latest_notification: date | None = None
    latest_start: date | None = None
    start_within_months: int | None = None  # of the notification
    end_within_months: int | None = None
    period: tuple | None = None  # (first year, last year)
    milestones: tuple = ()  # (day, label), day None for one that depends on each project's notification
    annex_topics: dict = None  # {code: title}, in the call's order
    pieces: dict = None  # {code: label}

    def applies(self, rule):
        """Whether the call asks for this rule."""
        return rule in self.rules

    def section(self, rule):
        """Where the call writes the rule: « AMI §7 »."""
        return self.rules[rule]

    def expense_eligible(self, kind):
        """Whether the call's subsidy may pay for this kind of expense: all but those the call excludes."""
        return kind not in self.ineligible_expenses

    def notification_basis(self, notification):
        """The notification the calendar counts from: the project's, or the latest the call plans while unknown."""
        return notification or self.latest_notification

    def start_deadline(self, notification):
        """The last day an action may start (N months after notification, and the call's latest start); None when
        the call sets none."""
        limits = [self.latest_start] if self.applies("action_start_latest") and self.latest_start else []
        basis = self.notification_basis(notification)
        if self.applies("action_start_within") and basis:
            limits.append(add_months(basis, self.start_within_months))
        return min(limits) if limits else None

    def end_deadline(self, notification):
        """The last day the project may end: N months after notification; None when the call sets none."""
        basis = self.notification_basis(notification)
        if not self.applies("action_end_within") or basis is None:
            return None
        return add_months(basis, self.end_within_months)


def load(path):
    """The Call of one file, checked: CallError naming the file and the key when anything is wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CallError(f"{path.name}: not a TOML file ({error})") from None
    try:
        return Call(code=path.stem, **schema.read(data))
    except schema.Refused as refused:
        raise CallError(f"{path.name}: {refused}") from None


@cache
def loaded(folder=FOLDER):
    """{code: Call} of every file of the folder, by name; the default call must be one of them."""
    found = {path.stem: load(path) for path in sorted(Path(folder).glob("*.toml"))}
    if DEFAULT not in found:
        raise CallError(f"{DEFAULT}.toml: the default call is missing from {folder}")
    return found


def get(code):
    """The loaded call of this code; the default one for None or a code no file has any more (a file an operator
    took away: its dossiers read as the default call's until someone chooses another)."""
    calls = loaded()
    return calls.get(code) or calls[DEFAULT]


def of_dossier(dossier):
    """The call the dossier answers."""
    return get(getattr(dossier, "call", None))


def choices():
    """(code, name) of every loaded call, the default first, for a select."""
    calls = loaded()
    return [(DEFAULT, calls[DEFAULT].name), *((code, call.name) for code, call in calls.items() if code != DEFAULT)]
