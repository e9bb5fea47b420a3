"""Route decorators that load the objects named in the URL once, or answer 404.

Access rules will be enforced here too, so that no route re-derives them.
"""
from functools import wraps

from flask import abort

from .extensions import db
from .models import Category, Feature, Map


def with_map(view):
    """Pass the Map of `map_id` as `map_`."""
    @wraps(view)
    def wrapper(map_id, **kwargs):
        map_ = db.session.get(Map, map_id) or abort(404)
        return view(map_=map_, **kwargs)
    return wrapper


def with_feature(view):
    """Pass the Map and its Feature of `feature_id`; a feature of another map is not found."""
    @wraps(view)
    @with_map
    def wrapper(map_, feature_id, **kwargs):
        feature = Feature.get_in_map(map_.id, feature_id) or abort(404)
        return view(map_=map_, feature=feature, **kwargs)
    return wrapper


def with_category(view):
    """Pass the Map and its Category of `category_id`."""
    @wraps(view)
    @with_map
    def wrapper(map_, category_id, **kwargs):
        category = db.session.get(Category, category_id)
        if category is None or category.map_id != map_.id:
            abort(404)
        return view(map_=map_, category=category, **kwargs)
    return wrapper
