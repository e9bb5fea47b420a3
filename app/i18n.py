"""The app's lazy messages: translated when shown, and always text, never markup.

flask_babel's own lazy_gettext gives a LazyString whose __html__ returns the message as is, so Jinja treats it as
markup and outputs it unescaped, with whatever its %(name)s values hold: a holder's name, an item's title, a
category read from a file. Every lazy message of the app is made here instead, and shown in HTML escaped as a
whole. (None of the app's messages holds markup; Jinja's own _() and {% trans %} escape their values already.)
"""
from flask_babel import gettext
from flask_babel.speaklater import LazyString
from markupsafe import escape


class LazyText(LazyString):
    """A LazyString (WTForms and flask_babel know it) that Jinja escapes like any text. Flask's JSON writes an
    object with __html__ as that HTML: a message for JSON is passed as str(message), as `json_error` does."""

    def __html__(self):
        return escape(str(self))


def lazy_gettext(string, **variables):
    """The message, translated when shown; its variables are values to show, never markup."""
    return LazyText(gettext, string, **variables)
