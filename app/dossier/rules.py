"""Every rule a call for projects may apply to a dossier, in one pure module: the functions, not their numbers.

A call (`app/dossier/calls/`, one TOML file each) chooses which of `RULES` apply and gives their figures: the
holders and territories it is open to, its caps, its calendar, its annex topics, its pieces. Nothing here touches
the database: a dossier is described by the frozen dataclasses below and `check(facts, call)` says, rule by rule,
what is fine and what the porteur must still do. Money is integer cents, shares are Decimal, messages are French.
"""
import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from ..formatting import euros, long_date, percent
from ..i18n import lazy_gettext as _l
from ..models.dossier import CONTEXTS
from ..places.territories import TERRITORIES

# §5 « pourront être soutenues les actions suivantes » (an indicative list).
ACTION_TYPES = {
    "jardin_collectif": _l("Aménagement ou animation de jardins ou vergers collectifs"),
    "jardins_individuels": _l("Aménagement, embellissement ou entretien collectif des jardins individuels"),
    "biodiversite": _l("Mise en valeur des espaces de nature et de la biodiversité"),
    "convivialite": _l("Événements et temps de convivialité"),
    "ressources": _l("Ressources ou matériels gérés collectivement (outilthèque, poulailler, compost, "
                     "bourse de graines…)"),
}


class ExpenseKind(NamedTuple):
    """A kind of expense of the financing plan; whether a call's subsidy may pay for it is the call's
    (`Call.expense_eligible`)."""
    label: object


# The kinds a budget line is, in the words of the AMI's §7, which the financing plan's form offers whatever the call;
# a call (app/dossier/calls/) says which of them its subsidy may not pay for.
EXPENSE_KINDS = {
    "animation": ExpenseKind(_l("Animation de la démarche")),
    "accompagnement": ExpenseKind(_l("Prestations d'accompagnement ou apport d'expertise")),
    "mobilisation": ExpenseKind(_l("Actions de mobilisation des habitants")),
    "equipement": ExpenseKind(_l("Petits équipements et aménagements nécessaires au projet")),
    "communication": ExpenseKind(_l("Actions de communication et de valorisation")),
    "fonctionnement": ExpenseKind(_l("Fonctionnement courant de la structure")),
    "batiment": ExpenseKind(_l("Investissement bâtimentaire")),
}

# Who pays a line of the financing plan. Only what the State's subsidy pays must be eligible: §7 lets running
# costs be « quantifiées pour démontrer [l']implication » of the structures, i.e. shown as in-kind contribution.
STATE = "etat"
CO_FUNDER = "cofinanceur"  # the FUNDERS entry the plan names, each co-funder with its status
FUNDERS = {
    STATE: _l("Subvention de l'État (FNADT)"),
    "porteur": _l("Fonds propres du porteur"),
    "cofinanceur": _l("Autre financeur"),
    "valorisation": _l("Valorisation (contribution en nature)"),
}


@dataclass(frozen=True)
class BudgetFacts:
    """One line of an action's financing plan: what, how much, which EXPENSE_KINDS, paid by which FUNDERS."""
    label: str
    amount_cents: int
    kind: str
    funder: str


@dataclass(frozen=True)
class ActionFacts:
    """One action of the project, with its dates and its budget lines."""
    title: str
    start: date | None = None
    end: date | None = None
    budget_lines: tuple[BudgetFacts, ...] = ()


@dataclass(frozen=True)
class DossierFacts:
    """What the dossier says so far; None is « not filled in yet ». annex maps the call's topic codes to texts."""
    holder_type: str | None = None
    holder_name: str = ""
    territory: str | None = None
    commune: str = ""  # the map's commune, chosen from Etalab's list, and its intercommunality (None: not known)
    commune_epci: str | None = None
    amount_asked_cents: int | None = None
    total_cost_cents: int | None = None
    co_funding_cents: int | None = None
    notification: date | None = None
    filed_on: date | None = None  # on Démarche Numérique
    goals: int = 0  # objectifs chiffrés: the actions' indicators with a target
    partners: str = ""
    coordination: str = ""  # with the neighbourhood's actors, the social landlords above all
    evaluation: str = ""
    communication: str = ""
    in_kind_cents: int = 0  # of the reste à charge, what the porteur brings in kind (valorisation)
    contexts: frozenset[str] = frozenset()  # models.dossier.CONTEXTS the project is in (a QPV…)
    annex: dict[str, str] = field(default_factory=dict)
    cited: dict[str, int] = field(default_factory=dict)  # by topic: the actions in the project and items it cites
    dropped_cited: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by topic: abandoned actions cited
    pieces_ready: frozenset[str] = frozenset()
    actions: tuple[ActionFacts, ...] = ()



