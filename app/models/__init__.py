"""The data model: a map, its legend (categories) and its features."""
from .category import Category
from .collective import Collective, MemberInvite, Membership
from .comment import Comment
from .contribution import ContributionLink, Proposal
from .feature import Feature
from .map import Map
from .photo import Photo
from .presence import Presence
from .revision import Revision
from .user import LoginAttempt, User
from .walk import Walk

__all__ = [
           "Category",
           "Collective",
           "Comment",
           "ContributionLink",
           "Feature",
           "LoginAttempt",
           "Map",
           "MemberInvite",
           "Membership",
           "Photo",
           "Presence",
           "Proposal",
           "Revision",
           "User",
           "Walk",
]
