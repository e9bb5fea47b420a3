"""The two pages every page's footer links to, public: what is kept about people and who answers for the site."""
import re
from dataclasses import dataclass

from flask import Blueprint, current_app, render_template

from .kept import NOTICES, kept

bp = Blueprint("privacy", __name__)
bp.add_app_template_global(NOTICES, "privacy_notices")

# An address a `mailto:` link may be made of; anything else (a postal address, a form's URL) is shown as text.
E_MAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")


@dataclass(frozen=True)
class Operator:
    """Who answers for the site, as the operator configured it; an empty value is shown as not filled in."""

    controller: str
    contact: str
    host_name: str
    host_address: str

    @property
    def contact_mail(self):
        """The contact when it is an e-mail address (the pages link to it), else None."""
        return self.contact if E_MAIL.fullmatch(self.contact) else None


SETTINGS = ("CONTROLLER", "CONTACT", "HOST_NAME", "HOST_ADDRESS")  # config.py, in Operator's order


def operator():
    """The operator's values from the configuration, blanks trimmed."""
    return Operator(*((current_app.config.get(name) or "").strip() for name in SETTINGS))


@bp.get("/donnees-personnelles")
def personal_data():
    """What the site keeps about people, for how long, and whom to ask to see, correct or erase it."""
    days = current_app.config["PERMANENT_SESSION_LIFETIME"].days
    return render_template("privacy/personal_data.html", operator=operator(),
                           kept=kept(days, current_app.config["BIN_KEPT_MONTHS"]),
                           basemaps=current_app.config["BASEMAPS"])


@bp.get("/mentions-legales")
def legal():
    """The publisher and the host of the site (LCEN, article 6)."""
    return render_template("privacy/legal.html", operator=operator(), basemaps=current_app.config["BASEMAPS"])