ANNEX_MIN_SENTENCES = 3  # « précisant » a topic takes a few sentences at the least
SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)")


@dataclass(frozen=True)
class Check:
    """One rule applied to the dossier: met or not, a French sentence, the field it belongs next to, and where the
    call writes the rule (« AMI §7 »)."""
    code: str
    ok: bool
    message: object
    field: str | None = None
    section: str = ""


class ActionAt(NamedTuple):
    """An action as a rule of actions reads it: the action, how a message names it, its field, the dossier."""
    action: ActionFacts
    name: str
    where: str
    facts: DossierFacts


# The rule functions, by name, in the order the checklist reads: a call names those that apply (its [rules]).
# A dossier rule is called with (facts, call), an action rule with (ActionAt, call) once per action; each yields
# Checks whose code is its name.
DOSSIER_RULES, ACTION_RULES, CLOSING_RULES = {}, {}, {}


def _rule(registry):
    def register(function):
        registry[function.__name__.lstrip("_")] = function
        return function
    return register


dossier_rule, action_rule, closing_rule = _rule(DOSSIER_RULES), _rule(ACTION_RULES), _rule(CLOSING_RULES)


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has fewer (31 Oct + 8 months = 30 June)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reste_a_charge_cents(facts):
    """Total cost minus subsidy asked minus co-funding (a blank co-funding is none); None while unknown."""
    if facts.total_cost_cents is None or facts.amount_asked_cents is None:
        return None
    return facts.total_cost_cents - facts.amount_asked_cents - (facts.co_funding_cents or 0)


def reste_a_charge_share(facts):
    """The reste à charge as a share of the total cost (Decimal, 0.2 for 20 %); None while unknown."""
    rest = reste_a_charge_cents(facts)
    if rest is None or facts.total_cost_cents <= 0:
        return None
    return Decimal(rest) / Decimal(facts.total_cost_cents)


def is_ready(checks):
    """Whether every rule is met, so the dossier can be filed."""
    return all(c.ok for c in checks)


def check(facts, call):
    """Every rule the call applies, one Check each (or one per action, topic or piece), in the order the dossier
    reads, each with the section of the call it cites.

    A rule whose figure is not filled in yet is not judged: the missing figure is a failed Check of its own.
    """
    def applied(registry, *args):
        for code, judge in registry.items():
            if call.applies(code):
                yield from judge(*args, call)

    found = [*applied(DOSSIER_RULES, facts)]
    for index, action in enumerate(facts.actions):
        name = f"« {action.title.strip()} »" if action.title and action.title.strip() else f"n° {index + 1}"
        found += applied(ACTION_RULES, ActionAt(action, name, f"action:{index}", facts))
    found += applied(CLOSING_RULES, facts)
    return [replace(c, section=call.section(c.code)) for c in found]


# Who applies, and where.

@dossier_rule
def _holder_type(facts, call):
    """One of the holders the call lists."""
    label = call.holders.get(facts.holder_type)
    if not facts.holder_type:
        yield Check("holder_type", False, _l("Indiquez le type de porteur du projet."), "holder_type")
    elif label is None:
        yield Check("holder_type", False, _l(
            "Porteur non éligible : %(call)s est ouvert aux porteurs suivants : %(holders)s.", call=call.called,
            holders=" ; ".join(call.holders.values())), "holder_type")
    else:
        yield Check("holder_type", True, _l("Porteur éligible : %(label)s.", label=label), "holder_type")


@dossier_rule
def _holder_name(facts, call):
    """The porteur is named."""
    name = (facts.holder_name or "").strip()
    yield Check("holder_name", bool(name), _l("Porteur : %(name)s.", name=name) if name
                else _l("Indiquez le nom du porteur du projet."), "holder_name")


