"""Working without signal: the service worker, the web app manifest, a fresh CSRF token for the outbox,
and the « Préparer hors ligne » panel."""
import json

from flask import Blueprint, Response, current_app, jsonify, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..loaders import with_map
from ..panel import render_in_panel
from . import shell

bp = Blueprint("offline", __name__)


@bp.get("/sw.js")
def service_worker():
    """The service worker, served from the root so that it may answer for every page of the site."""
    static_url = url_for("static", filename="")
    settings = {
        "VERSION": shell.version(current_app.static_folder),
        "STATIC": static_url,
        "ASSETS": shell.assets(current_app.static_folder, static_url),
        "TILE_PATTERNS": shell.tile_patterns(current_app.config["BASEMAPS"]),
        "NETWORK_ONLY": shell.NETWORK_ONLY,
        "OFFLINE_PAGE": offline_page(),
    }
    head = "".join(f"var {name} = {_js(value)};\n" for name, value in settings.items())
    response = Response(head + shell.worker_source(current_app.static_folder), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"  # the browser checks for a new version on every visit
    return response


def _js(value):
    if isinstance(value, list) and value and getattr(value[0], "pattern", None):
        return "[" + ", ".join(f"new RegExp({json.dumps(p.pattern)})" for p in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def offline_page():
    """What a page never kept on this device says offline."""
    return ('<!doctype html><html lang="fr"><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width, initial-scale=1"><title>Hors ligne · Voyette</title>'
            '<p class="notice" role="alert">'
            + _("Hors ligne : cette page n’a pas été gardée sur cet appareil. Ouvrez-la une fois avec du réseau, ou "
                "utilisez « Préparer hors ligne » avant de sortir.")
            + '</p>'
            '</html>')


@bp.get("/manifest.webmanifest")
def manifest():
    """What « Ajouter à l'écran d'accueil » installs."""
    icon = url_for("static", filename="img/icon.svg")
    body = {"name": "Voyette", "short_name": "Voyette", "lang": "fr",
            "description": _("La carte sensible collaborative des cités minières"),
            "start_url": url_for("maps.index"), "scope": "/", "display": "standalone",
            "background_color": "#f7f5ef", "theme_color": "#2f5d50",
            "icons": [{"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}]}
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")


@bp.get("/hors-ligne/jeton")
def token():
    """A CSRF token of the current session, for the outbox to send what waited since an earlier one, and whether
    the session is still signed in: when it is no longer, the outbox asks the person to sign in again first."""
    response = jsonify(csrf_token=generate_csrf(), signed_in=current_user.is_authenticated)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/cartes/<int:map_id>/hors-ligne")
@with_map()
def prepare(map_):
    """« Préparer hors ligne »: what this device keeps of the map before going out."""
    return render_in_panel("offline/prepare.html", "offline/_prepare.html", map_, plan=shell.plan(map_))
