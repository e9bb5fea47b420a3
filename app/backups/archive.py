"""A map's whole backup, and restoring it as a new map: items, legend, history, comments, photos, walks, actions
(their planned and real dates) with their budget and objectifs chiffrés (their dated measurements), the realised
expenses with their receipts, plots, the dossier, the COPIL meetings and their decisions, the cadastre of its
reference layer.

The archive is a zip: `voyette.json` (every row, by table, with its own ids), the photos' files and the receipts'
(`justificatifs/`, checked again by their content as they are restored, as an upload is). Restoring inserts
the rows afresh in dependency order, each foreign key translated to the new ids (the tables' own foreign keys say
which), so the new map is the same map under other ids. Secrets are not kept: contribution links, residents'
pending proposals and the view link are not in a backup; the restored map is private to its collective.
"""
import io
import json
import uuid as uuid_module
import zipfile
import zlib
from datetime import date, datetime

import shapely
from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Float, Integer, String, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError

from .. import geo, json_input
from ..database import BIGINT_MAX, INTEGER_MAX
from ..dossier import copil
from ..expenses import store as receipts_store
from ..expenses.receipts import ReceiptRejected, clean_receipt
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import Feature, FeatureCell, Map
from ..photos import store

FORMAT, VERSION = "voyette-sauvegarde", 1
DATA = "voyette.json"
MAX_UNZIPPED = 500 * 1024 * 1024
# The tables of a map's backup, in the order they are restored (a row's foreign keys point to tables before it).
TABLES = [db.metadata.tables[name] for name in (
    "maps", "reference_parcels", "categories", "walks", "features", "revisions", "comments", "photos", "actions",
    "budget_lines", "expenses", "receipts", "indicators", "measurements", "action_features", "plots", "dossiers",
    "copil_meetings", "copil_decisions")]
GEOMETRY_COLUMNS = {("features", "geom"), ("walks", "route"), ("reference_parcels", "geom")}
# Made from the other columns (by the restored map's ids): neither kept in a backup nor taken from one.
DERIVED = {("features", "layer_geojson")}
# Who wrote a comment, an entry of the history or gave a photo, as this instance knows them (an account, a resident's
# browser key): neither kept in a backup nor taken from one; on the restored map, those who edit it delete its comments.
WRITERS = {("comments", "user_id"), ("comments", "contributor"), ("revisions", "user_id"), ("photos", "user_id"),
           ("expenses", "user_id"), ("receipts", "user_id")}
LEFT_OUT = DERIVED | WRITERS
# Unique across the whole instance: a restore next to the original gets new ones.
UNIQUE_TEXT = {("features", "uuid"), ("photos", "uuid")}


class BackupError(ValueError):
    """A file that is not a Voyette backup or cannot be restored; the message is French."""


def backup(map_):
    """The zip bytes of the map's backup."""
    rows = _rows(map_)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA, json.dumps({"format": FORMAT, "version": VERSION, "tables": rows}, ensure_ascii=False))
        for photo in rows["photos"]:
            for thumbnail in (False, True):
                path = store.directory() / store.filename(photo["stored_name"], thumbnail)
                if path.exists():
                    archive.write(path, f"photos/{path.name}")
        for receipt in rows["receipts"]:
            path = receipts_store.path(receipt["stored_name"], receipt["kind"])
            if path.exists():
                archive.write(path, receipts_store.relative_path(receipt["stored_name"], receipt["kind"]))
    return out.getvalue()


