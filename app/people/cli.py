"""`flask rgpd …`: the operator answers a person's written request (access, erasure) by their account's address."""
from pathlib import Path

import click
from flask.cli import AppGroup

from ..extensions import db
from ..models import User
from .erasure import OwnerNeeded, delete_account
from .export import EXPORT_NAME, export
from .traces import Person

rgpd = AppGroup("rgpd", help="Answer a person's request about their data (RGPD).")
PSEUDONYMS = click.option("--pseudonyme", "pseudonyms", multiple=True, metavar="NOM",
                          help="A pseudonym the person says they gave (or a former display name); repeatable.")


def _person(email, pseudonyms):
    user = User.by_email(email)
    if user is None:
        raise click.ClickException(f"Aucun compte avec l'adresse {email}.")
    return Person.of_account(user, pseudonyms)


@rgpd.command("exporter")
@click.argument("email")
@click.option("--vers", "target", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help=f"The ZIP to write (default: {EXPORT_NAME} in the current folder).")
@PSEUDONYMS
def export_command(email, target, pseudonyms):
    """Write everything the account EMAIL made or is named in to a ZIP (JSON and photos), as « Mes données » does."""
    target = target or Path(EXPORT_NAME)
    target.write_bytes(export(_person(email, pseudonyms)))
    click.echo(f"Données du compte écrites dans {target} ({target.stat().st_size / 1e3:.0f} ko).")


@rgpd.command("effacer")
@click.argument("email")
@click.option("--oui", "confirmed", is_flag=True, help="Do not ask for confirmation.")
@PSEUDONYMS
def erase_command(email, confirmed, pseudonyms):
    """Delete the account EMAIL as « Supprimer mon compte » does: its items stay, signed « ancien membre »."""
    person = _person(email, pseudonyms)
    if not confirmed:
        click.confirm(f"Supprimer le compte {email} et effacer son nom de tout l'historique ?", abort=True)
    try:
        delete_account(person)
    except OwnerNeeded as refused:
        db.session.rollback()
        names = ", ".join(f"« {collective.name} » (n° {collective.id})" for collective in refused.collectives)
        raise click.ClickException(f"Ce compte est le dernier responsable de {names} : nommez d'abord un autre "
                                   "responsable.") from None
    db.session.commit()
    click.echo(f"Compte {email} supprimé ; ses contributions sont signées « ancien membre ».")