@dossier_rule
def _territory(facts, call):
    """One of the call's intercommunalities, and the one of the map's commune when it is known."""
    territory = TERRITORIES.get(facts.territory) if facts.territory in call.territories else None
    if territory is None:
        yield Check("territory", False, _l(
            "Territoire hors des %(perimeter)s concernés par %(call)s : choisissez l'intercommunalité où se déroule "
            "le projet.", perimeter=call.perimeter, call=call.called), "territory")
    elif facts.commune_epci and facts.commune_epci != facts.territory:
        yield Check("territory", False, _l(
            "La commune de la carte, %(commune)s, est dans la %(epci)s, pas dans « %(chosen)s » : choisissez "
            "l'intercommunalité de la commune.", commune=facts.commune, epci=TERRITORIES[facts.commune_epci],
            chosen=territory), "territory")
    else:
        yield Check("territory", True, _l("Territoire : %(name)s.", name=territory), "territory")


@dossier_rule
def _context(facts, call):
    """The project is in each context the call requires (a priority neighbourhood, say)."""
    for code in call.required_contexts:
        label = CONTEXTS[code]
        ok = code in facts.contexts
        yield Check("context", ok, _l("Le projet est dans le cadre requis : %(context)s.", context=label) if ok
                    else _l("%(call)s est réservé aux projets dans ce cadre : %(context)s. Cochez-le s'il s'applique "
                            "au projet.", call=call.called[:1].upper() + call.called[1:], context=label), "contexts")


# Money.

@dossier_rule
def _amount_asked(facts, call):
    """A subsidy is asked."""
    asked = facts.amount_asked_cents
    yield Check("amount_asked", True, _l("Subvention demandée : %(asked)s.", asked=euros(asked)), "amount_asked") \
        if asked and asked > 0 else Check("amount_asked", False, _l("Indiquez le montant de subvention demandé."),
                                          "amount_asked")


@dossier_rule
def _subsidy_floor(facts, call):
    """The subsidy asked is at least the call's floor, once it is asked."""
    asked = facts.amount_asked_cents
    if not asked or asked <= 0:
        return
    ok, figures = asked >= call.subsidy_floor_cents, {"asked": euros(asked),
                                                      "floor": euros(call.subsidy_floor_cents, whole=True)}
    yield Check("subsidy_floor", ok, _l("La subvention demandée (%(asked)s) atteint la demande minimale de "
                                        "%(floor)s.", **figures) if ok else
                _l("La subvention demandée (%(asked)s) est sous la demande minimale de %(floor)s.", **figures),
                "amount_asked")


@dossier_rule
def _subsidy_cap(facts, call):
    """The subsidy asked is within the call's cap, once it is asked."""
    asked = facts.amount_asked_cents
    if not asked or asked <= 0:
        return
    ok, figures = asked <= call.subsidy_cap_cents, {"asked": euros(asked),
                                                    "cap": euros(call.subsidy_cap_cents, whole=True)}
    yield Check("subsidy_cap", ok, _l("La subvention demandée (%(asked)s) respecte le plafond de %(cap)s par "
                                      "projet.", **figures) if ok else
                _l("La subvention demandée (%(asked)s) dépasse le plafond de %(cap)s par projet.", **figures),
                "amount_asked")


def _costed(facts):
    """The total cost, when it is given."""
    total = facts.total_cost_cents
    return total if total is not None and total > 0 else None


@dossier_rule
def _total_cost(facts, call):
    """The project's cost is known."""
    total = _costed(facts)
    yield Check("total_cost", True, _l("Coût total du projet : %(total)s.", total=euros(total)), "total_cost") \
        if total else Check("total_cost", False, _l("Indiquez le coût total du projet."), "total_cost")


@dossier_rule
def _funding_within_cost(facts, call):
    """The subsidy and the co-funding do not pay for more than the project costs."""
    total, rest = _costed(facts), reste_a_charge_cents(facts)
    if total is None or rest is None:
        return
    figures = {"funded": euros(total - rest), "total": euros(total)}
    yield Check("funding_within_cost", rest >= 0, _l(
        "La subvention et les cofinancements (%(funded)s) ne dépassent pas le coût total (%(total)s).", **figures)
        if rest >= 0 else _l("La subvention et les cofinancements (%(funded)s) dépassent le coût total du projet "
                             "(%(total)s) : revoyez le plan de financement.", **figures), "total_cost")


