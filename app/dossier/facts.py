"""From what is stored (the dossier, the actions and their budget lines) to what the rules judge and the pages show.

The financing plan is the actions' budget lines: the subsidy asked is what they ask of the State, the total cost
their sum. Nobody types these figures twice, so the plan and the dossier can never disagree.
"""
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from ..places.territories import TERRITORIES
from . import calls, rules


@dataclass(frozen=True)
class Money:
    """The financing plan's totals, in cents, by who pays."""
    total: int
    by_funder: dict

    @property
    def asked(self):
        return self.by_funder.get(rules.STATE, 0)

    @property
    def co_funding(self):
        return self.by_funder.get("cofinanceur", 0)

    @property
    def reste_a_charge(self):
        """What the porteur keeps at its charge: its own funds and what it brings in kind."""
        return self.total - self.asked - self.co_funding

    @property
    def reste_a_charge_share(self):
        """Its share of the total cost, rounded down to 0.01 % (so 19.999 % never reads « 20 % »); None at 0 €."""
        return self.share_of(self.reste_a_charge)

    def share_of(self, cents):
        """What `cents` weigh in the total cost, rounded down to 0.01 % like the reste à charge; None at 0 €."""
        if self.total <= 0:
            return None
        return (Decimal(cents) / Decimal(self.total)).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)


def money(actions):
    """The totals of every budget line of these actions."""
    return _totals(actions, lambda line: line.amount_cents)


def spent(actions):
    """What the realised expenses of these actions' budget lines come to, by who pays each line: the financing plan
    as realised."""
    return _totals(actions, lambda line: line.realised_cents)


def _totals(actions, cents):
    by_funder = dict.fromkeys(rules.FUNDERS, 0)
    for action in actions:
        for line in action.budget_lines:
            by_funder[line.funder] = by_funder.get(line.funder, 0) + cents(line)
    return Money(total=sum(by_funder.values()), by_funder=by_funder)


def in_project(actions):
    """The actions the candidature presents: all but those dropped."""
    return [action for action in actions if action.status != "dropped"]


def checks(dossier, actions):
    """The checklist of the dossier against the call it answers."""
    return rules.check(facts(dossier, actions), calls.of_dossier(dossier))


def facts(dossier, actions):
    """The dossier as `rules.check` reads it, with the actions `in_project`."""
    kept = in_project(actions)
    totals = money(kept)
    kept_ids, titles = {action.id for action in kept}, {action.id: action.title for action in actions}
    topics = calls.of_dossier(dossier).annex_topics
    cited = {topic: sum(1 for i in dossier.cited(topic, "actions") if i in kept_ids)
             + len(dossier.cited(topic, "items")) for topic in topics}
    dropped = {topic: tuple(titles[i] for i in dossier.cited(topic, "actions") if i in titles and i not in kept_ids)
               for topic in topics}
    return rules.DossierFacts(
        holder_type=dossier.holder_type or None,
        holder_name=dossier.holder_name or "",
        territory=dossier.territory or None,
        commune=dossier.map.commune or "",
        commune_epci=dossier.map.epci if dossier.map.epci in TERRITORIES else None,
        amount_asked_cents=totals.asked or None,
        total_cost_cents=totals.total or None,
        co_funding_cents=totals.co_funding,
        notification=dossier.notified_on,
        filed_on=dossier.filed_on,
        goals=sum(1 for action in kept for indicator in action.indicators if indicator.target),
        partners=dossier.partners or "", coordination=dossier.coordination or "",
        evaluation=dossier.evaluation or "", communication=dossier.communication or "",
        in_kind_cents=totals.by_funder.get("valorisation", 0),
        cited=cited, dropped_cited={topic: names for topic, names in dropped.items() if names},
        contexts=frozenset(dossier.contexts or ()), annex=dict(dossier.annex or {}),
        pieces_ready=frozenset(dossier.pieces_ready or ()),
        actions=tuple(rules.ActionFacts(
            title=action.title, start=action.starts_on, end=action.ends_on,
            budget_lines=tuple(rules.BudgetFacts(line.label, line.amount_cents, line.kind, line.funder)
                               for line in action.budget_lines))
            for action in kept),
    )


def checks_by_field(checks):
    """The failed checks of each field, to show each message next to what it is about."""
    failed = {}
    for item in checks:
        if not item.ok:
            failed.setdefault(item.field, []).append(item.message)
    return failed
