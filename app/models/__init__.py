"""The data model: a map, its legend (categories) and its features."""
from .category import Category
from .comment import Comment
from .feature import Feature
from .map import Map
from .revision import Revision
from .user import LoginAttempt, User

__all__ = ["Map", "Category", "Comment", "Feature", "LoginAttempt", "Revision", "User"]
