"""Writing a validated action form onto an action: its fields, its rows, the items it concerns."""
from ..models import BudgetLine, Feature, Indicator

FIELDS = ("kind", "title", "description", "starts_on", "ends_on", "status", "started_on", "finished_on", "lead_partner",
          "partners")


def save(action, form):
    """The action's fields and items become the form's; its rows are changed in place (a row keeps its id, and so
    its expenses or measurements), new ones added, those the form no longer has deleted (the form has checked
    that these have nothing hanging from them, and that every row it names is this action's)."""
    for name in FIELDS:
        setattr(action, name, getattr(form, name).data)
    action.budget_lines = _rows(action.budget_lines, form.filled_budget_lines(), BudgetLine)
    action.indicators = _rows(action.indicators, form.filled_indicators(), Indicator)
    # Items in the bin are not offered by the form: they stay linked, for the day they are restored.
    binned = [feature for feature in action.features if feature.is_deleted]
    action.features = Feature.several_in_map(action.map.id, form.features.data or []) + binned


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
