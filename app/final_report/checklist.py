"""The checklist of the project's last phase, before the compte rendu d'exécution goes to the State: the project
ended within 24 months of its notification (§8), its spending kept within the subsidy (§7), every objectif chiffré
measured (§10), the State's support mentioned on the report (§9).

Pure like `dossier.rules`, whose Check, numbers and calendar it reads (one place per rule): the project is
described by the frozen dataclasses below, and each Check says in French what is wrong and where to fix it.
"""
from dataclasses import dataclass, replace
from datetime import date

from ..dossier import rules
from ..formatting import euros, long_date
from ..i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Ending:
    """An action of the project and its end as known: the real one (`real`) once given, else the planned one."""
    title: str
    end: date | None
    real: bool
    where: str  # the Check's field: where the action's dates are corrected


@dataclass(frozen=True)
class Goal:
    """An objectif chiffré and what was last counted of it (None: nothing yet)."""
    action: str
    label: str
    reached: int | None
    where: str


@dataclass(frozen=True)
class ClosingFacts:
    notification: date | None
    endings: tuple[Ending, ...] = ()
    subsidy_cents: int = 0  # the State's share of the planned budget lines
    state_spent_cents: int = 0  # what was spent on those lines
    goals: tuple[Goal, ...] = ()
    document_text: str = ""  # the compte rendu as generated, as plain text


# The rule of the call each point rests on: it cites that rule's section (the call's `section`).
CITES = {"report_end": "action_end_within", "report_spending": "subsidy_cap", "report_measured": "goals"}


def check(facts, call):
    """Every rule of the last phase the call (`dossier.calls`) has, one Check each (one per objectif chiffré not
    measured): the end only for a call that bounds it, the mention only for a call that asks for one."""
    found = [*([_end(facts, call)] if call.end_within_months else []), _spending(facts, call), *_measured(facts),
             *([_mention(facts, call)] if call.mention else [])]
    return [replace(found_check, section=_section(call, found_check.code)) for found_check in found]


def _section(call, code):
    if code == "report_mention":
        return call.mention_section
    rule = CITES.get(code)
    return call.section(rule) if rule and call.applies(rule) else ""


def _end(facts, call):
    """The last action's end (real, else planned) within the months the call gives after the notification."""
    if facts.notification is None:
        return rules.Check("report_end", False, _l(
            "Indiquez la date de notification de la subvention sur la page « Candidature » : le projet doit être "
            "achevé dans les %(months)d mois qui la suivent.", months=call.end_within_months), "notified_on")
    dated = [ending for ending in facts.endings if ending.end is not None]
    if not dated:
        return rules.Check("report_end", False, _l(
            "Aucune action n'a de date de fin : indiquez sur la page de chaque action quand elle s'est terminée."),
            "actions")
    last = max(dated, key=lambda ending: ending.end)
    limit = call.end_deadline(facts.notification)
    figures = {"end": long_date(last.end), "action": last.title, "months": call.end_within_months, "call": call.called,
               "day": long_date(facts.notification), "limit": long_date(limit),
               "how": _l("fin réelle") if last.real else _l("fin prévue")}
    if last.end <= limit:
        return rules.Check("report_end", True, _l(
            "Le projet s'achève le %(end)s (%(how)s de l'action « %(action)s »), dans les %(months)d mois suivant la "
            "notification du %(day)s.", **figures), last.where)
    return rules.Check("report_end", False, _l(
        "Le projet s'achève le %(end)s (%(how)s de l'action « %(action)s »), après le %(limit)s, fin des %(months)d "
        "mois suivant la notification du %(day)s : vérifiez les dates de cette action sur sa page ; si elles sont "
        "justes, le projet dépasse le délai de %(call)s.", **figures), last.where)


def _spending(facts, call):
    """What was spent on the lines the State pays within the subsidy: their planned total, at most the call's cap."""
    cap = call.subsidy_cap_cents
    subsidy = facts.subsidy_cents if cap is None else min(facts.subsidy_cents, cap)
    figures = {"spent": euros(facts.state_spent_cents), "subsidy": euros(subsidy),
               "over": euros(facts.state_spent_cents - subsidy)}
    if facts.state_spent_cents <= subsidy:
        return rules.Check("report_spending", True, _l(
            "Dépenses réalisées sur la subvention de l'État : %(spent)s, dans la subvention de %(subsidy)s.",
            **figures), "spending")
    return rules.Check("report_spending", False, _l(
        "Les dépenses réalisées sur les lignes financées par l'État (%(spent)s) dépassent la subvention de "
        "%(subsidy)s de %(over)s : l'État ne paiera pas le surplus ; portez-le sur un autre financeur dans les "
        "lignes de budget des actions.", **figures), "spending")


def _measured(facts):
    """Each objectif chiffré has a figure reached (§10: the online form's « objectifs chiffrés »)."""
    if not facts.goals:
        yield rules.Check("report_measured", False, _l(
            "Aucun objectif chiffré dans les actions : ajoutez-en un, avec sa cible et ce qui a été atteint, sur la "
            "page d'une action."), "actions")
        return
    missing = [goal for goal in facts.goals if goal.reached is None]
    for goal in missing:
        yield rules.Check("report_measured", False, _l(
            "L'objectif « %(label)s » de l'action « %(action)s » n'a pas été mesuré : ajoutez ce qui a été atteint "
            "sur la page de l'action.", label=goal.label, action=goal.action), goal.where)
    if not missing:
        yield rules.Check("report_measured", True, _l("Objectifs chiffrés mesurés : %(count)d sur %(count)d.",
                                                      count=len(facts.goals)), "goals")


def _mention(facts, call):
    """The report itself carries the call's mention (the AMI's §9: « toute communication relative au projet »)."""
    mention = call.mention
    if mention in facts.document_text:
        return rules.Check("report_mention", True, _l("Le compte rendu porte la mention « %(mention)s ».",
                                                      mention=mention))
    return rules.Check("report_mention", False, _l(
        "La mention « %(mention)s » manque au compte rendu : ajoutez-la en pied de chaque page avant de l'envoyer.",
        mention=mention))