def restore(data, collective):
    """A new map of `collective` from backup bytes (the caller commits); BackupError when it cannot be."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unzipped = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise BackupError(_l("Ce fichier n'est pas une sauvegarde Voyette.")) from None
    if unzipped > MAX_UNZIPPED:
        raise BackupError(_l("Cette sauvegarde se décompresse en un fichier démesuré : elle est refusée."))
    try:
        content = json_input.loads(archive.read(DATA))
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError):
        raise BackupError(_l("Ce fichier n'est pas une sauvegarde Voyette.")) from None
    if not isinstance(content, dict) or content.get("format") != FORMAT or content.get("version") != VERSION:
        raise BackupError(_l("Ce fichier n'est pas une sauvegarde Voyette que cette version sait restaurer."))
    tables = _checked_tables(content.get("tables"))
    ids = {}  # table name → {old id: new id}
    try:
        for table in TABLES:
            for row in tables.get(table.name, []):
                _insert(table, _translated(table, row, ids, collective), row, ids)
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError, IntegrityError, DataError):
        # A reference to a row the backup does not hold, a value of the wrong kind, a shape that cannot be read, a
        # row the database refuses: the caller rolls back, so nothing of it stays.
        raise DAMAGED from None
    new_map = db.session.get(Map, ids["maps"][tables["maps"][0]["id"]])
    Feature.keep_missing_layer_texts(new_map.id)
    FeatureCell.recount(db.session.connection(), new_map.id)  # its items were inserted around the ORM
    try:
        _restore_photo_files(archive, tables.get("photos", []), ids)
        _restore_receipt_files(archive, tables.get("receipts", []), ids)
    except (store.NoRoom, receipts_store.NoRoom) as error:
        raise BackupError(error.message) from None
    except (zipfile.BadZipFile, zlib.error, EOFError):  # a photo's file damaged in the archive
        raise DAMAGED from None
    return new_map


# --- Backing up -------------------------------------------------------------------------------------------------

def _rows(map_):
    tables = db.metadata.tables
    features = select(tables["features"].c.id).where(tables["features"].c.map_id == map_.id)
    actions = select(tables["actions"].c.id).where(tables["actions"].c.map_id == map_.id)
    indicators = select(tables["indicators"].c.id).where(tables["indicators"].c.action_id.in_(actions))
    lines = select(tables["budget_lines"].c.id).where(tables["budget_lines"].c.action_id.in_(actions))
    expenses = select(tables["expenses"].c.id).where(tables["expenses"].c.budget_line_id.in_(lines))
    meetings = select(tables["copil_meetings"].c.id).where(tables["copil_meetings"].c.map_id == map_.id)
    chosen = {"maps": tables["maps"].c.id == map_.id,
              **{name: tables[name].c.feature_id.in_(features) for name in ("photos", "comments", "plots")},
              **{name: tables[name].c.action_id.in_(actions) for name in ("action_features", "budget_lines",
                                                                          "indicators")},
              "measurements": tables["measurements"].c.indicator_id.in_(indicators),
              "expenses": tables["expenses"].c.id.in_(expenses),
              "receipts": tables["receipts"].c.expense_id.in_(expenses),
              "copil_decisions": tables["copil_decisions"].c.meeting_id.in_(meetings)}
    rows = {}
    for table in TABLES:
        where = chosen.get(table.name, table.c.get("map_id") == map_.id if "map_id" in table.c else None)
        result = db.session.execute(select(table).where(where).order_by(*table.primary_key.columns))
        rows[table.name] = [_plain(table, {name: value for name, value in row._mapping.items()
                                           if (table.name, name) not in LEFT_OUT}) for row in result]
    return rows


def _plain(table, row):
    for name, value in row.items():
        if (table.name, name) in GEOMETRY_COLUMNS and value is not None:
            row[name] = geo.to_shape(value).wkt
        elif isinstance(value, (date, datetime)):
            row[name] = value.isoformat()
    return row


# --- Restoring --------------------------------------------------------------------------------------------------

DAMAGED = BackupError(_l("Cette sauvegarde est abîmée (des lignes y manquent ou ne sont pas ce qu'elles doivent "
                         "être) : elle ne peut pas être restaurée, rien n'a été ajouté."))


def _checked_tables(tables):
    """The backup's tables, each a list of rows that are mappings, with the one map they are the backup of."""
    if not isinstance(tables, dict) or not all(isinstance(rows, list) and all(isinstance(row, dict) for row in rows)
                                               for rows in tables.values()):
        raise DAMAGED
    if len(tables.get("maps", [])) != 1:
        raise DAMAGED
    return tables


