"""How big a request may be: MAX_CONTENT_LENGTH for every route, and a larger limit that a route names for itself
(`@allows_body("BACKUP_MAX_CONTENT_LENGTH")`). The limit is the request's own, known from its route before anything
reads its body, since the CSRF check parses the form before the view runs."""
from flask import Request, current_app

LIMIT_ATTRIBUTE = "body_limit_setting"


def allows_body(setting):
    """The decorated view takes requests up to the configuration's `setting` bytes instead of MAX_CONTENT_LENGTH."""
    def decorate(view):
        setattr(view, LIMIT_ATTRIBUTE, setting)
        return view
    return decorate


def _limit(request):
    """The limit set on this request, else the one its route allows, else MAX_CONTENT_LENGTH."""
    view = current_app.view_functions.get(request.endpoint) if current_app and request.endpoint else None
    setting = getattr(view, LIMIT_ATTRIBUTE, None)
    if setting and request._max_content_length is None:
        return current_app.config[setting]
    return Request.max_content_length.fget(request)


class BodyLimitedRequest(Request):
    """Flask's request, whose size limit is the one its route allows."""

    max_content_length = property(_limit, Request.max_content_length.fset)
