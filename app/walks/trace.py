"""Reading the route a tablet sends: every position so far, [lon, lat], with each fix's accuracy if known, and the
breaks where nothing could be recorded (the screen asleep, the page hidden).

The whole route comes each time, so a request replayed from an offline queue changes nothing. A GPS now and
then gives a wild fix (0, 0, out of range, or metres off): such positions are dropped, not the whole route,
or the tablet would resend a refused route for ever. A break is {"after": how many positions came before it,
"from": when recording stopped, "until": when it went on}, times in ISO 8601 with their zone.
"""
import math
import statistics
from dataclasses import dataclass
from datetime import datetime

from shapely.geometry import LineString

from .. import json_input
from ..i18n import lazy_gettext as _l
from ..models.walk import ACCURACY_MAX_M, ROUTE_BREAKS_MAX, ROUTE_POSITIONS_MAX


class TraceError(ValueError):
    """A route that cannot be read at all; its message is French."""


@dataclass(frozen=True)
class Route:
    """A route as read: its line (None under two distinct positions), its breaks (their `after` counting the
    positions kept), its typical accuracy in metres (None when no fix told it), and how many positions were dropped."""
    line: LineString | None
    breaks: list
    accuracy_m: float | None
    dropped: int


def read_route(positions, accuracies=None, breaks=None):
    """The route sent, as a Route.

    `positions`, `accuracies` and `breaks` are lists, or their JSON text (as a form field carries them).
    """
    positions, accuracies = _list(positions), _list(accuracies) if accuracies not in (None, "") else None
    if len(positions) > ROUTE_POSITIONS_MAX:
        raise TraceError(_l("Le parcours compte trop de positions (%(max)d au plus).", max=ROUTE_POSITIONS_MAX))
    if accuracies is not None and len(accuracies) != len(positions):
        raise TraceError(_l("Le parcours est illisible : une précision par position est attendue."))
    breaks = _breaks(breaks, len(positions))
    kept, precisions, kept_before = [], [], []  # kept_before[i]: how many were kept among the first i sent
    for i, position in enumerate(positions):
        kept_before.append(len(kept))
        accuracy = accuracies[i] if accuracies is not None else None
        if not _plausible(position) or not _precise(accuracy) or (kept and kept[-1] == position[:2]):
            continue  # a wild fix, or the same place again (which would make an empty piece of line)
        kept.append(position[:2])
        if accuracy is not None:
            precisions.append(accuracy)
    kept_before.append(len(kept))
    breaks = [{**gap, "after": kept_before[gap["after"]]} for gap in breaks]
    line = LineString(kept) if len(kept) >= 2 else None
    accuracy = round(statistics.median(precisions), 1) if precisions and line is not None else None
    return Route(line, breaks, accuracy, len(positions) - len(kept))


def _list(value, what=None):
    message = what or _l("Le parcours est illisible : une liste de positions [longitude, latitude] est attendue.")
    if isinstance(value, str):
        try:
            value = json_input.loads(value)
        except ValueError:
            raise TraceError(message) from None
    if not isinstance(value, list):
        raise TraceError(message)
    return value


def _breaks(value, count):
    """The breaks sent, checked: each after the one before, within the positions sent, ending after it began."""
    if value in (None, ""):
        return []
    message = _l("Le parcours est illisible : une interruption est {after, from, until}, dans l'ordre du parcours.")
    value = _list(value, message)
    if len(value) > ROUTE_BREAKS_MAX:
        raise TraceError(_l("Le parcours compte trop d'interruptions (%(max)d au plus).", max=ROUTE_BREAKS_MAX))
    breaks, last = [], (0, None)
    for gap in value:
        if not isinstance(gap, dict) or set(gap) != {"after", "from", "until"}:
            raise TraceError(message)
        after, began, ended = gap["after"], _moment(gap["from"]), _moment(gap["until"])
        if (not isinstance(after, int) or isinstance(after, bool) or not 0 <= after <= count
                or None in (began, ended) or ended < began or after < last[0] or (last[1] and began < last[1])):
            raise TraceError(message)
        breaks.append({"after": after, "from": began.isoformat(), "until": ended.isoformat()})
        last = (after, ended)
    return breaks


def _moment(value):
    """An ISO 8601 time with its zone, or None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


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
