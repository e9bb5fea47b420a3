"""Who is making a change: the account's display name, or else the pseudonym a person gave, kept in their
signed session cookie. A change with neither shows as « Anonyme ».

The routes ask it and hand the name to the models (`Feature.edit(…, author=…)`, `Revision.record(…, author=…)`:
a required keyword, never a default): a model never reads the request, so the same change made by a command or a
test names whom it is told to.
"""
from flask import has_request_context, session
from flask_login import current_user

KEY = "pseudonym"


def current_author():
    """The display name or pseudonym of the person behind the current request, or ''."""
    if not has_request_context():
        return ""
    if current_user.is_authenticated:
        return current_user.display_name
    return session.get(KEY, "")


def remember_author(pseudonym):
    """Keep the pseudonym for this person's next changes and comments."""
    session[KEY] = pseudonym


def sign(pseudonym):
    """The name to sign a contribution with: an account's display name, or else the pseudonym typed,
    remembered for next time."""
    if current_user.is_authenticated:
        return current_user.display_name
    remember_author(pseudonym)
    return pseudonym
