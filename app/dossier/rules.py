"""Every rule of the AMI « Vivre-ensemble au jardin dans le Bassin minier » (2026), in one pure module.

The call's text is shared/seeds/000_*.txt; each constant cites its section (§). Nothing here touches the
database: a dossier is described by the frozen dataclasses below and `check()` says, rule by rule, what is
fine and what the porteur must still do. Money is integer cents, shares are Decimal, messages are French.
"""
import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from ..formatting import euros, long_date, percent
from ..i18n import lazy_gettext as _l

# §4 « Porteurs de projets éligibles », in the call's order.
HOLDER_TYPES = {
    "commune": _l("Commune ou autre collectivité territoriale"),
    "epci": _l("EPCI (intercommunalité)"),
    "centre_social": _l("Centre social"),
    "ccas": _l("Centre communal ou intercommunal d'action sociale (CCAS, CIAS)"),
    "association_habitants": _l("Association d'habitants"),
    "association_experte": _l("Association experte (animation de jardins, initiatives citoyennes, "
                              "éducation populaire)"),
    "groupement": _l("Groupement d'acteurs associant plusieurs partenaires locaux"),
}

# §7 « la réglementation impose aux collectivités territoriales un reste à charge minimal de 20 % ». That
# regulation is article L1111-10 III of the CGCT, which binds « toute collectivité territoriale ou tout groupement
# de collectivités territoriales »: an EPCI is such a groupement, so it counts here although §4 lists it apart.
# A CCAS/CIAS is a public body of its own, not a groupement, so it does not. (The article reckons 20 % of the
# public funding; the call speaks of the cost, the stricter reading, which is the one checked.)
COLLECTIVITES = frozenset({"commune", "epci"})

# §3 « Territoires concernés »: the eight intercommunalities of the ERBM perimeter.
TERRITORIES = {
    "cabbalr": _l("Communauté d'agglomération de Béthune-Bruay, Artois-Lys Romane"),
    "call": _l("Communauté d'agglomération de Lens-Liévin"),
    "cahc": _l("Communauté d'agglomération d'Hénin-Carvin"),
    "douaisis": _l("Communauté d'agglomération du Douaisis (Douaisis Agglo)"),
    "ostrevent": _l("Communauté d'agglomération Cœur d'Ostrevent"),
    "caph": _l("Communauté d'agglomération de la Porte du Hainaut"),
    "valenciennes": _l("Communauté d'agglomération Valenciennes Métropole"),
    "osartis": _l("Communauté de communes Osartis-Marquion"),
}
# Each territory's SIREN, its code in Etalab's list of EPCIs (`epci.json` of `@etalab/decoupage-administratif`), from
# which `app/places/build.py` takes its communes.
TERRITORY_SIRENS = {
    "cabbalr": "200072460", "call": "246200364", "cahc": "246200299", "douaisis": "200044618",
    "ostrevent": "245901152", "caph": "200042190", "valenciennes": "245901160", "osartis": "200044048",
}

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
    """A kind of expense of the financing plan, and whether the State's subsidy may pay for it."""
    label: object
    eligible: bool


