"""Writing a validated dossier form onto the dossier."""
from sqlalchemy import update

from ..extensions import db
from ..models import Dossier
from . import rules

TEXTS = ("holder_name", "cite", "partners", "coordination", "evaluation", "communication")
COPIL_TEXTS = ("copil_decisions", "copil_next_steps")
CHOICES = ("holder_type", "territory")  # "" (not chosen yet) is stored as None
LISTS = ("contexts", "pieces_ready")


def save(dossier, form):
    """Replace the dossier's fields, annex texts and citations by those of the form."""
    for name in TEXTS:
        setattr(dossier, name, getattr(form, name).data or "")
    for name in CHOICES:
        setattr(dossier, name, getattr(form, name).data or None)
    for name in LISTS:
        setattr(dossier, name, list(getattr(form, name).data or []))
    dossier.filed_on, dossier.notified_on = form.filed_on.data, form.notified_on.data
    topics = dict(zip(rules.ANNEX_TOPICS, form.topics(), strict=True))
    dossier.annex = {code: topic.text.data or "" for code, topic in topics.items()}
    dossier.citations = {code: {"actions": list(topic.actions.data or []), "items": topic.numbers()}
                         for code, topic in topics.items()}


def save_copil(dossier, form):
    """Replace the COPIL report's decisions and next steps by those of the form (in the session, to commit).

    An existing dossier's row is updated apart from its version: the dossier's form writes none of these fields, so
    saving them must not make a dossier form someone has open stale (a false « someone saved meanwhile »)."""
    save_apart(dossier, {name: getattr(form, name).data or "" for name in COPIL_TEXTS})


def save_apart(dossier, values):
    """Write these fields of the dossier (in the session, to commit) apart from its version: the dossier's form
    writes none of the texts kept on the other pages (the COPIL report, the compte rendu d'exécution)."""
    if dossier.id is None:
        for name, value in values.items():
            setattr(dossier, name, value)
        db.session.add(dossier)
        return
    db.session.execute(update(Dossier).where(Dossier.id == dossier.id).values(**values)
                       .execution_options(synchronize_session=False))
