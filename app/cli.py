"""Command-line commands for the server administrator (`flask --app app …`)."""
from pathlib import Path

import click
from flask import url_for
from flask.cli import with_appcontext

from . import demo_photos, expiry
from .backups import archive
from .demo import demo_contribution_link, ensure_demo_map
from .demo_photos import ensure_before_after
from .extensions import db
from .models import Collective, Map, User
from .people.cli import rgpd


@click.command("expirer")
@with_appcontext
def expire():
    """Delete stale data (presence, old failed logins and mailed links, stopped links, old import previews, items
    binned for VOYETTE_BIN_MONTHS); run daily by deploy/voyette-expire.timer. Prints how many of each, never what
    they held."""
    for name, count in expiry.expire_all().items():
        click.echo(f"{name} : {count} effacé(s)")


def _seeded_demo():
    """The demo map, made unless it is there, with its project's before-and-after photos."""
    map_, created = ensure_demo_map()
    click.echo(f"Carte de démonstration {'créée' if created else 'déjà présente'} : {map_.name} (n° {map_.id})")
    if ensure_before_after(map_):
        click.echo(f"Action « {demo_photos.TITLE} » ajoutée, avec ses photos avant / après.")
    return map_


def register_commands(app):
    app.cli.add_command(expire)
    app.cli.add_command(rgpd)

    @app.cli.command("seed-demo")
    @click.option("--owner", metavar="EMAIL", help="Make this existing account owner of the demo collective.")
    def seed_demo(owner):
        """Add the demo map of the cité d'Orient, unless it is already there."""
        map_ = _seeded_demo()
        link = demo_contribution_link(map_)
        if link is not None:
            with app.test_request_context():
                click.echo(f"Lien de contribution sans compte : {url_for('sharing.contribute', token=link.token)}")
        if owner:
            user = User.by_email(owner)
            if user is None:
                raise click.ClickException(f"Aucun compte avec l'adresse {owner} : créez-le d'abord sur le site.")
            map_.collective.join(user, "owner")
            db.session.commit()
            click.echo(f"{user.display_name} est responsable du collectif « {map_.collective.name} ».")

    @app.cli.command("sauvegarder")
    @click.argument("map_id", type=int)
    @click.argument("fichier", type=click.Path(dir_okay=False, writable=True, path_type=Path))
    def save_backup(map_id, fichier):
        """Write the whole backup of map MAP_ID (items, legend, history, photos, project) to FICHIER."""
        map_ = db.session.get(Map, map_id)
        if map_ is None:
            raise click.ClickException(f"Aucune carte n° {map_id}.")
        fichier.write_bytes(archive.backup(map_))
        click.echo(f"Sauvegarde de « {map_.name} » écrite dans {fichier} ({fichier.stat().st_size / 1e6:.1f} Mo).")

    @app.cli.command("restaurer")
    @click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--collectif", "collective_id", type=int, required=True, help="The collective the map joins.")
    def restore_backup(fichier, collective_id):
        """Restore the backup FICHIER as a new map of a collective (private to it)."""
        collective = db.session.get(Collective, collective_id)
        if collective is None:
            raise click.ClickException(f"Aucun collectif n° {collective_id}.")
        try:
            map_ = archive.restore(fichier.read_bytes(), collective)
            db.session.commit()
        except archive.BackupError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from None
        click.echo(f"Carte « {map_.name} » restaurée (n° {map_.id}) dans « {collective.name} ».")
