"""TCX, GPX's cousin from Garmin (watches, Garmin Connect and Strava exports): `read` each Track of its activities'
laps and of its courses as a line, from the defused XML tree. A track of a single position is a point (said in the
file's notice, as for GPX); trackpoints without a Position (a pause, an indoor lap) are skipped. Each item is named
by its course's name, or by its activity's sport and start time; the activity's notes are its description."""

from ..i18n import lazy_gettext as _l
from .items import Item, Reading, coordinate, finished, item, line_of
from .trees import child, local, root_of, text

SECTIONS = {"Activities": "Activity", "Courses": "Course"}


def read(data, tree=None):
    root = root_of(data, tree)
    reading = Reading(field_names=["name", "description", "sport"])
    for section in root:
        for activity in (found for found in section if local(found) == SECTIONS.get(local(section))):
            fields = _fields(activity)
            tracks = [track for lap in activity if local(lap) == "Lap" for track in lap if local(track) == "Track"]
            tracks += [track for track in activity if local(track) == "Track"]  # a course's own
            for number, track in enumerate(tracks, start=1):
                reading.check_count(1)
                reading.items.append(_track(track, dict(fields, tour=str(number)) if len(tracks) > 1 else fields))
    if any("tour" in found.fields for found in reading.items):
        reading.add_field_names(["tour"])
    return finished(reading)


def _fields(activity):
    sport = activity.get("Sport", "").strip()
    name = text(activity, "Name") or " ".join(part for part in (sport, text(activity, "Id")) if part)
    fields = {"name": name, "description": text(activity, "Notes"), "sport": sport}
    return {key: value for key, value in fields.items() if value}


def _track(track, fields):
    try:
        positions = [(coordinate(text(position, "LongitudeDegrees")), coordinate(text(position, "LatitudeDegrees")))
                     for point in track if local(point) == "Trackpoint"
                     for position in [child(point, "Position")] if position is not None]
    except ValueError:
        return Item(None, dict(fields), _l("coordonnées illisibles"))
    shape, mended = line_of(positions)
    if shape is None:
        return Item(None, dict(fields), _l("trace sans aucune position"))
    found = item(shape, dict(fields))
    found.mended = mended if found.shape is not None else None
    return found
