"""The server log: one record is one line, whatever text a person put into it; one line per request.

The log is where an administrator reads the secret links to relay by hand (app/mail.py): a name or a path with a
line break in it must not be able to write a line of its own there, that looks like one of them.

Each line is a JSON object (time, level, logger, message, the request's id, and an error's traceback), which any
log shipper reads as it is and `jq` filters. A request is one line of its own: method, route, status, duration and
id. The route is the URL's rule (`/contribuer/<token>`), never the path or the query string a person sent: they
carry secret links and places. No address, e-mail, name or IP goes in (an IP is personal data under the RGPD, and
no line needs one to be read); gunicorn and nginx write no access line of their own, for those reasons.
"""
import json
import logging
import re
import secrets
import time
from datetime import UTC, datetime

from flask import current_app, has_request_context, request
from flask.logging import default_handler, wsgi_errors_stream

# Every control character (line breaks first), and the line separators of Unicode, shown as Python writes them.
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(32), 0x7F, 0x85)}
_ESCAPES.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", 0x2028: "\\u2028", 0x2029: "\\u2029"})
# What JSON leaves as it is yet some readers take as the end of a line, written as JSON escapes.
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in (0x7F, 0x85, 0x2028, 0x2029)}

# PostgreSQL's DETAIL line of an error quotes the row's values (« Key (email)=(…) already exists »); the statement's
# own parameters are hidden by the engine (hide_parameters, app/__init__.py).
_DATABASE_DETAIL = re.compile(r"^DETAIL:.*$", re.MULTILINE)

REQUEST_ID_HEADER = "X-Request-ID"
# An id the proxy gave (nginx's $request_id is 32 hex digits) is kept when it is a short plain token; anything else
# could be text a person chose, written into every line of their request.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_STARTED, _ID = "voyette.started", "voyette.request_id"  # kept in the request's WSGI environ
REQUEST_FIELDS = ("method", "route", "status", "ms")


class OneLinePerRecord(logging.Filter):
    """Escapes what could end the line in a record's message, its arguments merged in (the traceback of an error is
    escaped by `JsonLines`, which writes it)."""

    def filter(self, record):
        message = record.getMessage()
        escaped = message.translate(_ESCAPES)
        if escaped != message:
            record.msg, record.args = escaped, None
        return True


class WithRequestId(logging.Filter):
    """Stamps a record logged while a request is answered with that request's id, so its lines can be gathered."""

    def filter(self, record):
        if has_request_context() and _ID in request.environ:
            record.request_id = request.environ[_ID]
        return True


class JsonLines(logging.Formatter):
    """A record as one line of JSON; French text stays readable (no \\u escapes but for line separators)."""

    def format(self, record):
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        for name in ("request_id", *REQUEST_FIELDS):
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)

    def formatException(self, exc_info):
        return _DATABASE_DETAIL.sub("DETAIL: (values not logged)", super().formatException(exc_info))


def configure(app):
    """Every record of the app's logger goes through the filters and is written as a JSON line to the server's
    error stream (gunicorn's, or stderr), INFO and above; each request gets its id and, once answered, its line.
    Called first in `create_app`, so that the request's clock starts before any other hook runs."""
    # Every app of the process shares the logger of its name: one set of filters and one handler, the last app's.
    for kind in (OneLinePerRecord, WithRequestId):
        if not any(isinstance(existing, kind) for existing in app.logger.filters):
            app.logger.addFilter(kind())
    for old in [default_handler, *(h for h in app.logger.handlers if isinstance(h.formatter, JsonLines))]:
        app.logger.removeHandler(old)  # Flask's own writes in its own format
    handler = logging.StreamHandler(wsgi_errors_stream)
    handler.setFormatter(JsonLines())
    app.logger.addHandler(handler)
    if not app.debug:
        app.logger.setLevel(logging.INFO)
    app.before_request(_started)
    app.after_request(_logged)  # registered first, so run last: the status is the one sent
    # Flask's own names the path, which may be a secret link: the same record, with the route instead.
    app.log_exception = lambda exc_info: app.logger.error(
        "Exception on %s [%s]", _route(), request.method, exc_info=exc_info)


def _started():
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    request.environ[_ID] = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else secrets.token_hex(16)
    request.environ[_STARTED] = time.perf_counter()


def _logged(response):
    started = request.environ.get(_STARTED, time.perf_counter())
    response.headers[REQUEST_ID_HEADER] = request.environ.get(_ID, "")
    current_app.logger.info("requête", extra={"method": request.method, "route": _route(),
                                              "status": response.status_code,
                                              "ms": round((time.perf_counter() - started) * 1000, 1)})
    return response


def _route():
    """The URL rule the request matched (no value of a person in it), or None when it matched none."""
    return request.url_rule.rule if request.url_rule is not None else None
