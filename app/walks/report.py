"""What the report of a diagnostic en marchant shows: the items noted and their comments, the counts by category,
the route and where it was not recorded."""
from .. import geo
from ..formats.geojson import collection
from ..models import Comment


def report_context(walk):
    """Everything the report (page or panel) needs beyond the walk itself."""
    noted = walk.noted()
    counts = walk.counts_by_category()
    route, gaps = walk.route_pieces()
    return {
        "noted": noted,
        "comments": Comment.of_features([feature.id for feature in noted]),
        "counts": counts,
        "duration": duration_label(walk.duration),
        "route_geojson": geo.shape_to_geojson(route) if route is not None else "",
        "gaps_geojson": geo.shape_to_geojson(gaps) if gaps is not None else "",
        "line_geojson": geo.shape_to_geojson(walk.route_shape) if walk.route is not None else "",  # unbroken
        "noted_geojson": collection([feature.as_geojson() for feature in noted]),
        "styles": {str(category.id): {"colour": category.colour, "label": category.label} for category, _ in counts},
    }


def duration_label(duration):
    """« 1 h 05 min », « 25 min »: how long a walk lasted, as a facilitator writes it."""
    minutes = max(0, round(duration.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