@dossier_rule
def _own_share(facts, call):
    """The holders the call names keep at least its minimum share of the cost; other porteurs have no minimum."""
    total, rest = _costed(facts), reste_a_charge_cents(facts)
    if total is None or rest is None or rest < 0:
        return
    figures = {"share": _share(rest, total), "rest": euros(rest), "total": euros(total),
               "minimum": percent(call.min_own_share), "in_kind": _in_kind(facts, rest, total, call)}
    if facts.holder_type not in call.own_share_holders:
        yield Check("own_share", True, _l(
            "Reste à charge : %(share)s (%(rest)s sur %(total)s%(in_kind)s) ; pas de minimum pour ce type de porteur.",
            **figures), "amount_asked")
        return
    # Exact Decimal arithmetic, no division: exactly 20 % passes, 19,99 % does not.
    ok = rest >= call.min_own_share * total
    yield Check("own_share", ok, _l(
        "Une collectivité territoriale garde au moins %(minimum)s du coût à sa charge : ici %(share)s "
        "(%(rest)s sur %(total)s%(in_kind)s).", **figures) if ok else _l(
        "Une collectivité territoriale doit garder au moins %(minimum)s du coût à sa charge : ici %(share)s "
        "(%(rest)s sur %(total)s%(in_kind)s). Réduisez la subvention demandée ou les cofinancements.", **figures),
        "amount_asked")


def _share(part, total):
    # Shown rounded down, so that a share just under 20 % never reads « 20 % » in a refusal.
    return percent((Decimal(part) / Decimal(total)).quantize(Decimal("0.0001"), rounding=ROUND_DOWN))


def _in_kind(facts, rest, total, call):
    """The in-kind part of the reste à charge, told apart: the call does not say whether the instructor counts it."""
    if not facts.in_kind_cents:
        return ""
    return _l(", dont %(in_kind)s en nature, que l'instructeur pourrait ne pas compter : %(call)s ne le précise pas ; "
              "sans elle, %(cash)s", in_kind=euros(facts.in_kind_cents), call=call.called,
              cash=_share(max(rest - facts.in_kind_cents, 0), total))


# The call's calendar, each date judged once it is known.

@dossier_rule
def _filing_deadline(facts, call):
    """Filed by the call's deadline."""
    if facts.filed_on is None:
        return
    figures = {"day": long_date(facts.filed_on), "limit": long_date(call.deadline), "call": call.called}
    ok = facts.filed_on <= call.deadline
    yield Check("filing_deadline", ok, _l("Dossier déposé le %(day)s, au plus tard le %(limit)s.", **figures)
                if ok else _l("Dossier déposé le %(day)s, après la date limite du %(limit)s : %(call)s n'accepte "
                              "plus de candidature.", **figures), "filed_on")


@dossier_rule
def _notification_deadline(facts, call):
    """Notified by the day the call plans."""
    if facts.notification is None:
        return
    figures = {"day": long_date(facts.notification), "limit": long_date(call.latest_notification),
               "call": call.called}
    ok = facts.notification <= call.latest_notification
    yield Check("notification_deadline", ok, _l(
        "Notification du %(day)s, au plus tard le %(limit)s comme prévu par %(call)s.", **figures) if ok else _l(
        "Notification du %(day)s, après le %(limit)s prévu par %(call)s : vérifiez la date reçue.", **figures),
        "notified_on")


# What the online form describes besides the porteur, the calendar and the amount.

@dossier_rule
def _goals(facts, call):
    """At least one objectif chiffré."""
    yield Check("goals", facts.goals > 0, _l("Objectifs chiffrés : %(count)d.", count=facts.goals) if facts.goals
                else _l("Ajoutez au moins un objectif chiffré (un indicateur avec sa cible) à une action."), "actions")


def _written(code, text, done, missing):
    written = bool((text or "").strip())
    return Check(code, written, done if written else missing, code)


@dossier_rule
def _partners(facts, call):
    """The project's partners are named."""
    yield _written("partners", facts.partners, _l("Partenaires du projet indiqués."),
                   _l("Indiquez les partenaires du projet."))


@dossier_rule
def _coordination(facts, call):
    """How the project works with the neighbourhood's actors, the landlords above all (they own a cité's gardens)."""
    yield _written("coordination", facts.coordination, _l("Coordination avec les acteurs du quartier décrite."),
                   _l("Indiquez comment le projet se coordonne avec les acteurs du quartier, les bailleurs sociaux "
                      "d'abord, ou pourquoi il n'y en a pas."))


