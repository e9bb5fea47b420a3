"""Error pages a resident can read, in French, as a page or as a fragment for htmx.

A form sent through htmx and refused whole (its session renewed, its contribution link revoked, no right) is never
swapped away: the answer is a small message that takes the place of the form's CSRF field, with a fresh one, so what
was typed stays and can be sent again once the reason is gone. A request too big swaps nothing and tells the form,
which shows it beside its file field. Refusals of a field are the form's own (422, shown by its route)."""
import json

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from .access import lapsed_contribution_link
from .rendering import render, wants_fragment

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
    """One handler for the HTTP errors above (a request too big apart: its body cannot be read), and one for a
    missing or stale CSRF token."""
    for status in MESSAGES:
        app.register_error_handler(status, _too_large if status == 413 else _handler(status))
    app.register_error_handler(CSRFError, _expired_form)


def _handler(status):
    def handle(error):
        if _sent_by_a_form(status):
            return _refusal(status, _why_refused(status))
        return _respond(status, MESSAGES[status]())
    return handle


def _expired_form(error):
    if _sent_by_a_form(400):
        return _refusal(400, _("Votre session a expiré : reconnectez-vous dans un autre onglet (ou rouvrez-y votre "
                               "lien de contribution), puis renvoyez."))
    return _respond(400, _("Le formulaire a expiré. Rechargez la page puis recommencez ; ce que vous avez saisi n'a "
                           "pas été enregistré."))


def _why_refused(status):
    map_id = (request.view_args or {}).get("map_id")
    if status in (403, 404) and map_id is not None and lapsed_contribution_link(map_id):
        return _("Ce lien de contribution a été révoqué ou a expiré : demandez-en un nouveau à l'équipe qui anime "
                 "la carte.")
    return MESSAGES[status]()


def _sent_by_a_form(status):
    """An htmx request sending a form that holds a CSRF field (the place of the message). A link, a poll, or a page
    without htmx get the error itself."""
    if not wants_fragment() or request.method == "GET":
        return False
    return current_app.config["WTF_CSRF_FIELD_NAME"] in request.form


def _refusal(status, message):
    """The message, in place of the form's CSRF field (or of the previous message): htmx swaps nothing else. The
    sender is the form, or a button of it with its own hx-post: then the field is the nearest one before it."""
    field = f'[name="{current_app.config["WTF_CSRF_FIELD_NAME"]}"]'
    response = current_app.make_response((render_template("errors/_refusal.html", message=message), status))
    response.headers["HX-Retarget"] = f"find .form-refusal, find {field}, previous {field}"
    response.headers["HX-Reswap"] = "outerHTML"
    response.vary.add("HX-Request")
    return response


def _too_large(error):
    """413: the request was refused unread, so the form it came from cannot be answered again. Sent by htmx, nothing
    is swapped (what was typed stays) and the form is told, with `upload-refused`, to show the message beside its
    file field (static/js/photo_shrink.js)."""
    message = MESSAGES[413]()
    response = _respond(413, message)
    if wants_fragment():
        response.headers["HX-Reswap"] = "none"
        response.headers["HX-Trigger"] = json.dumps({"upload-refused": {"message": message}})
    return response


def _respond(status, message):
    if request.accept_mimetypes.best == "application/json" or request.path.endswith(".geojson"):
        response = jsonify(error=message)
        response.status_code = status
        return response
    return render("errors/page.html", "errors/_message.html", status=status, message=message)
