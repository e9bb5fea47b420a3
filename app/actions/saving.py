"""Writing a validated action form onto an action: its fields, its rows, the items it concerns."""
from ..models import BudgetLine, Feature, Indicator


def save(action, form):
    """Replace the action's fields, budget lines, indicators and items by those of the form."""
    for name in ("kind", "title", "description", "starts_on", "ends_on", "status", "lead_partner", "partners"):
        setattr(action, name, getattr(form, name).data)
    action.budget_lines = [BudgetLine(position=index, **fields)
                           for index, fields in enumerate(form.filled_budget_lines())]
    action.indicators = [Indicator(position=index, label=label, target=target, reached=reached)
                         for index, (label, target, reached) in enumerate(form.filled_indicators())]
    # Items in the bin are not offered by the form: they stay linked, for the day they are restored.
    binned = [feature for feature in action.features if feature.is_deleted]
    action.features = Feature.several_in_map(action.map.id, form.features.data or []) + binned
