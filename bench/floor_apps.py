"""The smallest apps gunicorn can serve, for bench/floor.py: the same bytes as a file named by VOYETTE_FLOOR_BODY
(gzipped, as the layer sends them), or a 304 to a request with If-None-Match; once as a bare WSGI callable, once
as a Flask view with nothing registered but it."""
import functools
import os
from pathlib import Path

from flask import Flask, Response, request

HEADERS = [("Content-Type", "application/geo+json"), ("Content-Encoding", "gzip"), ("ETag", 'W/"floor"')]


@functools.cache
def body():
    """The bytes to send, read once, at the first request."""
    return Path(os.environ["VOYETTE_FLOOR_BODY"]).read_bytes()


def wsgi(environ, start_response):
    if environ.get("HTTP_IF_NONE_MATCH"):
        start_response("304 Not Modified", [("ETag", 'W/"floor"')])
        return [b""]
    start_response("200 OK", [*HEADERS, ("Content-Length", str(len(body())))])
    return [body()]


flask_app = Flask(__name__)


@flask_app.get("/floor")
def floor():
    if request.if_none_match:
        return Response(status=304, headers={"ETag": 'W/"floor"'})
    return Response(body(), headers=HEADERS)