def _value(column, value):
    """A value of the backup as its column holds it; ValueError when it is not of the column's kind (SQLite would
    store it anyway)."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Boolean):
        ok = isinstance(value, bool)
    elif isinstance(kind, Integer):
        limit = BIGINT_MAX if isinstance(kind, BigInteger) else INTEGER_MAX
        ok = isinstance(value, int) and not isinstance(value, bool) and abs(value) <= limit
    elif isinstance(kind, Float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif isinstance(kind, String):  # Text too
        ok = isinstance(value, str) and (kind.length is None or len(value) <= kind.length)
    elif isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    elif isinstance(kind, Date):
        return date.fromisoformat(value)
    elif isinstance(kind, JSON):  # the kind its default makes (a mapping or a list); a mapping when it has none
        made = getattr(getattr(column.default, "arg", None), "__wrapped__", None)
        ok = isinstance(value, made if made in (dict, list) else dict)
    else:
        ok = not isinstance(value, (dict, list))
    if not ok:
        raise ValueError(f"{column.table.name}.{column.name}")
    return value


def _translated(table, row, ids, collective):
    """The row as it is inserted: its foreign keys translated, its types back, secrets and unique values renewed."""
    values = {column.name: _column_value(table, column, row[column.name], ids) for column in table.columns
              if column.name in row and not (column.primary_key and column.name == "id")
              and (table.name, column.name) not in LEFT_OUT}
    if table.name == "maps":
        values.update(collective_id=collective.id, visibility="private", share_token=None)
    if table.name == "revisions":
        values["before"], values["after"] = (_snapshot(values.get(k), ids) for k in ("before", "after"))
    if table.name == "dossiers":
        values["citations"] = {topic: {**cited, "actions": [ids["actions"][i] for i in cited.get("actions", [])
                                                             if i in ids["actions"]]}
                               for topic, cited in (values.get("citations") or {}).items()}
    if table.name == "copil_meetings":
        copil.thaw(values.get("report"))  # a frozen report its page could not show is damage: refused whole
    for table_name, name in UNIQUE_TEXT:
        if table.name == table_name and values.get(name):
            taken = db.session.scalar(select(table.c[name]).where(table.c[name] == values[name]))
            values[name] = str(uuid_module.uuid4()) if taken else values[name]
    if table.name in ("photos", "receipts"):
        values["stored_name"] = uuid_module.uuid4().hex  # new files: the original's may sit beside them
    if table.name == "receipts" and values.get("kind") not in receipts_store.SERVED:
        raise ValueError("receipts.kind")
    return values


def _column_value(table, column, value, ids):
    """A column's value as it is inserted: a foreign key translated to the new ids, a shape, a typed value."""
    target = next(iter(column.foreign_keys), None)
    if target is not None and value is not None and target.column.table in TABLES:
        return ids[target.column.table.name][value]  # KeyError: a row the backup does not hold
    if (table.name, column.name) in GEOMETRY_COLUMNS and value is not None:
        return geo.to_db(shapely.from_wkt(value))
    return _value(column, value)


def _snapshot(state, ids):
    """A revision's state with its category translated to the restored map's, or dropped (None) when the backup
    does not hold it: an id kept as it is would name some other map's category."""
    if not isinstance(state, dict) or "category_id" not in state:
        return state
    old = state["category_id"]
    return {**state, "category_id": ids.get("categories", {}).get(old) if type(old) is int else None}


def _insert(table, values, row, ids):
    if "id" in table.c:
        new_id = db.session.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
        ids.setdefault(table.name, {})[row["id"]] = new_id
        if table.name in ("photos", "receipts"):
            ids.setdefault(f"{table.name[:-1]}_files", {})[row["stored_name"]] = values["stored_name"]
    else:
        db.session.execute(insert(table).values(**values))


def _restore_photo_files(archive, photos, ids):
    names = set(archive.namelist())
    for photo in photos:
        for thumbnail in (False, True):
            source = f"photos/{store.filename(photo['stored_name'], thumbnail)}"
            if source in names:
                target = store.directory() / store.filename(ids["photo_files"][photo["stored_name"]], thumbnail)
                store.write_file(target, archive.read(source))  # gone again if the restore is not committed


def _restore_receipt_files(archive, receipts, ids):
    """Each receipt's file, checked by its content as an upload is (a backup is a file someone sends): one that is
    no longer what its row says is a damaged backup."""
    names, table = set(archive.namelist()), db.metadata.tables["receipts"]
    for receipt in receipts:
        source = receipts_store.relative_path(receipt["stored_name"], receipt["kind"])
        if source not in names:
            continue
        try:
            clean = clean_receipt(io.BytesIO(archive.read(source)))
        except ReceiptRejected:
            raise DAMAGED from None
        if clean.kind != receipt["kind"]:
            raise DAMAGED
        stored_name = ids["receipt_files"][receipt["stored_name"]]
        receipts_store.write(stored_name, clean)  # gone again if the restore is not committed
        db.session.execute(update(table).where(table.c.stored_name == stored_name).values(size=len(clean.data)))