# §7 « Le financement de l'État pourra couvrir les dépenses liées notamment : … » (eligible), then « Les dépenses
# de fonctionnement courant des structures ne sont pas éligibles mais peuvent être quantifiées … » and « Les
# investissements bâtimentaires ne sont pas éligibles ».
EXPENSE_KINDS = {
    "animation": ExpenseKind(_l("Animation de la démarche"), True),
    "accompagnement": ExpenseKind(_l("Prestations d'accompagnement ou apport d'expertise"), True),
    "mobilisation": ExpenseKind(_l("Actions de mobilisation des habitants"), True),
    "equipement": ExpenseKind(_l("Petits équipements et aménagements nécessaires au projet"), True),
    "communication": ExpenseKind(_l("Actions de communication et de valorisation"), True),
    "fonctionnement": ExpenseKind(_l("Fonctionnement courant de la structure"), False),
    "batiment": ExpenseKind(_l("Investissement bâtimentaire"), False),
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

# §10: the annexe, « précisant » exactly these four topics, in the call's order.
ANNEX_TOPICS = {
    "habitants": _l("Modalités d'implication des habitants"),
    "liens": _l("Actions favorisant de nouveaux liens entre les habitants et l'intégration des nouveaux arrivants"),
    "expertise": _l("Modalités de transmission d'une expertise en jardinage, alimentation et biodiversité"),
    "autonomie": _l("Perspectives d'autonomisation du collectif à terme"),
}

# §10: the documents joined to the online form (the form itself and the annexe are checked on their own).
PIECES = {
    "courrier": _l("Courrier de demande de financement signé par le porteur"),
    "attestation": _l("Attestation sur l'honneur de l'exactitude des informations transmises"),
    "planning": _l("Planning détaillé du projet"),
    "financement": _l("Plan de financement et justificatifs des dépenses envisagées"),
    "rib": _l("RIB du bénéficiaire de la subvention"),
}

# §9: laureates « devront également mentionner le soutien de l'État dans le cadre de l'ERBM dans le cadre de toute
# communication relative au projet », so every document Voyette makes for the project carries it.
ERBM_MENTION = _l("Avec le soutien de l'État dans le cadre de l'ERBM")

ENVELOPE_CENTS = 4_800_000  # §7 « une enveloppe FNADT dédiée à hauteur de 48 000 € »
MAX_SUBSIDY_CENTS = 1_000_000  # §7 « plafonné à 10 000 € par territoire ou projet retenu »
MIN_OWN_SHARE = Decimal("0.20")  # §7 « un reste à charge minimal de 20 % » (collectivités, see COLLECTIVITES)
PERIOD = (2026, 2028)  # §5 « sur la période 2026-2028 »
CANDIDATURE_DEADLINE = date(2026, 9, 18)  # §11 « Date limite de dépôt des candidatures »
LATEST_NOTIFICATION = date(2026, 12, 31)  # §11 « notification avant le 31 décembre 2026 »
# §8 and §11 « au plus tard avant le 30 juin 2027 »: read as « on 30 June 2027 at the latest ».
LATEST_START = date(2027, 6, 30)
START_WITHIN_MONTHS = 8  # §8 « un début d'exécution dans les huit mois suivant la notification »
END_WITHIN_MONTHS = 24  # §8 « achevés dans les 24 mois suivant la notification »

# §11 « Calendrier prévisionnel », and §8 for what depends on each project's notification (no fixed date).
MILESTONES = [
    (date(2026, 7, 10), _l("Lancement de l'AMI")),
    (CANDIDATURE_DEADLINE, _l("Date limite de dépôt des candidatures sur Démarche Numérique")),
    (date(2026, 9, 21), _l("Début de l'instruction des dossiers")),
    (date(2026, 9, 28), _l("Comité des partenaires (entre le 28 septembre et le 2 octobre)")),
    (LATEST_NOTIFICATION, _l("Notification des lauréats, avant le 31 décembre 2026")),
    (None, _l("Début d'exécution dans les 8 mois suivant la notification")),
    (LATEST_START, _l("Démarrage au plus tard le 30 juin 2027")),
    (None, _l("Projet achevé dans les 24 mois suivant la notification")),
]


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
    """What the dossier says so far; None is « not filled in yet ». annex maps ANNEX_TOPICS codes to texts."""
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
    annex: dict[str, str] = field(default_factory=dict)
    cited: dict[str, int] = field(default_factory=dict)  # by topic: the actions in the project and items it cites
    dropped_cited: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by topic: abandoned actions cited
    pieces_ready: frozenset[str] = frozenset()
    actions: tuple[ActionFacts, ...] = ()


# The section of the call each rule comes from, by Check code: the checklist says it beside each message.
SECTIONS = {
    "territory": 3, "holder_type": 4, "holder_name": 4,
    "amount_asked": 7, "subsidy_cap": 7, "total_cost": 7, "funding_within_cost": 7, "own_share": 7, "expense": 7,
    "filing_deadline": 11, "notification_deadline": 11,
    "goals": 10, "partners": 10, "coordination": 5, "evaluation": 10, "communication": 10,
    "actions": 10, "action_dates": 10, "action_start_latest": 8, "action_start_within": 8, "action_end_within": 8,
    "action_after_filing": 8, "annex": 10, "annex_dropped": 10, "piece": 10,
    # The checklist of the compte rendu d'exécution (app/final_report/checklist.py).
    "report_end": 8, "report_spending": 7, "report_measured": 10, "report_mention": 9,
}
ANNEX_MIN_SENTENCES = 3  # « précisant » a topic takes a few sentences at the least
SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)")


