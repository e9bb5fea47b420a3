"""Who may try a password now: repeated failures wait longer and longer, never the owner on their own device.

Failures are counted per address *and client*, per client over every address (someone trying one common password
on many addresses), and per address over every client (many machines guessing one password) — the last only for
a client that has itself failed on that address. So a stranger who knows an address slows down their own
attempts, not its owner's: a client that never failed on the address is never refused, and a browser the owner
logged in with before carries a signed device cookie that makes it a client of its own, whatever network it shares
with the stranger. A refused attempt checks no password and counts nothing more.
"""
import hashlib
import hmac
import math
import secrets
from datetime import timedelta

from flask import current_app, request
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..extensions import db
from ..models import LoginAttempt, MailedLink, User
from ..models.map import utcnow
from ..models.user import normalise_email

WINDOW = timedelta(hours=1)  # failures older than this are forgotten
FREE_PER_ADDRESS, FREE_PER_CLIENT, FREE_PER_ADDRESS_EVERYWHERE = 5, 20, 10
FIRST_WAIT, LONGEST_WAIT = 1, 10 * 60  # seconds: doubled after each further failure, up to ten minutes
LINKS_PER_ADDRESS, LINKS_WINDOW = 3, timedelta(hours=1)  # sign-up and reset links mailed to one address
DEVICE_COOKIE, DEVICE_MAX_AGE = "voyette_appareil", 365 * 24 * 3600


def wait_before_login(email):
    """Seconds this client must still wait before trying a password for that address (0: it may now)."""
    client, since = client_key(email), utcnow() - WINDOW
    here = LoginAttempt.since(since, email=email, client=client)
    waits = [_wait(*here, FREE_PER_ADDRESS), _wait(*LoginAttempt.since(since, client=client), FREE_PER_CLIENT)]
    if here[0]:
        waits.append(_wait(*LoginAttempt.since(since, email=email), FREE_PER_ADDRESS_EVERYWHERE))
    return max(waits)


def failed(email):
    LoginAttempt.failed(email, client_key(email), forget_before=utcnow() - WINDOW)


def client_key(email):
    """The device the owner of that address logged in with before, else the network address; kept as a keyed
    digest, so the table holds no one's IP address."""
    device = _device_of(email)
    return _digest(f"device:{device}" if device else f"network:{request.remote_addr}")


def may_mail(email):
    """Whether one more link may be mailed to this address this hour (counted as sent if so). Beyond, the page
    answers the same and nothing is sent: someone typing an address again and again cannot flood its mailbox."""
    address = address_digest(email)
    if MailedLink.count_since(address, utcnow() - LINKS_WINDOW) >= LINKS_PER_ADDRESS:
        return False
    db.session.add(MailedLink(address=address))
    db.session.commit()
    return True


def address_digest(email):
    """What `mailed_links` keeps of an address: its keyed digest."""
    return _digest(f"address:{normalise_email(email)}")


def _digest(text):
    return hmac.new(current_app.config["SECRET_KEY"].encode(), text.encode(), hashlib.sha256).hexdigest()[:32]


def trust_device(response, user):
    """After a successful login: this browser is the owner's own from now on (the same device id if it was)."""
    device = _device_of(user.email) or secrets.token_urlsafe(12)
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps({"user": user.id, "device": device}),
                        max_age=DEVICE_MAX_AGE, path="/compte", httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _device_of(email):
    """The device id of this browser's signed cookie, if the account it names is the one of that address."""
    try:
        data = _serializer().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=DEVICE_MAX_AGE)
    except BadSignature:
        return None
    user = User.by_email(email)
    return data.get("device") if user is not None and data.get("user") == user.id else None


def _wait(count, last, free):
    """What is left of the wait after `count` failures, the last at `last`, when `free` of them cost nothing."""
    if count < free:
        return 0
    wait = min(FIRST_WAIT * 2 ** (count - free), LONGEST_WAIT)
    return max(0, (last + timedelta(seconds=wait) - utcnow()).total_seconds())


def in_words(seconds):
    """« 3 secondes », « 2 minutes »: the wait as the message says it, rounded up."""
    if seconds <= 60:
        return ngettext("%(num)d seconde", "%(num)d secondes", math.ceil(seconds))
    return ngettext("%(num)d minute", "%(num)d minutes", math.ceil(seconds / 60))


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="login-device")
