"""Writing a validated dossier form onto the dossier."""
from sqlalchemy import update

from ..extensions import db
from ..models import Dossier

TEXTS = ("holder_name", "cite", "partners", "coordination", "evaluation", "communication")
COPIL_TEXTS = ("copil_decisions", "copil_next_steps")
CHOICES = ("holder_type", "territory")  # "" (not chosen yet) is stored as None


def save(dossier, form):
    """Replace the dossier's fields, annex texts and citations by those of the form, and its call by the one chosen.

    The form holds the topics and pieces of the call it was made for (`form.answered`): those of another call the
    dossier answered before are kept, so that choosing that call again finds them as they were."""
    for name in TEXTS:
        setattr(dossier, name, getattr(form, name).data or "")
    for name in CHOICES:
        if name in form:
            setattr(dossier, name, getattr(form, name).data or None)
    dossier.call = form.call.data
    dossier.contexts = list(form.contexts.data or [])
    offered = form.answered.pieces
    dossier.pieces_ready = [*(code for code in dossier.pieces_ready or () if code not in offered),
                            *(form.pieces_ready.data or [])]
    dossier.filed_on, dossier.notified_on = form.filed_on.data, form.notified_on.data
    topics = dict(zip(form.answered.annex_topics, form.topics(), strict=True))
    dossier.annex = {**(dossier.annex or {}), **{code: topic.text.data or "" for code, topic in topics.items()}}
    dossier.citations = {**(dossier.citations or {}), **{
        code: {"actions": list(topic.actions.data or []), "items": topic.numbers()} for code, topic in topics.items()}}


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
