"""Presence: who has a map open now, each once, and forgotten once silent."""
from datetime import timedelta

from app.extensions import db
from app.models import Presence
from app.models.presence import GONE_AFTER


def test_others_on_the_map_each_once_and_the_silent_forgotten(empty_map):
    Presence.here(empty_map.id, "a1", "Alice")
    Presence.here(empty_map.id, "a1", "Alice")  # the same page again: still one row
    Presence.here(empty_map.id, "b1", "Bruno")
    Presence.here(empty_map.id, "b2", "Bruno")  # Bruno on his tablet too: named once
    db.session.commit()
    assert Presence.others(empty_map.id, "a1") == ["Bruno"]
    assert Presence.others(empty_map.id, "b1") == ["Alice", "Bruno"]
    stale = db.session.get(Presence, (empty_map.id, "a1"))
    stale.seen_at = stale.seen_at - GONE_AFTER - timedelta(seconds=1)
    db.session.commit()
    assert Presence.others(empty_map.id, "b1") == ["Bruno"]
    Presence.here(empty_map.id, "b1", "Bruno")  # and its row goes at the next call
    db.session.commit()
    assert db.session.get(Presence, (empty_map.id, "a1")) is None
