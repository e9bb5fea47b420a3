"""Password-reset links: signed, valid one hour, and spent once the password changes."""
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..extensions import db
from ..models import User

MAX_AGE = 3600


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def reset_token(user):
    """A token naming the user and the end of their current hash: a new password voids it."""
    return _serializer().dumps({"user": user.id, "hash": user.password_hash[-16:]})


def user_of(token):
    """The user a valid, unspent token was made for, or None."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except BadSignature:  # also raised, as SignatureExpired, for an old link
        return None
    user = db.session.get(User, data.get("user"))
    return user if user is not None and user.password_hash[-16:] == data.get("hash") else None
