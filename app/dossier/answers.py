"""« Réponses pour Démarche Numérique »: the online form cannot be filled from Voyette, so each of its answers is
written out here as plain text, in the form's order, ready to copy field by field. Which answers, in which order,
and where they go is the call's (its `answers` and `platform`): the AMI's §10 « décrivant le porteur, le projet, les
objectifs chiffrés, les partenaires, le calendrier de réalisation, le montant de subvention demandé, les modalités
d'évaluation et de communication ». Made from what the dossier and the actions hold, so the answers and the annex
never disagree."""
from typing import NamedTuple

from flask_babel import gettext as _

from ..formatting import euros, goal_text, long_date, percent
from ..i18n import lazy_gettext as _l
from ..models.dossier import CONTEXTS
from ..places.territories import TERRITORIES
from . import calls, facts, rules


def title(call):
    """« Réponses pour Démarche Numérique »: the page's title, naming where the call is filed when it says."""
    if call.platform:
        return _("Réponses pour %(platform)s", platform=call.platform)
    return _("Réponses à copier dans le dossier")


class Answer(NamedTuple):
    """One field of the online form: its name there, and the text to paste ('' when nothing is written yet)."""
    code: str
    title: str
    text: str


def answers(map_, dossier, actions):
    """The answers the dossier's call asks for, in its order, from the dossier and the actions in the project."""
    kept = facts.in_project(actions)
    return [Answer(code, ANSWERS[code][0], ANSWERS[code][1](map_, dossier, kept))
            for code in calls.of_dossier(dossier).answers]


def _lines(*lines):
    return "\n".join(line for line in lines if line)


def _holder(map_, dossier, actions):
    kind = calls.of_dossier(dossier).holders.get(dossier.holder_type)
    return _lines(dossier.holder_name or "", str(kind) if kind else "")


def _project(map_, dossier, actions):
    territory = TERRITORIES.get(dossier.territory)
    place = " · ".join(part for part in (dossier.cite, map_.commune, str(territory) if territory else "") if part)
    contexts = "; ".join(CONTEXTS[code] for code in dossier.contexts or () if code in CONTEXTS)
    listed = [f"{action.position}. {action.title} ({rules.ACTION_TYPES.get(action.kind, '')})" for action in actions]
    return _lines(place, contexts, *listed)


def _goals(map_, dossier, actions):
    return _lines(*(f"{goal_text(indicator)} ({_('action')} {action.position}. {action.title})"
                    for action in actions for indicator in action.indicators if indicator.target))


def _partners(map_, dossier, actions):
    named = [line.strip() for line in (dossier.partners or "").splitlines() if line.strip()]
    for action in actions:
        for name in [action.lead_partner, *(action.partners or "").splitlines()]:
            if name.strip() and name.strip() not in named:
                named.append(name.strip())
    coordination = (dossier.coordination or "").strip()
    return _lines(*named, f"\n{coordination}" if coordination else "")


def _calendar(map_, dossier, actions):
    def day(value):
        return long_date(value) if value else _("date à préciser")
    return _lines(*(f"{action.position}. {action.title} : {_('du')} {day(action.starts_on)} {_('au')} "
                    f"{day(action.ends_on)}" for action in actions))


def _amount(map_, dossier, actions):
    money = facts.money(actions)
    if not money.asked:
        return ""
    share = percent(money.reste_a_charge_share) if money.reste_a_charge_share is not None else ""
    return _lines(euros(money.asked),
                  _("Coût total du projet : %(total)s ; reste à charge du porteur : %(rest)s (%(share)s)",
                    total=euros(money.total), rest=euros(money.reste_a_charge), share=share))


def _evaluation(map_, dossier, actions):
    return (dossier.evaluation or "").strip()


def _communication(map_, dossier, actions):
    return (dossier.communication or "").strip()


# Every answer a call may ask for (its `answers`, by code): its title there, and how it is written.
ANSWERS = {
    "porteur": (_l("Le porteur"), _holder),
    "projet": (_l("Le projet"), _project),
    "objectifs": (_l("Les objectifs chiffrés"), _goals),
    "partenaires": (_l("Les partenaires"), _partners),
    "calendrier": (_l("Le calendrier de réalisation"), _calendar),
    "montant": (_l("Le montant de subvention demandé"), _amount),
    "evaluation": (_l("Les modalités d'évaluation"), _evaluation),
    "communication": (_l("Les modalités de communication"), _communication),
}
