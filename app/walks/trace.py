"""Reading the route a tablet sends: every position so far, [lon, lat], with each fix's accuracy if known.

The whole route comes each time, so a request replayed from an offline queue changes nothing. A GPS now and
then gives a wild fix (0, 0, out of range, or metres off): such positions are dropped, not the whole route,
or the tablet would resend a refused route for ever.
"""
import math

import shapely
from shapely.geometry import LineString

from .. import json_input
from ..i18n import lazy_gettext as _l
from ..models.walk import ACCURACY_MAX_M, ROUTE_POSITIONS_MAX


class TraceError(ValueError):
    """A route that cannot be read at all; its message is French."""


def read_route(positions, accuracies=None):
    """The route as a LineString, or None when fewer than two distinct positions are usable.

    `positions` and `accuracies` are lists, or their JSON text (as a form field carries them).
    Returns (line or None, how many positions were dropped).
    """
    positions, accuracies = _list(positions), _list(accuracies) if accuracies not in (None, "") else None
    if len(positions) > ROUTE_POSITIONS_MAX:
        raise TraceError(_l("Le parcours compte trop de positions (%(max)d au plus).", max=ROUTE_POSITIONS_MAX))
    if accuracies is not None and len(accuracies) != len(positions):
        raise TraceError(_l("Le parcours est illisible : une précision par position est attendue."))
    kept = [p[:2] for i, p in enumerate(positions)
            if _plausible(p) and (accuracies is None or _precise(accuracies[i]))]
    dropped = len(positions) - len(kept)
    if len({tuple(p) for p in kept}) < 2:
        return None, dropped
    return shapely.remove_repeated_points(LineString(kept)), dropped


def _list(value):
    if isinstance(value, str):
        try:
            value = json_input.loads(value)
        except ValueError:
            raise TraceError(_l("Le parcours est illisible : une liste de positions [longitude, latitude] est "
                                "attendue.")) from None
    if not isinstance(value, list):
        raise TraceError(_l("Le parcours est illisible : une liste de positions [longitude, latitude] est attendue."))
    return value


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _plausible(position):
    """Two finite numbers within the bounds of the Earth, and not the (0, 0) of a GPS with no fix."""
    if not isinstance(position, list) or len(position) < 2 or not all(_number(v) for v in position[:2]):
        return False
    lon, lat = position[0], position[1]
    return -180 <= lon <= 180 and -90 <= lat <= 90 and (lon, lat) != (0, 0)


def _precise(accuracy):
    """Unknown accuracy (null) is kept; a fix worse than ACCURACY_MAX_M metres is not."""
    return accuracy is None or (_number(accuracy) and 0 <= accuracy <= ACCURACY_MAX_M)