@dossier_rule
def _evaluation(facts, call):
    """How the project is evaluated."""
    yield _written("evaluation", facts.evaluation, _l("Modalités d'évaluation rédigées."),
                   _l("Indiquez les modalités d'évaluation du projet."))


@dossier_rule
def _communication(facts, call):
    """How the project is made known."""
    yield _written("communication", facts.communication, _l("Plan de communication rédigé."),
                   _l("Indiquez les modalités de communication du projet."))


@dossier_rule
def _actions(facts, call):
    """The project has actions (each then judged by the action rules)."""
    yield Check("actions", True, _l("Actions du projet : %(count)d.", count=len(facts.actions)), "actions") \
        if facts.actions else Check("actions", False, _l("Ajoutez au moins une action au projet, avec ses dates."),
                                    "actions")


# Each action: its dates within the call's calendar and what the subsidy pays for.

@action_rule
def _action_dates(at, call):
    """Both dates given (the form's « calendrier de réalisation »), the end not before the start."""
    action, name = at.action, at.name
    if not action.start or not action.end:
        yield Check("action_dates", False, _l("Indiquez les dates de début et de fin de l'action %(action)s.",
                                              action=name), at.where)
    elif action.end < action.start:
        yield Check("action_dates", False, _l(
            "L'action %(action)s se termine le %(end)s, avant de commencer le %(start)s : corrigez les dates.",
            action=name, end=long_date(action.end), start=long_date(action.start)), at.where)
    else:
        yield Check("action_dates", True, _l("L'action %(action)s a lieu du %(start)s au %(end)s.", action=name,
                                             start=long_date(action.start), end=long_date(action.end)), at.where)


@action_rule
def _action_after_filing(at, call):
    """Not begun before the dossier was filed: the subsidy is asked for a project to come."""
    action, filed_on = at.action, at.facts.filed_on
    if not action.start or not filed_on:
        return
    figures = {"action": at.name, "start": long_date(action.start), "filed": long_date(filed_on)}
    ok = action.start >= filed_on
    yield Check("action_after_filing", ok, _l(
        "L'action %(action)s commence le %(start)s, après le dépôt du dossier (%(filed)s).", **figures) if ok else _l(
        "L'action %(action)s commence le %(start)s, avant le dépôt du dossier le %(filed)s : la subvention est "
        "demandée pour des actions à venir ; corrigez sa date.", **figures), at.where)


@action_rule
def _action_start_latest(at, call):
    """Started by the call's latest start."""
    if not at.action.start:
        return
    figures = {"action": at.name, "start": long_date(at.action.start), "limit": long_date(call.latest_start)}
    ok = at.action.start <= call.latest_start
    yield Check("action_start_latest", ok, _l(
        "L'action %(action)s commence le %(start)s, avant la limite du %(limit)s.", **figures) if ok else _l(
        "L'action %(action)s commence le %(start)s : au plus tard le %(limit)s.", **figures), at.where)


def _basis(notification, call):
    """The notification the months are counted from, as a message says it."""
    if notification:
        return _l("la notification du %(day)s", day=long_date(notification))
    return _l("la notification (date encore inconnue : le calcul part de la plus tardive prévue par %(call)s, "
              "le %(day)s)", call=call.called, day=long_date(call.latest_notification))


@action_rule
def _action_start_within(at, call):
    """Started within N months of the notification."""
    if not at.action.start:
        return
    notification = at.facts.notification
    limit = add_months(call.notification_basis(notification), call.start_within_months)
    figures = {"action": at.name, "start": long_date(at.action.start), "months": call.start_within_months,
               "basis": _basis(notification, call), "limit": long_date(limit)}
    ok = at.action.start <= limit
    yield Check("action_start_within", ok, _l(
        "L'action %(action)s commence le %(start)s, dans les %(months)d mois suivant %(basis)s.", **figures)
        if ok else _l("L'action %(action)s commence le %(start)s, plus de %(months)d mois après %(basis)s : au plus "
                      "tard le %(limit)s.", **figures), at.where)


