"""The one place that decides whether a request gets a whole page or just a fragment."""
import json

from flask import make_response, render_template

from .extensions import htmx


def wants_fragment():
    """A fragment only for a plain htmx request: boosted links and history restores need the page."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page, fragment, status=200, trigger=None, **context):
    """Render `fragment` for htmx and `page` otherwise; always `Vary: HX-Request`.

    `trigger` names the events (dict or str) sent in HX-Trigger so other regions can refresh.
    """
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    if trigger:
        response.headers["HX-Trigger"] = trigger if isinstance(trigger, str) else _json(trigger)
    return response


def _json(value):
    return json.dumps(value)
