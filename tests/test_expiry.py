"""Stale data goes on its own (`flask expirer`): each kind past its rule goes, anything newer stays."""
import os
import time
from datetime import timedelta

import pytest
from shapely.geometry import Point, box

from app import expiry
from app.accounts import throttle
from app.extensions import db
from app.formats.items import Item, Reading
from app.imports import kept
from app.models import (
    Collective,
    Comment,
    ContributionLink,
    Feature,
    FeatureCell,
    LoginAttempt,
    MailedLink,
    Map,
    MemberInvite,
    Photo,
    Plot,
    Presence,
    Proposal,
    Revision,
)
from app.models.map import utcnow
from app.models.presence import GONE_AFTER
from app.photos import store
from tests.photos.images import as_upload, plain_jpeg

SECOND = timedelta(seconds=1)


def _count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_presence_rows_of_every_map_go_once_silent_and_the_others_stay(empty_map, collective):
    """The map's own call forgets only its rows: a map nobody opens again kept its last visitors' names."""
    other = Map(name="Autre cité", commune="Liévin", collective=collective, visibility="private")
    db.session.add(other)
    db.session.flush()
    now = utcnow()
    db.session.add_all([Presence(map_id=empty_map.id, visitor="a", name="Alice", seen_at=now - GONE_AFTER - SECOND),
                        Presence(map_id=other.id, visitor="b", name="Bruno", seen_at=now - GONE_AFTER - SECOND),
                        Presence(map_id=other.id, visitor="c", name="Chloé", seen_at=now - GONE_AFTER + SECOND)])
    db.session.commit()
    assert expiry.expire_all(now)["Présences sur les cartes"] == 2
    assert db.session.scalars(db.select(Presence.name)).all() == ["Chloé"]


def test_failed_logins_and_mailed_links_go_past_their_window(app):
    now = utcnow()
    db.session.add_all([LoginAttempt(email="a@example.org", client="x", at=now - throttle.WINDOW - SECOND),
                        LoginAttempt(email="b@example.org", client="x", at=now - throttle.WINDOW + SECOND),
                        MailedLink(address="d1", at=now - throttle.LINKS_WINDOW - SECOND),
                        MailedLink(address="d2", at=now - throttle.LINKS_WINDOW + SECOND)])
    db.session.commit()
    counts = expiry.expire_all(now)
    assert counts["Échecs de connexion"] == 1 and counts["Liens envoyés par courriel"] == 1
    assert db.session.scalars(db.select(LoginAttempt.email)).all() == ["b@example.org"]
    assert db.session.scalars(db.select(MailedLink.address)).all() == ["d2"]


def test_links_stopped_a_month_ago_go_and_their_proposals_stay(empty_map, collective):
    now, month = utcnow(), expiry.STOPPED_LINKS_KEPT
    expired_long_ago = ContributionLink(map_id=empty_map.id, label="Fête", expires_at=now - month - SECOND)
    revoked_long_ago = ContributionLink(map_id=empty_map.id, label="Atelier", revoked_at=now - month - SECOND)
    staying = [ContributionLink(map_id=empty_map.id, label="Récent", expires_at=now - month + SECOND),
               ContributionLink(map_id=empty_map.id, label="Sans fin"),
               ContributionLink(map_id=empty_map.id, label="Vivant", expires_at=now + month)]
    invites = [MemberInvite(collective=collective, role="editor",
                            email="e@example.org", expires_at=now - month - SECOND),
               MemberInvite(collective=collective, role="editor",
                            email="f@example.org", revoked_at=now - month - SECOND),
               MemberInvite(collective=collective, role="editor", revoked_at=now - timedelta(days=2)),
               MemberInvite(collective=collective, role="viewer", expires_at=now + timedelta(days=14))]
    db.session.add_all([expired_long_ago, revoked_long_ago, *staying, *invites])
    db.session.flush()
    proposal = Proposal.propose(empty_map, expired_long_ago, empty_map.categories[0], "Banc cassé", "",
                                Point(2.9, 50.4), author="Karim")
    db.session.commit()
    proposal_id, staying_ids = proposal.id, {link.id for link in staying}
    staying_invites = {invites[2].id, invites[3].id}

    counts = expiry.expire_all(now)

    assert counts["Liens de contribution arrêtés"] == 2 and counts["Invitations arrêtées"] == 2
    db.session.expire_all()
    assert set(db.session.scalars(db.select(ContributionLink.id))) == staying_ids
    assert set(db.session.scalars(db.select(MemberInvite.id))) == staying_invites
    kept_proposal = db.session.get(Proposal, proposal_id)  # still waiting for its moderator, without its dead link
    assert kept_proposal.status == "waiting" and kept_proposal.link_id is None
    assert db.session.get(Collective, collective.id) is not None


@pytest.fixture
def import_dir(app, tmp_path, monkeypatch):
    folder = tmp_path / "imports"
    folder.mkdir()
    monkeypatch.setitem(app.config, "IMPORT_DIR", str(folder))
    return folder


def _aged(path, seconds):
    moment = time.time() - seconds
    os.utime(path, (moment, moment), follow_symlinks=False)
    return path


