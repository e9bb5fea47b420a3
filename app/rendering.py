"""The one place that decides whether a request gets a whole page or just a fragment."""
import json

from flask import Response, jsonify, make_response, render_template, request

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


def json_error(message, status=400):
    """A French message for the map's scripts, as {"error": …}."""
    response = jsonify(error=str(message))
    response.status_code = status
    return response


def not_modified(etag):
    """A 304 when the browser already holds this version (If-None-Match), else None."""
    return revalidated(Response(status=304), etag) if request.if_none_match.contains_weak(etag) else None


def revalidated(response, etag):
    """Give the response its ETag; the browser keeps it but asks again each time, with If-None-Match."""
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = "no-cache"
    return response