@action_rule
def _action_end_within(at, call):
    """Finished within N months of the notification."""
    if not at.action.end:
        return
    notification = at.facts.notification
    limit = call.end_deadline(notification)
    figures = {"action": at.name, "end": long_date(at.action.end), "months": call.end_within_months,
               "basis": _basis(notification, call), "limit": long_date(limit)}
    ok = at.action.end <= limit
    yield Check("action_end_within", ok, _l(
        "L'action %(action)s se termine le %(end)s, dans les %(months)d mois suivant %(basis)s.", **figures)
        if ok else _l("L'action %(action)s se termine le %(end)s, plus de %(months)d mois après %(basis)s : elle "
                      "doit être achevée le %(limit)s au plus tard.", **figures), at.where)


def _refusal(line):
    """Why the subsidy may not pay for this line, and what to do with it."""
    if line.kind == "fonctionnement":
        return _l("La dépense « %(label)s » relève du fonctionnement de la structure : elle n'est pas éligible "
                  "(elle peut figurer en valorisation).", label=line.label)
    if line.kind == "batiment":
        return _l("La dépense « %(label)s » est un investissement bâtimentaire : elle n'est pas éligible à la "
                  "subvention de l'État.", label=line.label)
    return _l("La dépense « %(label)s » (%(kind)s) n'est pas éligible à la subvention.", label=line.label,
              kind=EXPENSE_KINDS[line.kind].label)


@action_rule
def _expense(at, call):
    """One Check per budget line the subsidy may not pay for, or one saying all lines are fine."""
    refused = []
    for line in at.action.budget_lines:
        if line.kind not in EXPENSE_KINDS:
            refused.append(_l("Choisissez la nature de la dépense « %(label)s ».", label=line.label))
        elif line.funder not in FUNDERS:
            refused.append(_l("Indiquez qui finance la dépense « %(label)s ».", label=line.label))
        elif line.funder == STATE and not call.expense_eligible(line.kind):
            refused.append(_refusal(line))
    for message in refused:
        yield Check("expense", False, message, at.where)
    if not refused:
        yield Check("expense", True, _l("Les dépenses de l'action %(action)s sont éligibles.", action=at.name),
                    at.where)


# The annexe and the pieces.

@closing_rule
def _annex(facts, call):
    """The annexe covers each of the call's topics, in a few sentences citing what it is about."""
    for code, title in call.annex_topics.items():
        yield Check("annex", *_topic(facts, code, title), f"annex_{code}")


@closing_rule
def _annex_dropped(facts, call):
    """No topic of the annexe cites an abandoned action."""
    for code, title in call.annex_topics.items():
        dropped = facts.dropped_cited.get(code, ())
        if dropped:
            yield Check("annex_dropped", False, _l(
                "Le texte de l'annexe « %(title)s » cite l'action abandonnée %(actions)s : retirez-la de ce texte.",
                title=title, actions=", ".join(f"« {action} »" for action in dropped)), f"annex_{code}")


def _topic(facts, code, title):
    """(ok, message) of one topic's text."""
    text = (facts.annex.get(code) or "").strip()
    if not text:
        return False, _l("Le texte de l'annexe « %(title)s » est vide : rédigez-le.", title=title)
    sentences = sum(1 for part in SENTENCE_END.split(text) if len(part.split()) >= 2)
    if sentences < ANNEX_MIN_SENTENCES:
        return False, (_l("Le texte de l'annexe « %(title)s » tient en 1 phrase : développez-le, en %(min)d "
                          "phrases au moins.", title=title, min=ANNEX_MIN_SENTENCES) if sentences <= 1 else
                       _l("Le texte de l'annexe « %(title)s » tient en %(count)d phrases : développez-le, en %(min)d "
                          "phrases au moins.", title=title, count=sentences, min=ANNEX_MIN_SENTENCES))
    if not facts.cited.get(code):
        return False, _l("Le texte de l'annexe « %(title)s » ne cite aucune action ni aucun élément de la carte : "
                         "citez ceux dont il parle.", title=title)
    return True, _l("Le texte de l'annexe « %(title)s » est rédigé.", title=title)


@closing_rule
def _piece(facts, call):
    """Each document the call asks for is marked ready."""
    for code, label in call.pieces.items():
        ready = code in facts.pieces_ready
        yield Check("piece", ready, _l("Pièce prête : %(piece)s.", piece=label) if ready
                    else _l("Pièce à joindre non marquée prête : %(piece)s.", piece=label), "pieces")


RULES = {**DOSSIER_RULES, **ACTION_RULES, **CLOSING_RULES}  # every rule a call may name
