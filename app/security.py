"""Security headers on every response, computed once at start-up from the configuration.

No inline script is allowed anywhere (the page reads its settings from data attributes); inline style
attributes are, for the legend's colours, but no <style> element. Tiles may come only from the
configured basemaps' hosts (as images, and fetched ahead to be kept offline). A site served over HTTPS
(VOYETTE_HTTPS=1) tells browsers to come back only over HTTPS, on its HTTPS answers (over plain HTTP the header
would mean nothing, and a site that is not really on HTTPS must never send it).

No page may be shown in another site's frame (clickjacking: a form or a button of the app under a third site's
decoy), except those of a route marked `@framable`: a public map embedded in another site (« Intégrer à un site »),
read-only, which the sites of `EMBED_ORIGINS` may frame (any site by default). This module alone decides it.
"""
import re
from urllib.parse import urlsplit

from flask import current_app, request

FRAMABLE_ATTRIBUTE = "framable"


def framable(view):
    """The decorated view's answers may be shown in a frame of the sites of `EMBED_ORIGINS`."""
    setattr(view, FRAMABLE_ATTRIBUTE, True)
    return view


def register_security_headers(app):
    headers = {
        "Content-Security-Policy": content_security_policy(app.config["BASEMAPS"]),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",  # a map's address (a private link later) never leaks to tile servers
        "X-Frame-Options": "SAMEORIGIN",
        "Permissions-Policy": "geolocation=(self), camera=(self), microphone=()",
    }
    # X-Frame-Options has no list of sites: a framable answer relies on frame-ancestors alone.
    framed = {**headers, "Content-Security-Policy": content_security_policy(
        app.config["BASEMAPS"], _checked_origins(app.config["EMBED_ORIGINS"]))}
    del framed["X-Frame-Options"]

    https = app.config["HTTPS"]

    @app.after_request
    def add_headers(response):
        for name, value in (framed if _framable() else headers).items():
            response.headers.setdefault(name, value)
        if https and request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")  # a year
        return response


# A site's origin as frame-ancestors takes it (a host may start with « *. »), or « * »: anything else would
# change the policy's meaning (a « ; » starts another directive), so the app refuses to start with it.
ORIGIN = re.compile(r"\*|https?://(\*\.)?[a-z0-9.-]+(:\d{1,5})?", re.IGNORECASE)


def _checked_origins(origins):
    wrong = [origin for origin in origins if not ORIGIN.fullmatch(origin)]
    if wrong:
        raise ValueError(f"VOYETTE_EMBED_ORIGINS: not a site's origin (https://host[:port]): {' '.join(wrong)}")
    return origins


def _framable():
    """Whether the route of this request is marked `@framable`."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return getattr(view, FRAMABLE_ATTRIBUTE, False)


def content_security_policy(basemaps, frame_ancestors=("'self'",)):
    """The policy: everything from this site, tiles from the basemaps' hosts too; framed by `frame_ancestors`."""
    tile_hosts = sorted({_origin(b["url"]) for b in basemaps if "://" in b["url"]})
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *tile_hosts],
        "connect-src": ["'self'", *tile_hosts],  # « Préparer hors ligne » fetches tiles ahead
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": list(frame_ancestors),
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _origin(url):
    """https://{s}.tile.example.org/{z}/… → https://*.tile.example.org"""
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}"
