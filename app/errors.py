"""Error pages a resident can read, in French, as a page or as a fragment for htmx."""
import json

from flask import jsonify, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from .rendering import render

MESSAGES = {
    400: lambda: _("La demande n'a pas pu être comprise."),
    403: lambda: _("Vous n'avez pas le droit de faire cela sur cette carte. Connectez-vous, ou demandez à son "
                   "collectif un rôle qui le permet."),
    404: lambda: _("Cette page n'existe pas, ou plus. Si c'est une carte privée, connectez-vous avec un compte "
                   "membre de son collectif."),
    405: lambda: _("Cette action n'est pas possible ici."),
    413: lambda: _("Le fichier envoyé est trop volumineux."),
    500: lambda: _("Une erreur est survenue de notre côté. Réessayez dans un instant ; rien de ce qui était "
                   "enregistré n'est perdu."),
}


def register_error_handlers(app):
    """One handler for the HTTP errors above, and one for a missing or stale CSRF token."""
    for status in MESSAGES:
        app.register_error_handler(status, _handler(status))
    app.register_error_handler(413, _too_large)
    app.register_error_handler(CSRFError, lambda error: _respond(
        400, _("Le formulaire a expiré. Rechargez la page puis recommencez ; ce que vous avez saisi n'a pas été "
               "enregistré.")))


def _handler(status):
    def handle(error):
        return _respond(status, MESSAGES[status]())
    return handle


def _too_large(error):
    """413: the request was refused unread, so the form it came from cannot be answered again. Sent by htmx, nothing
    is swapped (what was typed stays) and the form is told, with `upload-refused`, to show the message beside its
    file field (static/js/photo_shrink.js)."""
    message = MESSAGES[413]()
    response = _respond(413, message)
    if request.headers.get("HX-Request") == "true":
        response.headers["HX-Reswap"] = "none"
        response.headers["HX-Trigger"] = json.dumps({"upload-refused": {"message": message}})
    return response


def _respond(status, message):
    if request.accept_mimetypes.best == "application/json" or request.path.endswith(".geojson"):
        response = jsonify(error=message)
        response.status_code = status
        return response
    return render("errors/page.html", "errors/_message.html", status=status, message=message)
