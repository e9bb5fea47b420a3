"""What the report of a diagnostic en marchant shows: the items noted, the counts by category, the route."""
from .. import geo
from ..formats.geojson import collection


def report_context(walk):
    """Everything the report (page or panel) needs beyond the walk itself."""
    noted = walk.noted()
    counts = walk.counts_by_category()
    route = walk.route_shape
    return {
        "noted": noted,
        "counts": counts,
        "duration": duration_label(walk.duration),
        "route_geojson": geo.shape_to_geojson(route) if route is not None else "",
        "noted_geojson": collection([feature.as_geojson() for feature in noted]),
        "styles": {str(category.id): {"colour": category.colour, "label": category.label} for category, _ in counts},
    }


def duration_label(duration):
    """« 1 h 05 min », « 25 min »: how long a walk lasted, as a facilitator writes it."""
    minutes = max(0, round(duration.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
