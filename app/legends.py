"""The legend templates a new map can start from (see DOMAIN.md), as (label, colour, icon, kinds)."""
from .i18n import lazy_gettext as _l
from .models import Category

ALL = "point line polygon"

TEMPLATES = {
    "carte-sensible": (_l("Carte sensible"), [
        ("Parcelles à haut potentiel d'activation", "#e8a33d", "★", ALL),
        ("Culture du potager", "#5d9b3a", "🥕", ALL),
        ("Éléments à préserver lors des rénovations", "#b8423c", "🛡", ALL),
        ("Supports de transformations architecturales", "#3f6fb5", "🏗", ALL),
        ("Parcelles vacantes", "#9a9a9a", "▢", ALL),
        ("Chauffage actuel charbon/bois", "#5b4636", "🔥", ALL),
        ("Traditions locales et connaissances historiques", "#8e5bb0", "📜", ALL),
    ]),
    "ressources-jardin": (_l("Ressources du jardin"), [
        ("Jardin inutilisé (potentiel à projet)", "#e8a33d", "🌱", ALL),
        ("Fonds de parcelles mutualisés", "#d1b43a", "⇆", ALL),
        ("Arbre fruitier (cueillette)", "#c0392b", "🍎", "point"),
        ("Jardin ou verger collectif", "#4f9a3c", "🌳", ALL),
        ("Outilthèque", "#6d6d6d", "🔧", ALL),
        ("Poulailler", "#c77d2e", "🐔", ALL),
        ("Compost", "#7a5a2f", "♻", ALL),
        ("Bourse de graines", "#a3b83a", "🌻", ALL),
        ("Bibliothèque au jardin / boîte à livres", "#5a6fb0", "📚", ALL),
        ("Animaux (pigeonnier, éco-pâturage)", "#9b6b4a", "🐑", ALL),
        ("Lieu de rencontre (maison du projet, tiers-lieu, buvette)", "#d0508a", "☕", ALL),
        ("Cavalier / voyette / chemin", "#6b8e23", "🚶", ALL),
        ("Point d'eau", "#2f86c9", "💧", ALL),
        ("Biodiversité (haie, mare, nichoir)", "#2e8b57", "🐦", ALL),
    ]),
    "diagnostic": (_l("Diagnostic en marchant"), [
        ("Dépôt sauvage", "#8b4513", "🗑", ALL),
        ("Stationnement gênant", "#d35400", "🚗", ALL),
        ("Espace dégradé ou à entretenir", "#c0392b", "⚠", ALL),
        ("Sécurité / éclairage", "#f1c40f", "💡", ALL),
        ("Idée / proposition", "#2980b9", "💬", ALL),
        ("Point positif à valoriser", "#27ae60", "👍", ALL),
    ]),
    "vide": (_l("Légende vide"), []),
}


def choices():
    """(key, label) pairs for the new-map form."""
    return [(key, label) for key, (label, _entries) in TEMPLATES.items()]


def apply(map_, key):
    """Give a map the categories of a legend template."""
    label, entries = TEMPLATES[key]
    for position, (name, colour, icon, kinds) in enumerate(entries, start=1):
        map_.categories.append(Category(label=name, colour=colour, icon=icon, kinds=kinds,
                                        group=str(label), position=position))
