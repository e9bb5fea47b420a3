"""What the compte rendu d'exécution says, gathered once for its page, its PDF and its DOCX: the actions done, the
objectifs chiffrés planned and reached, the realised expenses and their receipts, the financing plan realised, the
map at the start and at the end, the residents mobilised (counts only, never who), and the collective's
perspectives of autonomy."""
from dataclasses import dataclass
from datetime import date

from ..documents import figure, financing
from ..dossier import calls, copil, facts
from ..i18n import lazy_gettext as _l
from ..models import Action, Dossier, Proposal, Walk
from . import checklist

# What a receipt was found to be by its content (`Receipt.kind`), as the report names it.
RECEIPT_KINDS = {"pdf": _l("PDF"), "image": _l("photo")}
FIGURE_ASPECT = 0.5  # the two maps, one above the other, each with its heading, fit an A4 page


@dataclass(frozen=True)
class Spent:
    """A realised expense and the names of its receipts (« Justificatif 3 (PDF) »), numbered through the report."""
    expense: object
    receipts: tuple[str, ...]


@dataclass(frozen=True)
class LineSpent:
    """A budget line, its action, and its realised expenses."""
    action: object
    line: object
    row: financing.Row  # as the financing plan prints it (its kind, its funder)
    expenses: tuple[Spent, ...]

    @property
    def gap(self):
        return self.line.realised_cents - self.line.amount_cents


@dataclass(frozen=True)
class FinalReport:
    map: object
    dossier: object
    done: list  # the actions « Réalisée », in their order
    not_done: list  # the others, with where they stand (dropped ones included: the report says what was not done)
    goals: list  # copil.Goal of the actions in the project
    lines: list  # LineSpent of every action's budget lines
    receipts: int
    money: object  # facts.Money: the financing plan, of the actions in the project
    spent: object  # facts.Money: what every action's expenses came to, by who pays their lines
    since: date | None  # the start the map is compared with: the notification, else the filing
    since_label: object
    changes: dict | None  # copil.Listed items added, changed and removed since, by kind
    start_svg: object  # Markup, from figure.svg (None without a start date)
    end_svg: object
    walks: list
    participants: int
    proposals: object  # contribution.Tally
    made_on: date
    figure_aspect = FIGURE_ASPECT  # of both maps: their height for 1 wide

    @property
    def call(self):
        """The call the dossier answers (`dossier.calls`): its mention, its calendar, its cap."""
        return calls.of_dossier(self.dossier)

    @property
    def expenses(self):
        return sum(len(line.expenses) for line in self.lines)

    @property
    def realised(self):
        """financing.Realised by funder, then the total cost and the reste à charge."""
        return financing.realised(self.money, self.spent)


def gather(map_, today=None):
    """The compte rendu of the map's project, as of `today`."""
    dossier = Dossier.of_map(map_)
    actions = Action.of_map(map_.id)
    kept = facts.in_project(actions)
    since, since_label = _start(dossier)
    live, changes = copil.changes_since(map_, since)
    now = copil.drawn_now(live, changes)
    then = copil.drawn_then(live, changes) if changes is not None else []
    extent = _extent(now + then) if then else None
    lines, receipts = _lines(actions, calls.of_dossier(dossier))
    walks = Walk.of_map(map_.id)
    return FinalReport(
        map_, dossier, [action for action in actions if action.status == "done"],
        [action for action in actions if action.status != "done"], copil.goals(kept), lines, receipts,
        facts.money(kept), facts.spent(actions), since, since_label, copil.listed(changes),
        figure.svg(then, FIGURE_ASPECT, extent=extent, clip_id="start") if changes is not None else None,
        figure.svg(now, FIGURE_ASPECT, extent=extent, clip_id="end"), walks, sum(walk.participants for walk in walks),
        Proposal.tally(map_.id), today or date.today())


def closing_facts(report, document_text):
    """The report as the phase's checklist reads it, with the text of the document it generated."""
    kept = facts.in_project([*report.done, *report.not_done])
    return checklist.ClosingFacts(
        notification=report.dossier.notified_on,
        endings=tuple(checklist.Ending(action.title, action.end_day, action.finished_on is not None,
                                       f"action:{action.id}") for action in kept),
        subsidy_cents=report.money.asked, state_spent_cents=report.spent.asked,
        goals=tuple(checklist.Goal(goal.action.title, goal.indicator.label, goal.reached, f"action:{goal.action.id}")
                    for goal in report.goals),
        document_text=document_text)


def _start(dossier):
    """The day the map at the start is taken on: the notification, else the filing of the candidature."""
    if dossier.notified_on:
        return dossier.notified_on, _l("notification de la subvention")
    if dossier.filed_on:
        return dossier.filed_on, _l("dépôt de la candidature")
    return None, None


def _lines(actions, call):
    """Every budget line of the project with its expenses (an abandoned action's only when money was spent on it), and
    how many receipts they have in all (numbered in that order)."""
    lines, count = [], 0
    budget = [(action, line) for action in actions for line in action.budget_lines]
    for (action, line), row in zip(budget, financing.rows(actions, call), strict=True):
        if action.status == "dropped" and not line.expenses:
            continue
        spent = []
        for expense in line.expenses:
            names = tuple(_l("Justificatif %(number)d (%(kind)s)", number=count + index,
                             kind=RECEIPT_KINDS.get(receipt.kind, receipt.kind))
                          for index, receipt in enumerate(expense.receipts, start=1))
            count += len(names)
            spent.append(Spent(expense, names))
        lines.append(LineSpent(action, line, row, tuple(spent)))
    return lines, count


def _extent(drawn):
    """(west, south, east, north) around every item of both maps, with a margin, so both show the same place."""
    bounds = [item.shape.bounds for item in drawn]
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    margin_x, margin_y = max((east - west) * figure.PADDING, 1e-4), max((north - south) * figure.PADDING, 1e-4)
    return west - margin_x, south - margin_y, east + margin_x, north + margin_y
