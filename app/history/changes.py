"""The change feed: what changed on a map after a revision number, for open maps to update live."""
import json

from flask import Response
from flask_babel import gettext as _

from ..loaders import id_number
from ..models import Feature, Revision
from ..rendering import json_error, not_modified, revalidated

# Past this many changes, the page reloads its view (a bounded answer) rather than receive them one by one:
# what the feed carries never grows with the map, whatever revision it is asked from.
MAX_CHANGES = 500


def changes_response(map_, since_text):
    """JSON {revision, legend, removed, features} for the changes after `since`; cheap when there are none;
    {revision, reload: true, …} when there are more than MAX_CHANGES."""
    try:
        since = id_number(since_text)  # a revision number, bounded as ids are
    except ValueError:
        return json_error(_("Indiquez depuis quelle révision (un nombre entier)."))
    etag = f"changes-{map_.id}-{map_.revision}-{since}"
    if cached := not_modified(etag):
        return cached
    revisions = Revision.since(map_.id, since, limit=MAX_CHANGES + 1) if since < map_.revision else []
    if len(revisions) > MAX_CHANGES:  # a page left behind (or asking from the start): it reloads its view
        body = f'{{"revision":{map_.revision:d},"reload":true,"legend":true,"removed":[],"features":[]}}'
        return revalidated(Response(body, mimetype="application/json"), etag)
    feature_ids = {r.feature_id for r in revisions if r.feature_id is not None}
    features = Feature.several_in_map(map_.id, feature_ids) if feature_ids else []
    legend = json.dumps(any(r.action == "legend" for r in revisions))
    # An owner's erasure of someone's items deletes them for good, their revisions with them: its own entry names them.
    purged = [number for r in revisions if r.action == "erased" for number in (r.after or {}).get("removed", [])]
    removed = json.dumps([f.id for f in features if f.is_deleted] + purged)
    changed = ",".join(f.as_geojson() for f in features if not f.is_deleted)
    body = f'{{"revision":{map_.revision:d},"legend":{legend},"removed":{removed},"features":[{changed}]}}'
    return revalidated(Response(body, mimetype="application/json"), etag)

