"""Route decorators that load the objects named in the URL once and check the person's access to them.

Someone who may not see a map or a collective gets 404, as if it did not exist (its ids reveal nothing); someone
who may see it but not do this gets 403. The rules themselves live in `app/access.py`.

Every id of a URL is read by `IdConverter` (the app's `<int:…>`), and every id of a query string or a form by
`id_number`: a number no table can hold is not found, as an unknown id is, and never reaches the database (where
SQLite and PostgreSQL fail on it).
"""
import re
from functools import wraps

from flask import abort
from flask_login import login_required
from werkzeug.routing import IntegerConverter

from .access import (
    SEE,
    VIEW,
    Access,
    CollectiveAccess,
    access_to,
    as_embedded,
    collective_access,
    loaded_collective,
    loaded_map,
)
from .database import INTEGER_MAX as MAX_ID
from .models import Action, Category, Comment, CopilMeeting, Expense, Feature, Walk

ID_DIGITS = len(str(MAX_ID))


class IdConverter(IntegerConverter):
    """`<int:…>` of every route: at most ten digits (Python reads no longer text quickly) and at most MAX_ID, or the
    URL matches nothing: 404."""

    regex = rf"\d{{1,{ID_DIGITS}}}"

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def id_number(text):
    """An id (or a position in a list) as a query string or a form sends it, for `request.args.get(…, type=…)`:
    ValueError, so no value, when it is not one an integer column can hold."""
    if not re.fullmatch(IdConverter.regex, text or "") or int(text) > MAX_ID:
        raise ValueError("not an id")
    return int(text)


def id_or_none(value):
    """`id_number` for a whole number that may be missing: a form's choice (text sent, or the id of the object shown;
    None is then refused beside the field in the form's own words) or a file's cell (None: not known)."""
    try:
        return id_number(str(value))
    except ValueError:
        return None


def with_map(ability=VIEW):
    """Pass the Map of `map_id` as `map_`, once the current person is known to have `ability` on it."""
    return _loading(loaded_map, "map_id", "map_", access_to, VIEW, Access.known(ability))


def with_embedded_map(view):
    """`with_map()` for a page another site shows in a frame: the map is read as any visitor reads it, whoever
    asks, so a map that is not public is not found, for its members too (`access.embedded`)."""
    loading = with_map()(view)

    @wraps(view)
    def wrapper(**kwargs):
        as_embedded()  # before the map is loaded with the person's standing on it
        return loading(**kwargs)
    return wrapper


def with_collective(ability=SEE):
    """Pass the Collective of `collective_id` as `collective`, once the current account is known to have `ability`
    in it; someone not logged in is asked to, and a collective's members are nobody else's business (404)."""
    loading = _loading(loaded_collective, "collective_id", "collective", collective_access, SEE,
                       CollectiveAccess.known(ability))
    return lambda view: login_required(loading(view))


def _loading(load, url_name, name, access_of, seeing, ability):
    """A decorator: the object `load` finds (with the person's role in it, from the same query) for the id the URL
    names as `url_name`, passed to the view as `name`; 404 without the ability to see it at all (`seeing`), 403
    without `ability`. The ability was checked by the caller (`known`), so a misspelt one fails as the routes are
    defined."""
    def decorator(view):
        @wraps(view)
        def wrapper(**kwargs):
            found = load(kwargs.pop(url_name)) or abort(404)
            access = access_of(found)
            if not access.can(seeing):
                abort(404)
            if not access.can(ability):
                abort(403)
            return view(**{name: found}, **kwargs)
        return wrapper
    return decorator


def _with_map_object(name, load):
    """A decorator factory: pass the Map and the object of `<name>_id` that `load(map_id, id)` finds in it (a
    decorated view gets it as `name`); an object of another map is not found."""
    def with_object(ability=VIEW):
        def decorator(view):
            @wraps(view)
            @with_map(ability)
            def wrapper(map_, **kwargs):
                found = load(map_.id, kwargs.pop(f"{name}_id")) or abort(404)
                return view(map_=map_, **{name: found}, **kwargs)
            return wrapper
        return decorator
    return with_object


with_feature = _with_map_object("feature", Feature.get_in_map)
with_category = _with_map_object("category", Category.get_in_map)
with_walk = _with_map_object("walk", Walk.get_in_map)
with_action = _with_map_object("action", Action.get_in_map)
with_expense = _with_map_object("expense", Expense.get_in_map)  # an expense of one of the map's budget lines


def with_indicator(ability=VIEW):
    """Pass the Map, the Action and the Indicator of `indicator_id`, an objective of that action only (the action
    itself reached through its map only), once the person is known to have `ability` on the map."""
    def decorator(view):
        @wraps(view)
        @with_action(ability)
        def wrapper(map_, action, indicator_id, **kwargs):
            indicator = action.indicator(indicator_id) or abort(404)
            return view(map_=map_, action=action, indicator=indicator, **kwargs)
        return wrapper
    return decorator
with_meeting = _with_map_object("meeting", CopilMeeting.get_in_map)


def with_comment(ability=VIEW):
    """Pass the Map, the Feature and the Comment of `comment_id`, a comment of that feature only (the feature itself
    reached through its map only), once the person is known to have `ability` on the map."""
    def decorator(view):
        @wraps(view)
        @with_feature(ability)
        def wrapper(map_, feature, comment_id, **kwargs):
            comment = Comment.get_in_feature(feature.id, comment_id) or abort(404)
            return view(map_=map_, feature=feature, comment=comment, **kwargs)
        return wrapper
    return decorator