@dataclass(frozen=True)
class Check:
    """One rule applied to the dossier: met or not, a French sentence, and the field it belongs next to."""
    code: str
    ok: bool
    message: object
    field: str | None = None

    @property
    def section(self):
        """« AMI §7 »: where in the call the rule is written."""
        return f"AMI §{SECTIONS[self.code]}"


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has fewer (31 Oct + 8 months = 30 June)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def start_deadline(notification):
    """The last day an action may start: 8 months after notification, and 30 June 2027 at the latest."""
    return min(LATEST_START, add_months(notification or LATEST_NOTIFICATION, START_WITHIN_MONTHS))


def end_deadline(notification):
    """The last day the project may end: 24 months after notification."""
    return add_months(notification or LATEST_NOTIFICATION, END_WITHIN_MONTHS)


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


def check(facts):
    """Every rule of the call, one Check each, in the order the dossier reads.

    A rule whose figure is not filled in yet is not judged: the missing figure is a failed Check of its own.
    """
    return [*_holder(facts), *_money(facts), *_calendar(facts), *_online_form(facts), *_actions(facts),
            *_annex(facts), *_pieces(facts)]


def _holder(facts):
    """Who applies, and where (§3, §4)."""
    label = HOLDER_TYPES.get(facts.holder_type)
    if not facts.holder_type:
        yield Check("holder_type", False, _l("Indiquez le type de porteur du projet."), "holder_type")
    elif label is None:
        yield Check("holder_type", False, _l(
            "Porteur non éligible : l'AMI est ouvert aux communes et autres collectivités territoriales, aux EPCI, "
            "aux centres sociaux, aux CCAS/CIAS, aux associations d'habitants ou expertes et aux groupements "
            "d'acteurs locaux."), "holder_type")
    else:
        yield Check("holder_type", True, _l("Porteur éligible : %(label)s.", label=label), "holder_type")
    name = (facts.holder_name or "").strip()
    yield Check("holder_name", bool(name), _l("Porteur : %(name)s.", name=name) if name
                else _l("Indiquez le nom du porteur du projet."), "holder_name")
    yield _territory(facts)


def _territory(facts):
    """One of the eight intercommunalities (§3), and the one of the map's commune when it is known."""
    territory = TERRITORIES.get(facts.territory)
    if territory is None:
        return Check("territory", False, _l("Territoire hors des huit EPCI du Bassin minier concernés par l'AMI : "
                                            "choisissez l'intercommunalité où se déroule le projet."), "territory")
    if facts.commune_epci and facts.commune_epci != facts.territory:
        return Check("territory", False, _l(
            "La commune de la carte, %(commune)s, est dans la %(epci)s, pas dans « %(chosen)s » : choisissez "
            "l'intercommunalité de la commune.", commune=facts.commune, epci=TERRITORIES[facts.commune_epci],
            chosen=territory), "territory")
    return Check("territory", True, _l("Territoire : %(name)s.", name=territory), "territory")


