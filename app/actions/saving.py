"""Writing a validated action form onto an action: its fields, its rows, the items it concerns."""
from sqlalchemy import func, select, update

from ..extensions import db
from ..models import BudgetLine, Expense, Feature, Indicator, Measurement

FIELDS = ("kind", "title", "description", "starts_on", "ends_on", "status", "started_on", "finished_on", "lead_partner",
          "partners")


class RowsInUse(Exception):
    """A row the form removes was given expenses or measurements after the form was checked (by another request):
    nothing is saved, and the form is checked again, which now says so next to the row."""


def save(action, form):
    """The action's fields and items become the form's; its rows are changed in place (a row keeps its id, and so
    its expenses or measurements), new ones added, those the form no longer has deleted (the form has checked
    that these have nothing hanging from them, and that every row it names is this action's)."""
    for name in FIELDS:
        setattr(action, name, getattr(form, name).data)
    lines, indicators = form.filled_budget_lines(), form.filled_indicators()
    _hold_removed(BudgetLine, _removed(action.budget_lines, lines), Expense.budget_line_id)
    _hold_removed(Indicator, _removed(action.indicators, indicators), Measurement.indicator_id)
    action.budget_lines = _rows(action.budget_lines, lines, BudgetLine)
    action.indicators = _rows(action.indicators, indicators, Indicator)
    # Items in the bin are not offered by the form: they stay linked, for the day they are restored.
    binned = [feature for feature in action.features if feature.is_deleted]
    action.features = Feature.several_in_map(action.map.id, form.features.data or []) + binned


def _removed(stored, filled):
    kept = {str(row_id) for row_id, _fields in filled}
    return [row.id for row in stored if str(row.id) not in kept]


def _hold_removed(model, ids, child_key):
    """The rows about to be deleted are locked, then found still without children, or RowsInUse: their foreign keys
    cascade, so a child added since the form's check would go with them unseen. A write to them takes SQLite's one
    write lock; PostgreSQL's FOR UPDATE holds a new child's insert (its foreign key check) until the commit, when it
    is refused with its row gone."""
    if not ids:
        return
    db.session.execute(update(model).where(model.id.in_(ids)).values(position=model.position)
                       .execution_options(synchronize_session=False))
    db.session.execute(select(model.id).where(model.id.in_(ids)).with_for_update())
    if db.session.scalar(select(func.count()).where(child_key.in_(ids))):
        raise RowsInUse


def _rows(stored, filled, model):
    """The rows as the form has them, in its order: the stored ones it names changed, the others new. Those left
    out are no longer in the list, and the relationship's delete-orphan deletes them."""
    by_id = {str(row.id): row for row in stored}
    rows = []
    for position, (row_id, fields) in enumerate(filled):
        row = by_id.get(str(row_id)) or model()
        for name, value in {"position": position, **fields}.items():
            setattr(row, name, value)
        rows.append(row)
    return rows
