"""Command-line commands for the server administrator (`flask --app app …`)."""
import click
from flask import url_for

from .demo import demo_contribution_link, ensure_demo_map
from .extensions import db
from .models import User


def register_commands(app):
    @app.cli.command("seed-demo")
    @click.option("--owner", metavar="EMAIL", help="Make this existing account owner of the demo collective.")
    def seed_demo(owner):
        """Add the demo map of the cité d'Orient, unless it is already there."""
        map_, created = ensure_demo_map()
        click.echo(f"Carte de démonstration {'créée' if created else 'déjà présente'} : {map_.name} (n° {map_.id})")
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