def _money(facts):
    """The subsidy asked, the cost, and what the porteur keeps at its charge (§7)."""
    asked, total = facts.amount_asked_cents, facts.total_cost_cents
    if asked is None or asked <= 0:
        yield Check("amount_asked", False, _l("Indiquez le montant de subvention demandé."), "amount_asked")
    else:
        yield Check("amount_asked", True, _l("Subvention demandée : %(asked)s.", asked=euros(asked)), "amount_asked")
        ok, figures = asked <= MAX_SUBSIDY_CENTS, {"asked": euros(asked), "cap": euros(MAX_SUBSIDY_CENTS, whole=True)}
        yield Check("subsidy_cap", ok, _l("La subvention demandée (%(asked)s) respecte le plafond de %(cap)s par "
                                          "projet.", **figures) if ok else
                    _l("La subvention demandée (%(asked)s) dépasse le plafond de %(cap)s par projet.", **figures),
                    "amount_asked")
    if total is None or total <= 0:
        yield Check("total_cost", False, _l("Indiquez le coût total du projet."), "total_cost")
        return
    yield Check("total_cost", True, _l("Coût total du projet : %(total)s.", total=euros(total)), "total_cost")
    rest = reste_a_charge_cents(facts)
    if rest is None:
        return
    figures = {"funded": euros(total - rest), "total": euros(total)}
    yield Check("funding_within_cost", rest >= 0, _l(
        "La subvention et les cofinancements (%(funded)s) ne dépassent pas le coût total (%(total)s).", **figures)
        if rest >= 0 else _l("La subvention et les cofinancements (%(funded)s) dépassent le coût total du projet "
                             "(%(total)s) : revoyez le plan de financement.", **figures), "total_cost")
    if rest >= 0:
        yield _own_share(facts, rest, total)


def _own_share(facts, rest, total):
    """A collectivité territoriale keeps at least 20 % of the cost; other porteurs have no minimum (§7)."""
    figures = {"share": _share(rest, total), "rest": euros(rest), "total": euros(total),
               "minimum": percent(MIN_OWN_SHARE), "in_kind": _in_kind(facts, rest, total)}
    if facts.holder_type not in COLLECTIVITES:
        return Check("own_share", True, _l(
            "Reste à charge : %(share)s (%(rest)s sur %(total)s%(in_kind)s) ; pas de minimum pour ce type de porteur.",
            **figures), "amount_asked")
    # Exact Decimal arithmetic, no division: exactly 20 % passes, 19,99 % does not.
    ok = rest >= MIN_OWN_SHARE * total
    return Check("own_share", ok, _l(
        "Une collectivité territoriale garde au moins %(minimum)s du coût à sa charge : ici %(share)s "
        "(%(rest)s sur %(total)s%(in_kind)s).", **figures) if ok else _l(
        "Une collectivité territoriale doit garder au moins %(minimum)s du coût à sa charge : ici %(share)s "
        "(%(rest)s sur %(total)s%(in_kind)s). Réduisez la subvention demandée ou les cofinancements.", **figures),
        "amount_asked")


def _share(part, total):
    # Shown rounded down, so that a share just under 20 % never reads « 20 % » in a refusal.
    return percent((Decimal(part) / Decimal(total)).quantize(Decimal("0.0001"), rounding=ROUND_DOWN))


def _in_kind(facts, rest, total):
    """The in-kind part of the reste à charge, told apart: the call does not say whether the instructor counts it."""
    if not facts.in_kind_cents:
        return ""
    return _l(", dont %(in_kind)s en nature, que l'instructeur pourrait ne pas compter : l'AMI ne le précise pas ; "
              "sans elle, %(cash)s", in_kind=euros(facts.in_kind_cents),
              cash=_share(max(rest - facts.in_kind_cents, 0), total))


def _calendar(facts):
    """Filed by 18 September 2026, notified by 31 December 2026 (§11), each judged once its date is known."""
    if facts.filed_on is not None:
        figures = {"day": long_date(facts.filed_on), "limit": long_date(CANDIDATURE_DEADLINE)}
        ok = facts.filed_on <= CANDIDATURE_DEADLINE
        yield Check("filing_deadline", ok, _l("Dossier déposé le %(day)s, au plus tard le %(limit)s.", **figures)
                    if ok else _l("Dossier déposé le %(day)s, après la date limite du %(limit)s : l'AMI n'accepte "
                                  "plus de candidature.", **figures), "filed_on")
    if facts.notification is not None:
        figures = {"day": long_date(facts.notification), "limit": long_date(LATEST_NOTIFICATION)}
        ok = facts.notification <= LATEST_NOTIFICATION
        yield Check("notification_deadline", ok, _l(
            "Notification du %(day)s, au plus tard le %(limit)s comme prévu par l'AMI.", **figures) if ok else _l(
            "Notification du %(day)s, après le %(limit)s prévu par l'AMI : vérifiez la date reçue.", **figures),
            "notified_on")


