"""The candidature to a call for projects, one per map: the call it answers, who applies and where, the plans, the
annex texts and the pieces ready to join. Money is not typed here: it is the sum of the actions' budget lines (see
`Dossier.money`)."""
from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

NAME_MAX, CITE_MAX = 200, 120
# The free texts of the candidature: a topic of the annex, the evaluation or the communication plan is about a page
# (a page of the annex holds some 3,500 characters); the partners are a list of names, one a line.
TEXT_MAX, PARTNERS_MAX, ITEMS_MAX = 5_000, 2_000, 500
# The four contexts of the call (§3) a project may be part of, with their French names.
CONTEXTS = {
    "erbm": "Cité en cours de rénovation dans le cadre de l'ERBM",
    "qpv": "Quartier prioritaire de la politique de la ville (QPV)",
    "pat": "Lien avec un projet alimentaire territorial (PAT)",
    "cls": "Lien avec un contrat local de santé (CLS)",
}


# The call for projects a dossier answers, by default: a file of app/dossier/calls/ (`calls.DEFAULT`), the one every
# dossier made before calls were files answered.
DEFAULT_CALL = "ami-2026"


class Dossier(db.Model):
    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), unique=True)
    # The call it answers (the name of its file in app/dossier/calls/): its rules, annex topics and pieces apply.
    call: Mapped[str] = mapped_column(String(40), default=DEFAULT_CALL, server_default=DEFAULT_CALL)
    holder_type: Mapped[str | None] = mapped_column(String(24))  # the call's holders, or "autre"
    holder_name: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    territory: Mapped[str | None] = mapped_column(String(24))  # places.territories.TERRITORIES, or "autre"
    cite: Mapped[str] = mapped_column(String(CITE_MAX), default="")
    contexts: Mapped[list] = mapped_column(JSON, default=list)  # CONTEXTS codes
    partners: Mapped[str] = mapped_column(Text, default="")  # one per line
    # §5: how the project works with the neighbourhood's actors, the social landlords above all, or why without them.
    coordination: Mapped[str] = mapped_column(Text, default="", server_default="")
    filed_on: Mapped[date | None] = mapped_column(Date)  # sent on Démarche Numérique: the COPIL report's « before »
    notified_on: Mapped[date | None] = mapped_column(Date)  # known once the project is selected
    evaluation: Mapped[str] = mapped_column(Text, default="")
    communication: Mapped[str] = mapped_column(Text, default="")
    # {topic: text} and {topic: {"actions": [action ids], "items": [item numbers]}} over the annex topics of its
    # calls (a topic of another call it answered is kept).
    annex: Mapped[dict] = mapped_column(JSON, default=dict)
    citations: Mapped[dict] = mapped_column(JSON, default=dict)
    pieces_ready: Mapped[list] = mapped_column(JSON, default=list)  # codes of the pieces of its calls
    # What the comité de pilotage decided and what comes next, typed on the COPIL report (TEXT_MAX each).
    copil_decisions: Mapped[str] = mapped_column(Text, default="", server_default="")
    copil_next_steps: Mapped[str] = mapped_column(Text, default="", server_default="")
    # What the collective will go on doing by itself once the funding ends, typed on the compte rendu d'exécution
    # (TEXT_MAX): what the annex promised under « autonomie », told at the end.
    perspectives: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(default=1)

    map = relationship("Map")

    __mapper_args__ = {"version_id_col": version}

    @classmethod
    def of_map(cls, map_):
        """The map's dossier, a blank unsaved one until something is written in it: its territory is then the
        intercommunality of the map's commune (None when the map has none)."""
        found = db.session.scalar(select(cls).where(cls.map_id == map_.id))
        return found or cls(map=map_, call=DEFAULT_CALL, territory=map_.epci, contexts=[], annex={}, citations={},
                            pieces_ready=[], version=0)

    def cited(self, topic, kind):
        """The action ids ("actions") or item numbers ("items") an annex topic cites."""
        return list((self.citations or {}).get(topic, {}).get(kind, []))
