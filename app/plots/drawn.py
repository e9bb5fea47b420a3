"""A plot drawn by hand in its zone: inside it, off the zone's other plots (the geometry is `split.check_plot`'s)."""
from ..models.plot import Plot
from .split import check_plot


def plot_problems(zone, shape, editing=None):
    """French messages on `shape` as a plot of `zone`; `editing`: the Plot being redrawn, no neighbour of itself."""
    others = [(plot.feature.title, plot.feature.shape) for plot in Plot.of_zone(zone.id)
              if editing is None or plot.feature_id != editing.feature_id]
    return check_plot(zone.shape, shape, others)