def _online_form(facts):
    """What the online form describes besides the porteur, the calendar and the amount (§10), and the partnership
    with the neighbourhood's actors (§5)."""
    yield Check("goals", facts.goals > 0, _l("Objectifs chiffrés : %(count)d.", count=facts.goals) if facts.goals
                else _l("Ajoutez au moins un objectif chiffré (un indicateur avec sa cible) à une action."), "actions")
    for code, text, done, missing in (
            ("partners", facts.partners, _l("Partenaires du projet indiqués."),
             _l("Indiquez les partenaires du projet.")),
            # §5 « s'inscrire dans un partenariat avec les acteurs locaux (commune, CCAS, bailleur social,
            # associations du quartier ou centre social) »: the landlord owns the gardens of a cité.
            ("coordination", facts.coordination, _l("Coordination avec les acteurs du quartier décrite."),
             _l("Indiquez comment le projet se coordonne avec les acteurs du quartier, les bailleurs sociaux "
                "d'abord, ou pourquoi il n'y en a pas.")),
            ("evaluation", facts.evaluation, _l("Modalités d'évaluation rédigées."),
             _l("Indiquez les modalités d'évaluation du projet.")),
            ("communication", facts.communication, _l("Plan de communication rédigé."),
             _l("Indiquez les modalités de communication du projet."))):
        written = bool((text or "").strip())
        yield Check(code, written, done if written else missing, code)


def _actions(facts):
    """Each action: its dates within the call's calendar (§8) and what the subsidy pays for (§7)."""
    if not facts.actions:
        yield Check("actions", False, _l("Ajoutez au moins une action au projet, avec ses dates."), "actions")
        return
    yield Check("actions", True, _l("Actions du projet : %(count)d.", count=len(facts.actions)), "actions")
    basis = (_l("la notification du %(day)s", day=long_date(facts.notification)) if facts.notification else
             _l("la notification (date encore inconnue : le calcul part de la plus tardive prévue par l'AMI, "
                "le %(day)s)", day=long_date(LATEST_NOTIFICATION)))
    for index, action in enumerate(facts.actions):
        where = f"action:{index}"
        name = f"« {action.title.strip()} »" if action.title and action.title.strip() else f"n° {index + 1}"
        yield from _action_dates(action, name, where)
        if action.start and facts.filed_on:
            yield _action_after_filing(action, name, where, facts.filed_on)
        if action.start:
            yield from _action_start(action, name, where, facts.notification, basis)
        if action.end:
            yield _action_end(action, name, where, facts.notification, basis)
        yield from _expenses(action, name, where)


def _action_dates(action, name, where):
    """Both dates given (the form's « calendrier de réalisation »), the end not before the start."""
    if not action.start or not action.end:
        yield Check("action_dates", False, _l("Indiquez les dates de début et de fin de l'action %(action)s.",
                                              action=name), where)
    elif action.end < action.start:
        yield Check("action_dates", False, _l(
            "L'action %(action)s se termine le %(end)s, avant de commencer le %(start)s : corrigez les dates.",
            action=name, end=long_date(action.end), start=long_date(action.start)), where)
    else:
        yield Check("action_dates", True, _l("L'action %(action)s a lieu du %(start)s au %(end)s.", action=name,
                                             start=long_date(action.start), end=long_date(action.end)), where)


