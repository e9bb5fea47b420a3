"""Command-line commands for the server administrator (`flask --app app …`)."""
import click

from .demo import ensure_demo_map


def register_commands(app):
    @app.cli.command("seed-demo")
    def seed_demo():
        """Add the demo map of the cité d'Orient, unless it is already there."""
        map_, created = ensure_demo_map()
        click.echo(f"Carte de démonstration {'créée' if created else 'déjà présente'} : {map_.name} (n° {map_.id})")
