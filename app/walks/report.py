"""What the report of a diagnostic en marchant shows: the items noted and their comments, the counts by category,
the route and where it was not recorded; on its printable page, the map of it all drawn as the documents draw
theirs (`documents/figure.py`: numbers that never hide each other, over the basemap)."""
from flask import current_app

from .. import geo
from ..documents import figure
from ..models import Comment
from ..printing import tiles

ROUTE_COLOUR = "#d9480f"
FIGURE_MM = 180  # the page's width in print (A4, 14 mm margins): the basemap's zoom suits it


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
    }


def report_figure(walk, noted):
    """The SVG of the route (its breaks dashed) and the items noted with their numbers, over the first basemap, as
    `figure.svg` makes it (Markup that holds no typed text: see there). None with nothing to show."""
    route, gaps = walk.route_pieces()
    overlays = [figure.Overlay(route, ROUTE_COLOUR)] if route is not None else []
    overlays += [figure.Overlay(gaps, ROUTE_COLOUR, dashed=True)] if gaps is not None else []
    if not overlays and not noted:
        return None
    basemaps = current_app.config["BASEMAPS"]
    underlay = tiles.Underlay(basemaps[0], FIGURE_MM, current_app.config["PRINT_TILE_DIR"]) if basemaps else None
    drawn = [figure.Drawn(item.shape, item.number, item.category.colour) for item in noted]
    return figure.svg(drawn, aspect=0.62, projection=figure.WebMercator, backdrop=underlay, overlays=overlays)


def duration_label(duration):
    """« 1 h 05 min », « 25 min »: how long a walk lasted, as a facilitator writes it."""
    minutes = max(0, round(duration.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
