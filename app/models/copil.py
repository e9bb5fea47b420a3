"""The comité de pilotage's meetings: when it met, who came, the COPIL report as it stood that day, and what it
decided, each decision with its owner and due date, and the action it became or updated."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from .lookups import OfMap
from .map import utcnow

# The attendees are a list of names or organisations, one a line; a decision a sentence or a short paragraph.
ATTENDEES_MAX, DECISION_MAX, OWNER_MAX = 2_000, 2_000, 200
# What a decision did to the map's actions: nothing (yet), a new action, or an action's status and/or end changed.
CREATED, UPDATED = "created", "updated"


class CopilMeeting(OfMap, db.Model):
    __tablename__ = "copil_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[str] = mapped_column(Text, default="")  # one a line, as typed
    # The COPIL report frozen when the meeting was recorded: the plain figures `dossier.copil.freeze` took (JSON, never
    # markup), which the report's one template shows again, so later changes to the map or the project leave it alone.
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set by every save, so that a save of its decisions alone still moves the version on (an UPDATE of this row).
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    decisions = relationship("CopilDecision", order_by="CopilDecision.position", cascade="all, delete-orphan",
                             back_populates="meeting")

    __mapper_args__ = {"version_id_col": version}

    @classmethod
    def of_map(cls, map_id):
        """A map's meetings, the newest first."""
        return db.session.scalars(select(cls).where(cls.map_id == map_id)
                                  .order_by(cls.held_on.desc(), cls.id.desc())).all()

    @property
    def attendee_list(self):
        return [line.strip() for line in (self.attendees or "").splitlines() if line.strip()]


class CopilDecision(db.Model):
    """What the committee decided, who sees to it and by when; `action` is the action it became or updated."""
    __tablename__ = "copil_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("copil_meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(OWNER_MAX), default="")  # a name or an organisation, as typed
    due_on: Mapped[date | None] = mapped_column(Date)
    # The action stays when the decision goes, and the decision when the action is deleted (then it names none).
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="SET NULL"), index=True)
    outcome: Mapped[str] = mapped_column(String(12), default="")  # "", CREATED or UPDATED
    # What an UPDATED decision gave its action, kept to say so beside it (None: left as it was).
    set_status: Mapped[str | None] = mapped_column(String(12))
    set_ends_on: Mapped[date | None] = mapped_column(Date)

    meeting = relationship("CopilMeeting", back_populates="decisions")
    action = relationship("Action", backref=backref("decisions", order_by="CopilDecision.id", passive_deletes=True))
