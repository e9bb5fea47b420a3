"""Jinja filters that show numbers the French way."""
from datetime import UTC
from decimal import Decimal

from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _

from . import dates


def feature_number(number):
    """01, 02 … 99, 100: numbers as a carte sensible prints them."""
    return f"{number:02d}"


def area(square_metres):
    """1 234 m², or 1,23 ha past a hectare."""
    if square_metres >= 10000:
        return f"{format_decimal(square_metres / 10000, format='#,##0.00')} ha"
    return f"{format_decimal(round(square_metres), format='#,##0')} m²"


def distance(metres):
    """850 m, or 1,25 km past a kilometre."""
    if metres >= 1000:
        return f"{format_decimal(metres / 1000, format='#,##0.00')} km"
    return f"{format_decimal(round(metres), format='#,##0')} m"


def accuracy(metres):
    """« ± 8 m »: how far off a GPS fix may be."""
    return f"± {format_decimal(max(1, round(metres)), format='#,##0')} m"


def clock(when):
    """« 14:05 » in French time; a time stored without its zone is UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return format_datetime(when, "HH:mm")


def moment(when):
    """« 23 nov. 2026 à 17:42 » in French time; a time stored without its zone is UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return format_datetime(when, "d MMM y 'à' HH:mm")


def euros(cents, whole=False):
    """« 12 500,00 € » from integer cents (money is never a float); « 10 000 € » with whole=True, for round caps."""
    amount = Decimal(cents).scaleb(-2)
    # A no-break space before € (Babel's own French currency format), so the sign never wraps alone.
    return f"{format_decimal(amount, format='#,##0' if whole else '#,##0.00')}\u00a0€"


def signed_euros(cents):
    """« +120,00 € », « -300,00 € », « 0,00 € »: a gap, whose sign says more or less than planned."""
    return ("+" if cents > 0 else "") + euros(cents)


def percent(share):
    """« 12 % », « 19,99 % » from a Decimal share (0.1999); at most two decimals, none when round."""
    return f"{format_decimal(Decimal(share) * 100, format='#,##0.##')}\u00a0%"


def long_date(day):
    """« 15 septembre 2027 », and « 1er juillet 2027 » as French writes the first of a month."""
    if day.day == 1:
        return format_date(day, "'1er' MMMM y")
    return format_date(day, "d MMMM y")


def goal_text(indicator):
    """An objectif chiffré as the documents and answers write it: « Foyers : 25 », then, once something is reached,
    « Foyers : 25 (atteint 18 le 12 mai 2027) » (no date for a figure typed without a measurement)."""
    text = f"{indicator.label} : {indicator.target}"
    reached, day = indicator.current_reached, indicator.reached_on
    if reached is None:
        return text
    if day is None:
        return text + " " + _("(atteint %(reached)s)", reached=reached)
    return text + " " + _("(atteint %(reached)s le %(day)s)", reached=reached, day=long_date(day))
def local_day(when):
    """« 2026-11-02 »: the day a stored time falls on in French time, as a date field's value."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return format_datetime(when, "yyyy-MM-dd")


def today_value():
    """Today in French time as a date field's value: the latest day a photo or the map at a date may say."""
    return dates.today().isoformat()


def register_filters(app):
    app.add_template_filter(feature_number, "number")
    app.add_template_filter(area, "area")
    app.add_template_filter(distance, "distance")  # not "length": Jinja's own |length must keep working
    app.add_template_filter(moment, "moment")
    app.add_template_filter(accuracy, "accuracy")
    app.add_template_filter(clock, "clock")
    app.add_template_filter(euros, "euros")
    app.add_template_filter(signed_euros, "signed_euros")
    app.add_template_filter(percent, "percent")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(goal_text, "goal")
    app.add_template_filter(local_day, "local_day")
    app.add_template_global(today_value, "today_value")
