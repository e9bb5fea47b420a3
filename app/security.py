"""Security headers on every response, computed once at start-up from the configuration.

No inline script is allowed anywhere (the page reads its settings from data attributes); inline style
attributes are, for the legend's colours, but no <style> element. Tiles may come only from the
configured basemaps' hosts (as images, and fetched ahead to be kept offline). A site served over HTTPS
(VOYETTE_HTTPS=1) tells browsers to come back only over HTTPS, on its HTTPS answers (over plain HTTP the header
would mean nothing, and a site that is not really on HTTPS must never send it).
"""
from urllib.parse import urlsplit

from flask import request


def register_security_headers(app):
    headers = {
        "Content-Security-Policy": content_security_policy(app.config["BASEMAPS"]),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",  # a map's address (a private link later) never leaks to tile servers
        "X-Frame-Options": "SAMEORIGIN",
        "Permissions-Policy": "geolocation=(self), camera=(self), microphone=()",
    }

    https = app.config["HTTPS"]

    @app.after_request
    def add_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if https and request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")  # a year
        return response


def content_security_policy(basemaps):
    """The policy: everything from this site, tiles from the basemaps' hosts too."""
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
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _origin(url):
    """https://{s}.tile.example.org/{z}/… → https://*.tile.example.org"""
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}"
