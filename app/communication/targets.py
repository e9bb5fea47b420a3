"""What a QR code of the communication kit may open, and nothing else: the map itself where residents can open it
(a public map, or a map shared by its view link: that link), or one of the map's live contribution links. Each says
what whoever scans it may then do. Never a link that grants more than that (an invitation, a member's page): a
poster is read by anyone who walks past."""
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import to_user_timezone

from ..access import ADMIN, access_to
from ..formatting import long_date
from ..mail import public_url
from ..models import ContributionLink

MAP = "carte"  # the form's value for the map itself; a contribution link's is its id


@dataclass(frozen=True)
class Target:
    key: str  # as the form sends it
    label: str
    url: str  # absolute, from PUBLIC_URL: a printed code must lead to the site's address, not to the request's host
    opens: str  # what whoever scans it may do, in French
    invites: bool  # it lets residents add their ideas (a contribution link): what a flyer asks for
    moderated: bool = False
    until: str = ""  # the last day a contribution link works, in French; empty: no end


def offered(map_):
    """The targets a QR code of this map may open for the person asking, the map itself first. A code shows the
    address it holds, so the secret ones (the view link, the contribution links) are offered only to who may see them
    in « Partage », the map's owners (`ADMIN`); the others may print the public map's."""
    may_share = access_to(map_).can(ADMIN)
    itself = _of_map(map_) if may_share or map_.visibility == "public" else None
    links = ContributionLink.of_map(map_.id) if may_share else []
    return ([itself] if itself else []) + [_of_link(link) for link in links]


def chosen(map_, key):
    """The offered target of that key, or None."""
    return next((target for target in offered(map_) if target.key == key), None)


def _of_map(map_):
    if map_.visibility == "public":
        return Target(MAP, _("La carte publique"), public_url("maps.show", map_id=map_.id),
                      _("la carte publique : tout le monde peut la voir, sans pouvoir la modifier."), invites=False)
    if map_.visibility == "link" and map_.share_token:
        return Target(MAP, _("Le lien de consultation de la carte"),
                      public_url("maps.show", map_id=map_.id, cle=map_.share_token),
                      _("la carte par son lien de consultation : qui le scanne voit la carte, sans pouvoir la "
                        "modifier, tant que le lien n'est pas changé dans « Partage »."), invites=False)
    return None  # private: only the collective's members may open it


def _of_link(link):
    label = _("Lien de contribution « %(label)s »", label=link.label) if link.label else _("Lien de contribution")
    until = long_date(to_user_timezone(link.ends_at).date()) if link.ends_at else ""
    which = (_("le lien de contribution « %(label)s »", label=link.label) if link.label
             else _("un lien de contribution sans nom"))
    what = (_("avec validation : chaque ajout attend qu'un éditeur le publie") if link.moderated
            else _("publiés aussitôt, sans validation"))
    end = _("jusqu'au %(day)s", day=until) if until else _("jusqu'à ce qu'il soit révoqué")
    opens = _("%(which)s : qui le scanne peut voir la carte, y ajouter des éléments et commenter sous un prénom ou "
              "un pseudonyme, sans compte (%(what)s), %(end)s. Il ne donne à voir ni le projet, ni les noms des "
              "membres.", which=which, what=what, end=end)
    return Target(str(link.id), label, public_url("sharing.contribute", token=link.token), opens, invites=True,
                  moderated=link.moderated, until=until)


def local_address():
    """The site's address when it is one only this computer reaches (PUBLIC_URL left as it comes), else None: a
    code printed with it opens nothing on a resident's phone."""
    address = current_app.config["PUBLIC_URL"]
    return address if urlsplit(address).hostname in ("localhost", "127.0.0.1", "::1") else None

