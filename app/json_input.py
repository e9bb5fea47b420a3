"""JSON sent by people (a drawn shape, a walk's route, a backup, any request body read with `get_json`), read within
bounds. Python's parser goes one level deeper on its stack for each level of nesting: a few kilobytes of `[` would
exhaust it (RecursionError), and values nested hundreds deep would then exhaust the code that walks them."""
import json
import re

import numpy
from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 64  # a GeoJSON MultiPolygon is 5 levels deep, a backup's revision 9: room for imported properties


class TooDeep(ValueError):
    """JSON nested deeper than MAX_DEPTH: read, but refused."""


def loads(text):
    """The value of a JSON text (str or bytes); ValueError when it is not JSON, TooDeep when it nests deeper than
    MAX_DEPTH (told before parsing, from the text)."""
    if _too_deep(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text):
        raise TooDeep("JSON nested too deeply")
    try:
        return json.loads(text)
    except RecursionError:  # raised cleanly by the parser at Python's recursion limit, long before any other cost
        raise TooDeep("JSON nested too deeply") from None


class BoundedJSONProvider(DefaultJSONProvider):
    """The app's JSON: `request.get_json()` reads through `loads`, so a body nested without end is a 400."""

    def loads(self, s, **kwargs):
        return loads(s)


_ESCAPE = re.compile(rb"\\.", re.DOTALL)  # a backslash and the character it escapes
_CHUNK = 1 << 20  # bytes scanned at once: the arrays stay a few megabytes whatever the text
_STEPS = numpy.zeros(256, dtype=numpy.int32)  # what each byte does to the nesting, outside strings
_STEPS[[ord("["), ord("{")]], _STEPS[[ord("]"), ord("}")]] = 1, -1


def _too_deep(data):
    """Whether arrays and objects nest deeper than MAX_DEPTH in a JSON text, told from its bytes in a few vectorised
    passes rather than by walking the parsed value (a cadastre's 200,000 coordinate pairs are as many lists): once the
    escapes are gone, every quote opens or closes a string, and a bracket outside strings opens or closes a level.
    For a text that is no JSON the answer means nothing, and the parser then refuses it.

    No text nests deeper than the brackets it opens: one with few of them (a session cookie, read on every request,
    a form's shape) is told at once, without the passes."""
    data = bytes(data)
    if data.count(b"[") + data.count(b"{") <= MAX_DEPTH:
        return False
    data = _ESCAPE.sub(b"", data)
    in_string, depth = 0, 0
    for start in range(0, len(data), _CHUNK):
        chunk = numpy.frombuffer(data, dtype=numpy.uint8, count=min(_CHUNK, len(data) - start), offset=start)
        strings = (numpy.cumsum(chunk == ord('"'), dtype=numpy.int32) + in_string) & 1
        levels = numpy.cumsum(_STEPS[chunk] * (1 - strings), dtype=numpy.int32) + depth
        if levels.max() > MAX_DEPTH:
            return True
        in_string, depth = int(strings[-1]), int(levels[-1])
    return False
