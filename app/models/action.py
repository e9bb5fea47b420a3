"""A project action: what the collective will do (a shared orchard, a tool library, a seed swap), when, with
whom and for how much, and the items of the map it concerns."""
from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Date, ForeignKey, String, Table, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .lookups import OfMap
from .map import utcnow

TITLE_MAX, PARTNER_MAX, LABEL_MAX = 160, 200, 200
# An action's description is a paragraph or two of the annex; its partners a list of names, one a line.
DESCRIPTION_MAX, PARTNERS_MAX = 5_000, 2_000
# Where an action stands; the dossier's planning and the COPIL report read them.
STATUSES = {"idea": "Envisagée", "planned": "Prévue", "running": "En cours", "done": "Réalisée",
            "dropped": "Abandonnée"}
# Whether a co-funder (dossier.rules.FUNDERS' « Autre financeur ») has granted its share or is still asked.
COFUNDER_STATUSES = {"acquis": "acquis", "sollicite": "sollicité"}

# Many-to-many: an action concerns several items, an item serves several actions. Rows go with either side.
action_features = Table(
    "action_features", db.metadata,
    Column("action_id", ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    Column("feature_id", ForeignKey("features.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Action(OfMap, db.Model):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]  # 1, 2, 3…: the action's number in the dossier, changed by reordering
    kind: Mapped[str] = mapped_column(String(24))  # one of dossier.rules.ACTION_TYPES
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="planned")  # one of STATUSES
    # When it really started and ended, once the project runs: the planned dates above stay as the dossier said.
    started_on: Mapped[date | None] = mapped_column(Date)
    finished_on: Mapped[date | None] = mapped_column(Date)
    lead_partner: Mapped[str] = mapped_column(String(PARTNER_MAX), default="")
    partners: Mapped[str] = mapped_column(Text, default="")  # one per line, as written in the dossier
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    map = relationship("Map")
    budget_lines = relationship("BudgetLine", order_by="BudgetLine.position", cascade="all, delete-orphan",
                                back_populates="action")
    indicators = relationship("Indicator", order_by="Indicator.position", cascade="all, delete-orphan",
                              back_populates="action")
    features = relationship("Feature", secondary=action_features, order_by="Feature.number",
                            backref="actions")

    __mapper_args__ = {"version_id_col": version}

    @classmethod
    def of_map(cls, map_id):
        """A map's actions in their order."""
        return db.session.scalars(select(cls).where(cls.map_id == map_id).order_by(cls.position)).all()

    @classmethod
    def feature_ids(cls, map_id, action_id):
        """The ids of the items an action of that map concerns, sorted (none for an action of another map)."""
        query = (select(action_features.c.feature_id).join(cls, cls.id == action_features.c.action_id)
                 .where(cls.id == action_id, cls.map_id == map_id).order_by(action_features.c.feature_id))
        return list(db.session.scalars(query))

    @classmethod
    def add(cls, map_, **fields):
        """A new action at the end of the map's list."""
        last = db.session.scalar(select(func.max(cls.position)).where(cls.map_id == map_.id)) or 0
        action = cls(map=map_, position=last + 1, **fields)
        db.session.add(action)
        return action

    def move(self, step):
        """Swap with the action `step` places before (-1) or after (+1); nothing at either end."""
        neighbours = Action.of_map(self.map_id)
        index = neighbours.index(self) + step
        if 0 <= index < len(neighbours):
            other = neighbours[index]
            self.position, other.position = other.position, self.position

    def remove(self):
        """Delete the action; the ones after it move up a number, the items it concerned stay on the map."""
        for later in Action.of_map(self.map_id):
            if later.position > self.position:
                later.position -= 1
        db.session.delete(self)

    @property
    def total_cents(self):
        return sum(line.amount_cents for line in self.budget_lines)

    def indicator(self, indicator_id):
        """One of its objectifs chiffrés; None for another action's."""
        return next((indicator for indicator in self.indicators if indicator.id == indicator_id), None)

    @property
    def realised_cents(self):
        """What the realised expenses of its budget lines come to, committed or paid."""
        return sum(line.realised_cents for line in self.budget_lines)

    @property
    def live_features(self):
        """The items it concerns that are not in the bin."""
        return [feature for feature in self.features if not feature.is_deleted]

    @property
    def start_day(self):
        """When it started, as far as is known: the real start once given, else the planned one (None: neither)."""
        return self.started_on or self.starts_on

    @property
    def end_day(self):
        """When it ended, as far as is known: the real end once given, else the planned one (None: neither)."""
        return self.finished_on or self.ends_on


class _ActionRow:
    """What a row of an action's form (a budget line, an indicator) is: a labelled row of one action, in order."""
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(LABEL_MAX))


class BudgetLine(_ActionRow, db.Model):
    """An expected expense of an action: money is integer cents, never a float."""
    __tablename__ = "budget_lines"

    amount_cents: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(24))  # one of dossier.rules.EXPENSE_KINDS
    funder: Mapped[str] = mapped_column(String(24))  # one of dossier.rules.FUNDERS
    # Who that « Autre financeur » is and one of COFUNDER_STATUSES; empty for the other funders.
    cofunder: Mapped[str] = mapped_column(String(PARTNER_MAX), default="", server_default="")
    cofunder_status: Mapped[str] = mapped_column(String(12), default="", server_default="")

    action = relationship("Action", back_populates="budget_lines")
    expenses = relationship("Expense", order_by="(Expense.spent_on, Expense.id)", cascade="all, delete-orphan",
                            back_populates="budget_line")

    @property
    def realised_cents(self):
        """What was really spent on it: committed (engagée) and paid (payée) alike."""
        return sum(expense.amount_cents for expense in self.expenses)

    @property
    def paid_cents(self):
        return sum(expense.amount_cents for expense in self.expenses if expense.status == "payee")

    @property
    def cofunder_status_label(self):
        """« acquis », « sollicité », or nothing when unsaid."""
        return COFUNDER_STATUSES.get(self.cofunder_status, "")


class Indicator(_ActionRow, db.Model):
    """An *objectif chiffré*: what the action aims at (40 households involved) and what it reached."""
    __tablename__ = "indicators"

    target: Mapped[int]
    reached: Mapped[int | None]

    action = relationship("Action", back_populates="indicators")
    measurements = relationship("Measurement", order_by="(Measurement.measured_on, Measurement.id)",
                                cascade="all, delete-orphan", back_populates="indicator")

    @property
    def latest_measurement(self):
        """The last count by date (the last typed, of one day; one not yet flushed is the last typed); None before
        the first. Sorted here rather than trusted from the list's order, which a count just added does not keep."""
        return max(self.measurements, key=lambda m: (m.measured_on, m.id is None, m.id or 0), default=None)

    @property
    def current_reached(self):
        """**What « reached » means**, wherever it is shown or counted (the action's page, the COPIL report, the
        dossier's answers and documents): the latest measurement once there is one, else the figure typed on the
        action's form before measurements existed (None when neither says anything)."""
        latest = self.latest_measurement
        return latest.value if latest else self.reached

    @property
    def reached_on(self):
        """The day of the count `current_reached` is, or None when it is the typed figure (or nothing)."""
        latest = self.latest_measurement
        return latest.measured_on if latest else None

    def measure(self, measured_on, value, counted_by=""):
        """Add a dated count; it is the latest when no other is of a later day."""
        measurement = Measurement(measured_on=measured_on, value=value, counted_by=counted_by)
        self.measurements.append(measurement)
        return measurement

    def measurement(self, measurement_id):
        """One of its measurements; None for another indicator's."""
        return next((measurement for measurement in self.measurements if measurement.id == measurement_id), None)


class Measurement(db.Model):
    """What was counted for an indicator on a day (32 households came to the seed swap), and who counted."""
    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[int]
    counted_by: Mapped[str] = mapped_column(String(PARTNER_MAX), default="")  # a name or an organisation, as typed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    indicator = relationship("Indicator", back_populates="measurements")
