"""Recent answers kept gzipped, by a key that changes whenever the answer would (an ETag, which holds the map's
revision and the question): asking again for an unchanged view costs a lookup, and the body is sent as kept.

Kept in each process's memory, bounded by bytes (least recently used first out): gunicorn's workers each keep
their own, so a view is made once per worker at most. A shared copy (in the database or on disk) would cost a
read of the whole body on every hit, where a worker's memory costs none; and making a view is cheap since every
item keeps its layer text (Feature.layer_geojson). A restart empties it, and an answer is never out of date: its key
names the revision it was made from.
"""
import gzip
import threading
from collections import OrderedDict

from flask import Response, current_app, request

EXTENSION = "voyette.answers"


class Answers:
    """An LRU of gzipped bodies by key, bounded by the bytes it holds; safe across a worker's threads."""

    def __init__(self, max_bytes):
        self.max_bytes, self.size = max_bytes, 0
        self._bodies = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key, body):
        if len(body) > self.max_bytes:
            return
        with self._lock:
            previous = self._bodies.pop(key, None)
            self.size += len(body) - (len(previous) if previous is not None else 0)
            self._bodies[key] = body
            while self.size > self.max_bytes:
                _key, oldest = self._bodies.popitem(last=False)
                self.size -= len(oldest)


def answers():
    """This app's kept answers (made on first use, of ANSWER_CACHE_BYTES: 64 MB hold about 250 whole maps of
    10,000 items)."""
    extensions = current_app.extensions
    if EXTENSION not in extensions:
        extensions[EXTENSION] = Answers(current_app.config["ANSWER_CACHE_BYTES"])
    return extensions[EXTENSION]


def kept_answer(key, make_text, mimetype):
    """The answer kept under `key`, or the one `make_text()` makes, kept gzipped. Sent gzipped to a browser that
    takes gzip (with Content-Encoding set, Flask-Compress leaves it as it is), plain otherwise."""
    takes_gzip = "gzip" in request.accept_encodings
    body = answers().get(key)
    if body is None:
        text = make_text().encode()
        # Flask-Compress's level, and no timestamp: the same answer is the same bytes.
        body = gzip.compress(text, compresslevel=current_app.config.get("COMPRESS_LEVEL", 6), mtime=0)
        answers().put(key, body)
        if not takes_gzip:
            return Response(text, mimetype=mimetype)
    if not takes_gzip:
        return Response(gzip.decompress(body), mimetype=mimetype)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
