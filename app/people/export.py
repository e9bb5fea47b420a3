"""« Mes données » (`flask rgpd exporter`): everything a person made or is named in, as a ZIP of JSON and photos.

Which rows are theirs is `traces.Person`'s rule, the same as their account's deletion; `donnees.json` holds one list
per kind, `photos/` the images they gave (as served: cleaned of their EXIF), `justificatifs/` the receipts they gave.
"""
import io
import json
import zipfile

from sqlalchemy import select

from ..expenses import store as receipts_store
from ..extensions import db
from ..models import Feature, Map
from ..photos import store

DATA = "donnees.json"
EXPORT_NAME = "mes-donnees-voyette.zip"


def export(person):
    """The ZIP bytes of the person's data."""
    photos, revisions, receipts = person.photos(), person.revisions(), person.receipts()
    numbers = _numbers({r.feature_id for r in revisions if r.feature_id is not None})
    names = {}

    def _map_name(map_id):
        """The map's name, read once (the session's identity map would not keep the Map: nothing else holds it)."""
        if map_id not in names:
            names[map_id] = db.session.get(Map, map_id).name
        return names[map_id]

    data = {
        "compte": _account(person.user),
        "pseudonymes": sorted(person.pseudonyms),
        "collectifs": [{"collectif": m.collective.name, "role": m.role} for m in person.memberships()],
        "elements": [{"carte": _map_name(f.map_id), "numero": f.number,
                      "element": f.snapshot(), "cree_le": _when(f.created_at)}
                     for f in person.created()],
        "commentaires": [{"carte": _map_name(c.feature.map_id), "element": c.feature.number, "texte": c.body,
                          "signe": c.author, "le": _when(c.created_at)} for c in person.comments()],
        "historique": [{"carte": _map_name(r.map_id), "numero": r.seq, "action": r.action,
                        "element": numbers.get(r.feature_id), "signe": r.author,
                        "avant": r.before, "apres": r.after, "le": _when(r.created_at)} for r in revisions],
        "propositions": [{"carte": _map_name(p.map_id), "titre": p.title, "description": p.description,
                          "geometrie": p.geometry, "signe": p.author, "statut": p.status, "raison": p.reason,
                          "le": _when(p.created_at)} for p in person.proposals()],
        "marches": [{"carte": _map_name(w.map_id), "le": w.held_on.isoformat(), "animation": w.facilitator,
                     "participants": w.participants, "theme": w.theme} for w in person.walks()],
        "photos": [{"carte": _map_name(p.feature.map_id), "element": p.feature.number, "signe": p.author,
                    "fichier": f"photos/{store.filename(p.stored_name)}", "ajoutee_le": _when(p.created_at),
                    "prise_le": _when(p.taken_at)} for p in photos],
        "depenses": [{"carte": _map_name(e.budget_line.action.map_id), "ligne": e.budget_line.label,
                      "depense": e.label, "fournisseur": e.supplier, "montant_centimes": e.amount_cents,
                      "le": e.spent_on.isoformat(), "statut": e.status_label, "saisie_le": _when(e.created_at)}
                     for e in person.expenses()],
        "justificatifs": [{"carte": _map_name(r.expense.budget_line.action.map_id), "depense": r.expense.label,
                           "fichier": receipts_store.relative_path(r.stored_name, r.kind),
                           "ajoute_le": _when(r.created_at)} for r in receipts],
        "parcelles": [{"carte": _map_name(p.feature.map_id), "element": p.feature.number, "attribuee_a": p.holder,
                       "saison": p.state()["season"], "note": p.note} for p in person.plots()],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA, json.dumps(data, ensure_ascii=False, indent=1))
        for photo in photos:
            path = store.directory() / store.filename(photo.stored_name)
            if path.exists():
                archive.write(path, f"photos/{path.name}")
        for receipt in receipts:
            path = receipts_store.path(receipt.stored_name, receipt.kind)
            if path.exists():
                archive.write(path, receipts_store.relative_path(receipt.stored_name, receipt.kind))
    return out.getvalue()


def _account(user):
    if user is None:
        return None
    return {"adresse": user.email, "nom_affiche": user.display_name, "cree_le": _when(user.created_at)}


def _numbers(feature_ids):
    """{feature id: its number}, in one query: a busy member's history names thousands of items."""
    query = select(Feature.id, Feature.number).where(Feature.id.in_(sorted(feature_ids)))
    return dict(db.session.execute(query).all()) if feature_ids else {}


def _when(moment):
    return moment.isoformat() if moment else None
