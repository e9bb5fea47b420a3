"""The clusters of a crowded view, sized in screen pixels so that none overlaps another: the view's zoom cuts the
world into a grid of CELL_PX squares (the same grid whatever the view, so that moving the map moves no cluster),
each square's items are counted (read from the counts kept per square, models/cell.py, at the zooms they are kept
at), and each count is drawn inside its own square, with the radius it sends (layer.js draws that radius as it is:
the two sides cannot disagree)."""
import math

from .. import geo
from ..formats import geojson
from ..models import Feature, FeatureCell
from ..models.cell import CELL_PX, KEPT_ZOOMS

# Half of the white outline layer.js draws around a cluster (its weight is 2), outside the radius.
OUTLINE_PX = 1
# From this zoom a view is a few streets: its items are drawn, not counted, up to NEAR_THRESHOLD_FACTOR times the
# cluster threshold (so that an answer stays bounded however dense a map is).
ITEMS_FROM_ZOOM = 17
NEAR_THRESHOLD_FACTOR = 4
# A view asked without its zoom (the copy kept offline, an old page) is taken as a 1024-pixel map padded by a
# quarter each side, as layer.js asks; a view wider than VIEW_PX_MAX at the zoom it names (no screen is) is counted
# at the zoom it fits in, so that the grid never has more than (VIEW_PX_MAX / CELL_PX)² squares.
VIEW_PX_GUESSED = 1536
VIEW_PX_MAX = 4096


def view_zoom(bbox, asked_zoom):
    """The zoom a view's clusters are counted at: the one the map asks, unless the view is wider than a screen."""
    widest = geo.zoom_fitting(bbox, VIEW_PX_MAX)
    return min(widest, geo.zoom_fitting(bbox, VIEW_PX_GUESSED) if asked_zoom is None else asked_zoom)


def threshold_at(zoom, cluster_threshold):
    """How many items a view at that zoom may show before it shows clusters."""
    return cluster_threshold * NEAR_THRESHOLD_FACTOR if zoom >= ITEMS_FROM_ZOOM else cluster_threshold


def radius(count):
    """A cluster's radius in pixels: it grows with its count, up to what leaves a margin to its neighbours."""
    return round(min(CELL_PX * 0.4, 12 + 2.5 * math.log2(count)), 1)


def cluster_texts(map_, view, zoom, category_ids=None, only_ids=None):
    """The GeoJSON texts of the view's clusters at that zoom."""
    if zoom in KEPT_ZOOMS and only_ids is None:
        # Read from the squares the view covers: the cost is bounded by the view, whatever the map's size.
        rows = FeatureCell.clusters_in_view(map_, view, zoom, category_ids)
    else:
        # A view of a few streets at a near zoom, or an action's items: bounded by what is in it.
        rows = Feature.clusters_in_view(map_, view, zoom, CELL_PX, category_ids, only_ids)
    return [_cluster_text(zoom, *row) for row in rows]


def _cluster_text(zoom, column, row, lon, lat, count):
    # At its members' centroid, kept far enough inside its square that its circle stays in it: two neighbours'
    # circles are then at least the sum of their radii apart.
    size = radius(count)
    inset = size + OUTLINE_PX
    x, y = geo.to_pixel(lon, lat, zoom)
    x = min(max(x, column * CELL_PX + inset), (column + 1) * CELL_PX - inset)
    y = min(max(y, row * CELL_PX + inset), (row + 1) * CELL_PX - inset)
    return geojson.cluster_feature(*geo.from_pixel(x, y, zoom), count, size)
