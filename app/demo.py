"""The demo map: the carte sensible of the cité d'Orient in Harnes (seed 002), with its 18 numbered items.

Positions are illustrative, placed inside the estate (about 2.8876–2.8994 E, 50.4403–50.4465 N). The map is
public and belongs to a demonstration collective; a contribution link without moderation lets anyone try
drawing on it without an account.
"""
from shapely.geometry import LineString, Point, Polygon
from sqlalchemy import select

from . import legends
from .extensions import db
from .models import Collective, ContributionLink, Feature, Map

NAME, COMMUNE = "Cité d'Orient, Harnes", "Harnes"
COLLECTIVE = "Centre social de la cité d'Orient (démonstration)"

ZONES = {
    "potentiel": "Parcelles à haut potentiel d'activation",
    "potager": "Culture du potager",
    "preserver": "Éléments à préserver lors des rénovations",
    "supports": "Supports de transformations architecturales",
    "vacantes": "Parcelles vacantes",
    "traditions": "Traditions locales et connaissances historiques",
}


def _rect(west, south, east, north):
    return Polygon([(west, south), (east, south), (east, north), (west, north)])


ITEMS = [
    ("supports", "Lieu de la permanence architecturale", Point(2.8921, 50.4431),
     "La permanence où l'architecte reçoit les habitants chaque semaine."),
    ("preserver", "Plaque de rue ancienne à préserver (et numéro de porte)", Point(2.8902, 50.4447),
     "Plaque émaillée d'origine, à déposer et reposer pendant le chantier."),
    ("supports", "Ensemble murs pignons supports de projets",
     LineString([(2.8940, 50.4452), (2.8952, 50.4450), (2.8964, 50.4448)]),
     "Murs pignons aveugles : fresque, treille ou nichoirs."),
    ("supports", "Surfaces de jardins pouvant faire l'objet de stationnements",
     _rect(2.8955, 50.4418, 2.8968, 50.4423), "Fonds de jardins donnant sur la rue arrière."),
    ("vacantes", "Surfaces de jardins non utilisées, potentiels à projet",
     _rect(2.8895, 50.4415, 2.8910, 50.4421), "Jardins en friche depuis le départ des locataires."),
    ("preserver", "Extensions autoconstruites à préserver", _rect(2.8979, 50.4438, 2.8983, 50.4440),
     "Appentis et vérandas bâtis par les mineurs eux-mêmes."),
    ("traditions", "Cultures locales : chants de canaris à écouter", Point(2.8912, 50.4458),
     "Les concours de chant de canaris se tiennent encore au printemps."),
    ("potager", "Arbres fruitiers faisant le bonheur de tout le quartier", Point(2.8946, 50.4427),
     "Pommiers et mirabelliers où toute la rue vient cueillir."),
    ("potentiel", "Croisement des voyettes centrales, potentiel à projet", Point(2.8936, 50.4436),
     "Carrefour des chemins entre jardins : un lieu de rencontre possible."),
    ("supports", "Crénelage sur les jardins pour transformer l'espace commun",
     LineString([(2.8884, 50.4430), (2.8896, 50.4432), (2.8908, 50.4430), (2.8920, 50.4432)]),
     "Décaler les clôtures pour ouvrir des placettes le long de la voyette."),
    ("traditions", "La Buvette de Ginette dans le garage du 142", Point(2.8973, 50.4430),
     "Le garage où l'on se retrouve le dimanche."),
    ("potentiel", "La Ressourcerie dans le jardin du 142", Point(2.8975, 50.4428),
     "Matériaux de récupération prêtés aux voisins."),
    ("supports", "Le 142 : un lieu d'expérimentation et d'exposition", _rect(2.8970, 50.4426, 2.8978, 50.4432),
     "Maison et jardin ouverts aux ateliers et aux expositions."),
    ("traditions", "Le dernier pigeonnier de la cité d'Orient", Point(2.8889, 50.4449),
     "Le colombophile du 12 entretient encore ses pigeons voyageurs."),
    ("traditions", "Ancienne rigole qui longeait les fonds de parcelle",
     LineString([(2.8880, 50.4410), (2.8910, 50.4412), (2.8940, 50.4411), (2.8975, 50.4413)]),
     "Tracé de l'ancien fossé d'écoulement, encore visible par endroits."),
    ("potentiel", "Fonds de parcelles déjà en partie mutualisés, potentiels à projet",
     _rect(2.8925, 50.4409, 2.8950, 50.4414), "Les voisins y ont déjà ouvert leurs clôtures."),
    ("traditions",
     "Anciennes positions des fontaines d'eau de la cité, utilisées également comme moyen de communication",
     Point(2.8929, 50.4444), "On s'y donnait rendez-vous et les nouvelles y circulaient."),
    ("preserver", "Passage de l'ancien cavalier, le long de la Coulée Verte",
     LineString([(2.8878, 50.4462), (2.8920, 50.4464), (2.8960, 50.4460), (2.8992, 50.4455)]),
     "L'ancienne voie ferrée du charbon, devenue chemin vert."),
]


def ensure_demo_map():
    """Create the demo map unless it is already there; returns (map, created)."""
    existing = db.session.scalar(select(Map).where(Map.name == NAME, Map.commune == COMMUNE))
    if existing is not None:
        return existing, False
    collective = Collective(name=COLLECTIVE, kind="centre-social")
    map_ = Map(name=NAME, commune=COMMUNE, center_lon=2.8935, center_lat=50.4434, zoom=16, collective=collective,
               visibility="public")
    map_.renew_share_token()
    legends.apply(map_, "carte-sensible")
    db.session.add(map_)
    db.session.flush()
    by_label = {c.label: c for c in map_.categories}
    for zone, title, shape, description in ITEMS:
        Feature.create(map_, by_label[ZONES[zone]], title, description, shape)
    db.session.add(ContributionLink(map_id=map_.id, label="Démonstration", moderated=False))
    db.session.commit()
    return map_, True


def demo_contribution_link(map_):
    """The live contribution link of the demo map, if any."""
    return next(iter(ContributionLink.of_map(map_.id)), None)
