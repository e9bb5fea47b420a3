"""The data model: a map, its legend (categories) and its features."""
from .category import Category
from .feature import Feature
from .map import Map

__all__ = ["Map", "Category", "Feature"]
