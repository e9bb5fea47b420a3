"""The lookups many tables share: a row of one map only, and a row by the uuid its browser made."""
from sqlalchemy import select

from ..extensions import db


class OfMap:
    """A table whose rows belong to a map (`map_id`): a row is reached through its own map only."""

    @classmethod
    def get_in_map(cls, map_id, row_id):
        """The row of that map with this id, or None (another map's id is not reachable through this one)."""
        return db.session.scalar(select(cls).where(cls.id == row_id, cls.map_id == map_id))


class MadeWithUuid:
    """A table whose rows carry the `uuid` their browser made, so that a form sent twice adds one row."""

    @classmethod
    def by_uuid(cls, uuid):
        """The row its browser made with this uuid, or None."""
        return db.session.scalar(select(cls).where(cls.uuid == uuid))
