"""« Réponses pour Démarche Numérique »: the online form cannot be filled from Voyette, so each of its answers is
written out here as plain text, in the form's order (§10 of the call: « décrivant le porteur, le projet, les
objectifs chiffrés, les partenaires, le calendrier de réalisation, le montant de subvention demandé, les modalités
d'évaluation et de communication »), ready to copy field by field. Made from what the dossier and the actions hold,
so the answers and the annex never disagree."""
from typing import NamedTuple

from flask_babel import gettext as _

from ..formatting import euros, goal_text, long_date, percent
from ..models.dossier import CONTEXTS
from . import facts, rules


class Answer(NamedTuple):
    """One field of the online form: its name there, and the text to paste ('' when nothing is written yet)."""
    code: str
    title: str
    text: str


def answers(map_, dossier, actions):
    """The online form's answers, in its order, from the dossier and the actions in the project."""
    kept = facts.in_project(actions)
    return [
        Answer("porteur", _("Le porteur"), _holder(dossier)),
        Answer("projet", _("Le projet"), _project(map_, dossier, kept)),
        Answer("objectifs", _("Les objectifs chiffrés"), _goals(kept)),
        Answer("partenaires", _("Les partenaires"), _partners(dossier, kept)),
        Answer("calendrier", _("Le calendrier de réalisation"), _calendar(kept)),
        Answer("montant", _("Le montant de subvention demandé"), _amount(kept)),
        Answer("evaluation", _("Les modalités d'évaluation"), (dossier.evaluation or "").strip()),
        Answer("communication", _("Les modalités de communication"), (dossier.communication or "").strip()),
    ]


def _lines(*lines):
    return "\n".join(line for line in lines if line)


def _holder(dossier):
    kind = rules.HOLDER_TYPES.get(dossier.holder_type)
    return _lines(dossier.holder_name or "", str(kind) if kind else "")


def _project(map_, dossier, actions):
    territory = rules.TERRITORIES.get(dossier.territory)
    place = " · ".join(part for part in (dossier.cite, map_.commune, str(territory) if territory else "") if part)
    contexts = "; ".join(CONTEXTS[code] for code in dossier.contexts or () if code in CONTEXTS)
    listed = [f"{action.position}. {action.title} ({rules.ACTION_TYPES.get(action.kind, '')})" for action in actions]
    return _lines(place, contexts, *listed)


def _goals(actions):
    return _lines(*(f"{goal_text(indicator)} ({_('action')} {action.position}. {action.title})"
                    for action in actions for indicator in action.indicators if indicator.target))


def _partners(dossier, actions):
    named = [line.strip() for line in (dossier.partners or "").splitlines() if line.strip()]
    for action in actions:
        for name in [action.lead_partner, *(action.partners or "").splitlines()]:
            if name.strip() and name.strip() not in named:
                named.append(name.strip())
    coordination = (dossier.coordination or "").strip()
    return _lines(*named, f"\n{coordination}" if coordination else "")


def _calendar(actions):
    def day(value):
        return long_date(value) if value else _("date à préciser")
    return _lines(*(f"{action.position}. {action.title} : {_('du')} {day(action.starts_on)} {_('au')} "
                    f"{day(action.ends_on)}" for action in actions))


def _amount(actions):
    money = facts.money(actions)
    if not money.asked:
        return ""
    share = percent(money.reste_a_charge_share) if money.reste_a_charge_share is not None else ""
    return _lines(euros(money.asked),
                  _("Coût total du projet : %(total)s ; reste à charge du porteur : %(rest)s (%(share)s)",
                    total=euros(money.total), rest=euros(money.reste_a_charge), share=share))
