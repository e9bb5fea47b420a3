"""JSON sent by people (a drawn shape, a walk's route, a backup, any request body read with `get_json`), read within
bounds. Python's parser goes one level deeper on its stack for each level of nesting: a few kilobytes of `[` would
exhaust it (RecursionError), and values nested hundreds deep would then exhaust the code that walks them."""
import json

from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 64  # a GeoJSON MultiPolygon is 5 levels deep, a backup's revision 9: room for imported properties


class TooDeep(ValueError):
    """JSON nested deeper than MAX_DEPTH: read, but refused."""


def loads(text):
    """The value of a JSON text (str or bytes); ValueError when it is not JSON, TooDeep when it nests deeper than
    MAX_DEPTH."""
    try:
        value = json.loads(text)
    except RecursionError:  # raised cleanly by the parser at Python's recursion limit, long before any other cost
        raise TooDeep("JSON nested too deeply") from None
    if _too_deep(value):
        raise TooDeep("JSON nested too deeply")
    return value


class BoundedJSONProvider(DefaultJSONProvider):
    """The app's JSON: `request.get_json()` reads through `loads`, so a body nested without end is a 400."""

    def loads(self, s, **kwargs):
        return loads(s)


def _too_deep(value):
    """Whether arrays and objects nest deeper than MAX_DEPTH; walked without recursion."""
    todo = [(value, 1)] if isinstance(value, (list, dict)) else []
    while todo:
        item, level = todo.pop()
        if level > MAX_DEPTH:
            return True
        children = item.values() if isinstance(item, dict) else item
        todo.extend((child, level + 1) for child in children if isinstance(child, (list, dict)))
    return False