def test_import_previews_older_than_their_lifetime_go_and_nothing_else_in_the_folder(import_dir, tmp_path):
    """Only plain files named as a preview: not an operator's file, not a link to a file elsewhere, not a folder."""
    old = kept.KEPT_FOR + 60
    stale = _aged(_written(import_dir / f"{'a' * 22}{kept.SUFFIX}"), old)
    fresh = _aged(_written(import_dir / f"{'b' * 22}{kept.SUFFIX}"), kept.KEPT_FOR - 60)
    others = [_aged(_written(import_dir / name), old)
              for name in ("notes.txt", f"{'c' * 22}{kept.SUFFIX}.bak", f"é{kept.SUFFIX}", f"x y{kept.SUFFIX}")]
    elsewhere = _aged(_written(tmp_path / "elsewhere.json"), old)
    link = import_dir / f"{'d' * 22}{kept.SUFFIX}"
    link.symlink_to(elsewhere)
    _aged(link, old)
    folder = _aged(_made_dir(import_dir / f"{'e' * 22}{kept.SUFFIX}"), old)

    assert expiry.expire_all()["Lectures d'import non confirmées"] == 1

    assert not stale.exists() and fresh.exists()
    assert all(path.exists() for path in others) and elsewhere.exists() and link.is_symlink() and folder.is_dir()


def _made_dir(path):
    path.mkdir()
    return path


def test_a_new_preview_forgets_the_old_ones_only(import_dir):
    """Kept opportunistically too: without the timer, the folder holds about a day of previews, and nothing else an
    operator put there goes."""
    stale = _aged(_written(import_dir / f"{'a' * 22}{kept.SUFFIX}"), kept.KEPT_FOR + 60)
    notes = _aged(_written(import_dir / "notes.txt"), kept.KEPT_FOR + 60)
    token = kept.keep(Reading([Item(Point(2.9, 50.4), {"nom": "Banc"})], ["nom"], []), 7)
    assert not stale.exists() and notes.exists()
    assert kept.kept(token, 7).field_names == ["nom"]
    assert kept.kept(token, 8) is None  # a reading is imported into its own map only


def _written(path):
    path.write_text("à garder")
    return path


def test_a_preview_past_its_lifetime_is_refused_before_any_clean_up(import_dir):
    token = kept.keep(Reading([Item(Point(2.9, 50.4), {"nom": "Banc"})], ["nom"], []), 7)
    _aged(import_dir / f"{token}{kept.SUFFIX}", kept.KEPT_FOR + 60)
    assert kept.kept(token, 7) is None
    assert kept.kept("../notes", 7) is None and kept.kept("é", 7) is None and kept.kept("7-../notes", 7) is None


def test_the_command_prints_counts_and_nothing_personal(app, empty_map):
    db.session.add(Presence(map_id=empty_map.id, visitor="a", name="Alice Martin",
                            seen_at=utcnow() - GONE_AFTER - SECOND))
    db.session.add(LoginAttempt(email="alice@example.org", client="x", at=utcnow() - throttle.WINDOW - SECOND))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["expirer"])
    assert result.exit_code == 0, result.output
    assert "Présences sur les cartes : 1 effacé(s)" in result.output
    assert "Échecs de connexion : 1 effacé(s)" in result.output
    assert "Alice" not in result.output and "alice@" not in result.output
    assert _count(Presence) == 0 and _count(LoginAttempt) == 0


def test_items_in_the_bin_for_a_year_go_for_good_with_what_is_theirs(app, empty_map, monkeypatch):
    """Their photos' files after the commit, comments, history, plot rows; the grid's counts stay right; a zone
    stays while a plot cut from it does; an item binned more recently, and a live one, stay."""
    category = empty_map.categories[0]

    def item(title, west=None):
        shape = Point(2.9, 50.4) if west is None else box(west, 50.4, west + 0.0005, 50.401)
        return Feature.create(empty_map, category, title, "", shape, author="Alice")

    old, recent, _live = item("Vieux"), item("Récent"), item("Vivant")
    zone_kept, plot_live = item("Jardin", 2.9), item("Parcelle 1", 2.9)
    zone_gone, plot_gone = item("Friche", 2.91), item("Parcelle 2", 2.91)
    db.session.flush()
    db.session.add_all([Plot(feature_id=plot_live.id, zone_id=zone_kept.id),
                        Plot(feature_id=plot_gone.id, zone_id=zone_gone.id),
                        Comment(feature_id=old.id, author="Bruno", body="Toujours là ?")])
    photo = store.attach(old, as_upload(plain_jpeg()), author="Alice")
    db.session.commit()
    files = store.files_of(photo.stored_name)
    binned = (old, recent, zone_kept, zone_gone, plot_gone)
    for feature in binned:
        feature.soft_delete(author="Alice")
    db.session.commit()
    now = utcnow()
    year_ago = expiry._months_before(now, app.config["BIN_KEPT_MONTHS"])
    for feature in binned:
        feature.deleted_at = year_ago - SECOND
    recent.deleted_at = year_ago + timedelta(days=1)
    db.session.commit()
    old_id, recent_id = old.id, recent.id
    cells = sorted(tuple(row) for row in db.session.execute(db.select(FeatureCell.__table__)))

    monkeypatch.setitem(app.config, "BIN_KEPT_MONTHS", 0)  # 0: the bin is kept forever
    assert expiry.expire_all(now)["Éléments de la corbeille"] == 0
    monkeypatch.setitem(app.config, "BIN_KEPT_MONTHS", 12)
    assert expiry.expire_all(now)["Éléments de la corbeille"] == 3

    db.session.expire_all()
    assert set(db.session.scalars(db.select(Feature.title))) == {"Récent", "Vivant", "Jardin", "Parcelle 1"}
    assert not any(path.exists() for path in files) and _count(Photo) == 0 and _count(Comment) == 0
    assert db.session.scalars(db.select(Revision.id).where(Revision.feature_id == old_id)).all() == []
    assert db.session.scalars(db.select(Revision.id).where(Revision.feature_id == recent_id)).all() != []
    assert db.session.execute(db.select(Plot.feature_id, Plot.zone_id)).all() == [(plot_live.id, zone_kept.id)]
    assert sorted(tuple(row) for row in db.session.execute(db.select(FeatureCell.__table__))) == cells
    assert cells  # the live items are counted