def _action_after_filing(action, name, where, filed_on):
    """Not begun before the dossier was filed: the subsidy is asked for a project to come (§8 counts from then)."""
    figures = {"action": name, "start": long_date(action.start), "filed": long_date(filed_on)}
    ok = action.start >= filed_on
    return Check("action_after_filing", ok, _l(
        "L'action %(action)s commence le %(start)s, après le dépôt du dossier (%(filed)s).", **figures) if ok else _l(
        "L'action %(action)s commence le %(start)s, avant le dépôt du dossier le %(filed)s : la subvention est "
        "demandée pour des actions à venir ; corrigez sa date.", **figures), where)


def _action_start(action, name, where, notification, basis):
    """Started by 30 June 2027, and within 8 months of the notification (§8, §11)."""
    figures = {"action": name, "start": long_date(action.start), "limit": long_date(LATEST_START)}
    ok = action.start <= LATEST_START
    yield Check("action_start_latest", ok, _l(
        "L'action %(action)s commence le %(start)s, avant la limite du %(limit)s.", **figures) if ok else _l(
        "L'action %(action)s commence le %(start)s : au plus tard le %(limit)s.", **figures), where)
    limit = add_months(notification or LATEST_NOTIFICATION, START_WITHIN_MONTHS)
    figures.update(months=START_WITHIN_MONTHS, basis=basis, limit=long_date(limit))
    ok = action.start <= limit
    yield Check("action_start_within", ok, _l(
        "L'action %(action)s commence le %(start)s, dans les %(months)d mois suivant %(basis)s.", **figures)
        if ok else _l("L'action %(action)s commence le %(start)s, plus de %(months)d mois après %(basis)s : au plus "
                      "tard le %(limit)s.", **figures), where)


def _action_end(action, name, where, notification, basis):
    """Finished within 24 months of the notification (§8)."""
    limit = end_deadline(notification)
    figures = {"action": name, "end": long_date(action.end), "months": END_WITHIN_MONTHS, "basis": basis,
               "limit": long_date(limit)}
    ok = action.end <= limit
    return Check("action_end_within", ok, _l(
        "L'action %(action)s se termine le %(end)s, dans les %(months)d mois suivant %(basis)s.", **figures)
        if ok else _l("L'action %(action)s se termine le %(end)s, plus de %(months)d mois après %(basis)s : elle "
                      "doit être achevée le %(limit)s au plus tard.", **figures), where)


def _refusal(line):
    """Why the State's subsidy may not pay for this line, and what to do with it (§7)."""
    if line.kind == "fonctionnement":
        return _l("La dépense « %(label)s » relève du fonctionnement de la structure : elle n'est pas éligible "
                  "(elle peut figurer en valorisation).", label=line.label)
    return _l("La dépense « %(label)s » est un investissement bâtimentaire : elle n'est pas éligible à la "
              "subvention de l'État.", label=line.label)


def _expenses(action, name, where):
    """One Check per budget line the subsidy may not pay for, or one saying all lines are fine (§7)."""
    refused = []
    for line in action.budget_lines:
        kind = EXPENSE_KINDS.get(line.kind)
        if kind is None:
            refused.append(_l("Choisissez la nature de la dépense « %(label)s ».", label=line.label))
        elif line.funder not in FUNDERS:
            refused.append(_l("Indiquez qui finance la dépense « %(label)s ».", label=line.label))
        elif line.funder == STATE and not kind.eligible:
            refused.append(_refusal(line))
    for message in refused:
        yield Check("expense", False, message, where)
    if not refused:
        yield Check("expense", True, _l("Les dépenses de l'action %(action)s sont éligibles.", action=name), where)


def _annex(facts):
    """The annexe covers its four topics, each in a few sentences citing what it is about, and no abandoned action
    (§10)."""
    for code, title in ANNEX_TOPICS.items():
        yield Check("annex", *_topic(facts, code, title), f"annex_{code}")
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


def _pieces(facts):
    """Each document to join is marked ready (§10)."""
    for code, label in PIECES.items():
        ready = code in facts.pieces_ready
        yield Check("piece", ready, _l("Pièce prête : %(piece)s.", piece=label) if ready
                    else _l("Pièce à joindre non marquée prête : %(piece)s.", piece=label), "pieces")
