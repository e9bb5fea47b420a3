"""Who is making a change: the pseudonym a person gave, kept in their signed session cookie.

Accounts will give a display name here too; until then a change without a pseudonym is « Anonyme ».
"""
from flask import has_request_context, session

KEY = "pseudonym"


def current_author():
    """The pseudonym of the person behind the current request, or ''."""
    return session.get(KEY, "") if has_request_context() else ""


def remember_author(pseudonym):
    """Keep the pseudonym for this person's next changes and comments."""
    session[KEY] = pseudonym
