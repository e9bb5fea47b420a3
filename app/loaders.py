"""Route decorators that load the objects named in the URL once and check the person's access to them.

Someone who may not see a map gets 404, as if it did not exist (its ids reveal nothing); someone who may see
it but not do this gets 403. The rules themselves live in `app/access.py`.
"""
from functools import wraps

from flask import abort

from .access import VIEW, access_to
from .extensions import db
from .models import Category, Feature, Map


def with_map(ability=VIEW):
    """Pass the Map of `map_id` as `map_`, once the current person is known to have `ability` on it."""
    def decorator(view):
        @wraps(view)
        def wrapper(map_id, **kwargs):
            map_ = db.session.get(Map, map_id) or abort(404)
            access = access_to(map_)
            if not access.can(VIEW):
                abort(404)
            if not access.can(ability):
                abort(403)
            return view(map_=map_, **kwargs)
        return wrapper
    return decorator


def with_feature(ability=VIEW):
    """Pass the Map and its Feature of `feature_id`; a feature of another map is not found."""
    def decorator(view):
        @wraps(view)
        @with_map(ability)
        def wrapper(map_, feature_id, **kwargs):
            feature = Feature.get_in_map(map_.id, feature_id) or abort(404)
            return view(map_=map_, feature=feature, **kwargs)
        return wrapper
    return decorator


def with_category(ability):
    """Pass the Map and its Category of `category_id`."""
    def decorator(view):
        @wraps(view)
        @with_map(ability)
        def wrapper(map_, category_id, **kwargs):
            category = db.session.get(Category, category_id)
            if category is None or category.map_id != map_.id:
                abort(404)
            return view(map_=map_, category=category, **kwargs)
        return wrapper
    return decorator
