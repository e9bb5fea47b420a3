"""The data model: a map, its legend (categories), its features, and the project built on them."""
from .action import Action, BudgetLine, Indicator, Measurement
from .category import Category
from .cell import FeatureCell
from .collective import Collective, MemberInvite, Membership
from .comment import Comment
from .contribution import ContributionLink, Proposal
from .copil import CopilDecision, CopilMeeting
from .dossier import Dossier
from .expense import Expense, Receipt
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
           "CopilDecision",
           "CopilMeeting",
           "Dossier",
           "Expense",
           "Feature",
           "FeatureCell",
           "Indicator",
           "LoginAttempt",
           "MailedLink",
           "Measurement",
           "Map",
           "MemberInvite",
           "Membership",
           "Parcel",
           "Photo",
           "Plot",
           "Presence",
           "Proposal",
           "Receipt",
           "Revision",
           "User",
           "Walk",
]
