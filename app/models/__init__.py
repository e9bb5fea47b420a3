"""The data model: a map, its legend (categories), its features, and the project built on them."""
from .action import Action, BudgetLine, Indicator
from .category import Category
from .cell import FeatureCell
from .collective import Collective, MemberInvite, Membership
from .comment import Comment
from .contribution import ContributionLink, Proposal
from .dossier import Dossier
from .feature import Feature
from .map import Map
from .parcel import Parcel
from .photo import Photo
from .plot import Plot
from .presence import Presence
from .revision import Revision
from .user import LoginAttempt, MailedLink, User
from .walk import Walk

__all__ = [
           "Action",
           "BudgetLine",
           "Category",
           "Collective",
           "Comment",
           "ContributionLink",
           "Dossier",
           "Feature",
           "FeatureCell",
           "Indicator",
           "LoginAttempt",
           "MailedLink",
           "Map",
           "MemberInvite",
           "Membership",
           "Parcel",
           "Photo",
           "Plot",
           "Presence",
           "Proposal",
           "Revision",
           "User",
           "Walk",
]
