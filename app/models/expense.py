"""What a running project really spent on a budget line, and the receipts (PDF or photo) that prove it."""
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .map import utcnow

SUPPLIER_MAX, LABEL_MAX = 200, 200
# An expense is first committed (a quote signed, an order placed), then paid; the financing plan counts both.
STATUSES = {"engagee": "Engagée", "payee": "Payée"}


class Expense(db.Model):
    """A realised expense of a budget line: money is integer cents, never a float."""
    __tablename__ = "expenses"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(LABEL_MAX), default="")  # what was bought, as typed
    supplier: Mapped[str] = mapped_column(String(SUPPLIER_MAX), default="")
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    spent_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="engagee")  # one of STATUSES
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)  # who typed it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    budget_line = relationship("BudgetLine", back_populates="expenses")
    receipts = relationship("Receipt", order_by="Receipt.id", cascade="all, delete-orphan", back_populates="expense")

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self):
        return STATUSES.get(self.status, "")

    @classmethod
    def get_in_map(cls, map_id, expense_id):
        """The expense of one of that map's budget lines with this id, or None (another map's is not reachable)."""
        from .action import Action, BudgetLine
        query = (select(cls).join(BudgetLine, BudgetLine.id == cls.budget_line_id)
                 .join(Action, Action.id == BudgetLine.action_id).where(cls.id == expense_id, Action.map_id == map_id))
        return db.session.scalar(query)

    def receipt(self, receipt_id):
        """One of its receipts by id, or None."""
        return next((receipt for receipt in self.receipts if receipt.id == receipt_id), None)


class Receipt(db.Model):
    """A receipt of an expense: the stored file, checked by its content; private to the map's members."""
    __tablename__ = "receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    expense_id: Mapped[int] = mapped_column(ForeignKey("expenses.id", ondelete="CASCADE"), index=True)
    # The stored file's name (random, so that names say nothing) and what its content was found to be.
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # "pdf" or "image": found by reading the file, never by its name
    size: Mapped[int]  # bytes, as served
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)  # who gave it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    expense = relationship("Expense", back_populates="receipts")
