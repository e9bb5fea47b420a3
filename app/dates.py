"""The application's days: what day it is, and when a day ends, in its zone (Europe/Paris), where the people of a
map live their days (times are stored in UTC)."""
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app


def zone():
    """The application's zone (`BABEL_DEFAULT_TIMEZONE`)."""
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "UTC"))


def today():
    """Today in the application's zone."""
    return datetime.now(zone()).date()


def end_of_day(day):
    """The moment a day ends in the application's zone, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(), zone()).astimezone(UTC)


def aware(moment):
    """A stored time with its zone: SQLite gives back the UTC times it was given without theirs."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)
