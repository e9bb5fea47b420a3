"""What Voyette keeps about people, and for how long: the one table the « Données personnelles » page shows and the
README's « Données personnelles (RGPD) » section repeats word for word (tests/privacy/ checks that they agree).

Each line is read from the code that keeps it: accounts (`models/user.py`), sessions and the device cookie
(`accounts/`, `access.py`), the login slow-down (`accounts/throttle.py`), presence (`models/presence.py`), items,
history, proposals, comments, objectives' measurements (`models/action.py`), plots, photos (`photos/images.py`: what
is removed), expenses and their receipts (`expenses/receipts.py`), walks, import previews (`imports/kept.py`), the
bin's retention (`expiry.py`) and the log (`logs.py`). « Jusqu'à la suppression de la carte »: by its owners
(`maps/deleting.py`: every row and file of it); an account is deleted by its owner or the operator (`app/people/`)."""
from dataclasses import dataclass

from ..expiry import STOPPED_LINKS_KEPT
from ..i18n import lazy_gettext as _l

UNTIL_THE_MAP_GOES = _l("Jusqu'à la suppression de la carte.")
# Said beside a field where a person types their name or gives a photo (`privacy_notice` in templates/_macros.html),
# with a link to the page that says the rest.
NOTICES = {
    "pseudonym": _l("Ce nom s'affiche à côté de vos contributions pour les membres du collectif de la carte, et "
                    "reste dans son historique ; les autres lisent « un membre » ou « un·e habitant·e »."),
    "photo": _l("La photo est gardée sans ce que l'appareil y écrit (position GPS, modèle) ; évitez d'y montrer "
                "des visages sans accord."),
}


@dataclass(frozen=True)
class Kept:
    """One kind of data: its name, what it holds, how long it stays."""

    what: str
    holds: str
    how_long: str


def kept(remember_days, bin_months):
    """Every line of the table; `remember_days`: how long « Rester connecté sur cet appareil » lasts, `bin_months`:
    how long the bin keeps an item (`VOYETTE_BIN_MONTHS`, 0: for ever; `expiry.binned_items`), both from config."""
    return [
        Kept(_l("Compte"), _l("L'adresse e-mail, le nom affiché, l'empreinte du mot de passe (jamais le mot de passe "
                               "lui-même), la date de création et un compteur qui met fin aux autres sessions."),
             _l("Jusqu'à la suppression du compte (« Supprimer mon compte », ou sur demande à l'exploitant) : ses "
                "contributions restent, signées « ancien membre ».")),
        Kept(_l("Collectifs"), _l("Le rôle de chaque membre ; l'adresse e-mail à laquelle une invitation a été "
                                   "envoyée."),
             _l("Le rôle, jusqu'au retrait du membre ; l'invitation, %(days)d jours après avoir servi ou expiré.",
                days=STOPPED_LINKS_KEPT.days)),
        Kept(_l("Session (cookie sur l'appareil)"),
             _l("Le compte connecté, ou le pseudonyme tapé et les liens de contribution ouverts : gardés signés dans "
                "le navigateur, pas sur le serveur."),
             _l("Jusqu'à la fermeture du navigateur ; avec « Rester connecté sur cet appareil », %(days)d jours après "
                "la dernière visite.", days=remember_days)),
        Kept(_l("Cookie d'appareil"), _l("Un identifiant signé, posé après une connexion réussie, pour que les "
                                          "tentatives d'un inconnu ne ralentissent pas le titulaire du compte."),
             _l("Un an, sur l'appareil.")),
        Kept(_l("Connexions échouées"), _l("L'adresse e-mail tapée et une empreinte de l'appareil ou du réseau "
                                            "(jamais l'adresse IP)."),
             _l("Une heure, puis effacées à la connexion échouée suivante.")),
        Kept(_l("Liens envoyés par e-mail"), _l("Une empreinte de l'adresse (jamais l'adresse elle-même), pour "
                                                 "n'envoyer que trois liens par heure à une adresse."),
             _l("Une heure, puis effacés à la demande de lien suivante.")),
        Kept(_l("Présence (« Aussi sur la carte »)"), _l("Le nom ou le pseudonyme de qui a la carte ouverte, avec un "
                                                          "identifiant tiré au hasard."),
             _l("45 secondes après la fermeture de la page, effacée à la visite suivante de la carte.")),
        Kept(_l("Éléments et historique"), _l("Chaque élément et chacune de ses modifications, avec le nom ou le "
                                               "pseudonyme de son auteur et sa date ; un élément mis à la corbeille "
                                               "reste dans l'historique."),
             _l("Jusqu'à la suppression de la carte ; un élément resté %(months)d mois dans la corbeille est effacé "
                "pour de bon, avec son historique, ses commentaires et ses photos.", months=bin_months)
             if bin_months > 0 else UNTIL_THE_MAP_GOES),
        Kept(_l("Propositions des habitants"), _l("Ce qui est proposé, le pseudonyme, l'empreinte d'une clé propre "
                                                   "au navigateur, la décision et sa raison."), UNTIL_THE_MAP_GOES),
        Kept(_l("Commentaires"), _l("Le texte, et le nom ou le pseudonyme de son auteur."),
             _l("Jusqu'à sa suppression par son auteur ou par un éditeur de la carte (son texte et le nom de son "
                "auteur quittent aussi l'historique), ou celle de la carte.")),
        Kept(_l("Mesures des objectifs chiffrés"), _l("Le jour, le nombre compté et le nom ou l'organisation de qui a "
                                                       "compté, vus des seuls membres du collectif."),
             UNTIL_THE_MAP_GOES),
        Kept(_l("Parcelles partagées"), _l("Le pseudonyme de qui cultive une parcelle, la saison et une note, vus des "
                                            "seuls membres du collectif."), UNTIL_THE_MAP_GOES),
        Kept(_l("Photos"), _l("L'image refaite à partir de ses seuls pixels : ce que l'appareil écrit à côté (EXIF : "
                              "position GPS, modèle, nom du propriétaire) est retiré ; la position ne sert qu'à placer "
                              "le point quand on le demande ; la date de prise de vue et le nom de qui l'a ajoutée "
                              "sont gardés."),
             _l("Jusqu'à la suppression de la photo ou de la carte.")),
        Kept(_l("Dépenses réalisées et justificatifs"),
             _l("Ce qui a été dépensé (la dépense, le fournisseur, le montant, la date, engagée ou payée), le compte "
                "qui l'a saisie et ses justificatifs : un PDF tel qu'il a été envoyé, une photo refaite à partir de "
                "ses seuls pixels (sans EXIF) ; vus des seuls membres du collectif."),
             _l("Jusqu'à la suppression du justificatif, de la dépense ou de la carte ; le compte supprimé, la "
                "dépense reste sans lui.")),
        Kept(_l("Marches"), _l("La date, le nom de l'animateur ou de l'animatrice, le nombre de participants, le thème "
                               "et le trajet GPS de la tablette qui l'a enregistrée."),
             _l("Jusqu'à la suppression de la marche ou de la carte.")),
        Kept(_l("Imports en attente"), _l("Ce qui a été lu d'un fichier entre son aperçu et sa confirmation (le "
                                           "fichier lui-même n'est pas gardé)."), _l("Un jour au plus.")),
        Kept(_l("Journal du serveur"), _l("Les requêtes (sans l'adresse de la page), les erreurs, et les liens "
                                           "envoyés sans l'adresse de leur destinataire : ni adresse IP, ni e-mail, "
                                           "ni nom."),
             _l("La durée que l'exploitant règle pour le journal du système.")),
    ]
