"""Everything a request could change: each table's rows and the photo files, to compare before and after."""
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from app.extensions import db


def everything():
    """Every row of every table of the models, in key order, as the database returns it (geometries as their
    stored bytes), and the names of the files in PHOTO_DIR. Read in a fresh transaction, so what another request
    committed is seen."""
    db.session.rollback()
    rows = {}
    for table in db.metadata.sorted_tables:
        keys = ", ".join(column.name for column in table.primary_key.columns)
        rows[table.name] = db.session.execute(text(f"SELECT * FROM {table.name} ORDER BY {keys}")).all()
    photos = sorted(str(path) for path in Path(current_app.config["PHOTO_DIR"]).rglob("*"))
    return rows, photos
