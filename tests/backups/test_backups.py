"""A backup restored is the same map: items, legend, history, comments, photos, walks, actions, realised expenses and
their receipts, plots, dossier, COPIL meetings with their decisions; a file that is no backup is refused in French and
leaves nothing; the `flask` commands do the same for the administrator."""
import io
import zipfile
from datetime import date

from app.backups import archive
from app.dossier import copil
from app.expenses import store as receipts
from app.expenses.receipts import clean_receipt
from app.extensions import db
from app.models import (
    Action,
    BudgetLine,
    Category,
    Comment,
    CopilDecision,
    CopilMeeting,
    Dossier,
    Expense,
    Feature,
    Indicator,
    Map,
    Photo,
    Plot,
    Revision,
    Walk,
)
from app.photos import store
from tests.expenses.files import html_named_pdf, small_pdf
from tests.photos.images import as_upload, noisy_jpeg, plain_jpeg
from tests.support.author import AUTHOR


def everything(map_):
    """The demo map with one of each thing a map can hold."""
    items = Feature.listed(map_.id)[0]
    items[2].edit(items[2].category, "Titre revu", "Et sa description", author=AUTHOR)
    items[3].soft_delete(author=AUTHOR)
    Comment.add(items[0], "Le puits est bouché.", author="Karim")
    store.attach(items[0], as_upload(plain_jpeg()), author=AUTHOR)
    walk = Walk.start(map_, date(2026, 5, 12), "Lucie", 12)
    items[5].walk = walk
    action = Action.add(map_, kind="jardin_collectif", title="Verger", starts_on=date(2027, 3, 1), features=[items[4]],
                        started_on=date(2026, 10, 5), finished_on=date(2026, 11, 28))
    action.budget_lines = [BudgetLine(position=0, label="Arbres", amount_cents=125050, kind="equipement",
                                      funder="etat")]
    action.indicators = [Indicator(position=0, label="Foyers", target=25, reached=9)]
    action.indicators[0].measure(date(2026, 10, 20), 14, "Lucie")
    action.indicators[0].measure(date(2026, 11, 21), 23, "Centre social")
    paid = Expense(budget_line=action.budget_lines[0], label="Pommiers", supplier="Pépinière", amount_cents=48000,
                   spent_on=date(2027, 3, 4), status="payee")
    db.session.add(paid)
    receipts.attach(paid, clean_receipt(io.BytesIO(small_pdf())), author=AUTHOR)
    receipts.attach(paid, clean_receipt(io.BytesIO(plain_jpeg())), author=AUTHOR)
    zone = next(item for item in items if item.kind == "polygon" and item.id != items[3].id)
    plot = Feature.create(map_, zone.category, "Parcelle 1", "", zone.shape.buffer(-0.00002), author=AUTHOR)
    db.session.add(Plot(feature=plot, zone=zone, holder="Famille Kaci"))
    db.session.flush()
    dossier = Dossier(map=map_, holder_name="Centre social", contexts=["erbm"], annex={"habitants": "Oui."},
                      citations={"habitants": {"actions": [action.id], "items": [5]}}, pieces_ready=["rib"],
                      filed_on=date(2026, 9, 15))
    db.session.add(dossier)
    meeting = CopilMeeting(map_id=map_.id, held_on=date(2027, 3, 12), attendees="Maisons & Cités\nNadia B.",
                           report=copil.freeze(map_, dossier))
    meeting.decisions = [CopilDecision(position=0, text="Planter le verger.", owner="Karim", due_on=date(2027, 11, 30),
                                       action=action, outcome="created"),
                         CopilDecision(position=1, text="Inviter le bailleur.", owner="")]
    db.session.add(meeting)
    db.session.commit()


def state(map_):
    """What a person would see of the map, without its ids."""
    items = Feature.listed(map_.id)[0] + Feature.listed(map_.id, deleted=True)[0]
    return {
        "map": (map_.name, map_.revision, map_.last_number),
        "legend": [(c.label, c.colour, c.position) for c in Category.of_map(map_.id)],
        "items": sorted((f.number, f.title, f.description, f.category.label, f.shape.wkt, f.is_deleted,
                         f.walk.facilitator if f.walk else None) for f in items),
        "history": [(r.seq, r.action, r.feature.number if r.feature else None, r.author, r.changed_fields)
                    for r in Revision.listed(map_.id, limit=1000)],
        "comments": sorted((f.number, c.body, c.author) for f in items for c in Comment.of_feature(f.id)),
        "photos": sorted((p.feature.number, p.width, p.height, p.size) for f in items for p in Photo.of_feature(f.id)),
        "actions": [(a.position, a.title, a.starts_on, a.started_on, a.finished_on, [f.number for f in a.features],
                     [(b.label, b.amount_cents, [(e.label, e.supplier, e.amount_cents, e.spent_on, e.status,
                                                  [_receipt(r) for r in e.receipts]) for e in b.expenses])
                      for b in a.budget_lines],
                     [(i.label, i.target, i.reached, [(m.measured_on, m.value, m.counted_by) for m in i.measurements])
                      for i in a.indicators]) for a in Action.of_map(map_.id)],
        "plots": sorted((p.feature.number, p.zone.number, p.holder) for f in items if (p := f.plot)),
        "dossier": [(d.holder_name, d.contexts, d.annex, d.pieces_ready) for d in [Dossier.of_map(map_)]],
        "copil": [(m.held_on, m.attendees, m.report,
                   [(d.text, d.owner, d.due_on, d.outcome, d.action and d.action.title) for d in m.decisions])
                  for m in CopilMeeting.of_map(map_.id)],
    }


def _receipt(receipt):
    """A PDF is kept as it was sent; a photo comes back through the photo pipeline once more (so its bytes differ)."""
    data = receipts.path(receipt.stored_name, receipt.kind).read_bytes()
    return (receipt.kind, receipt.size, data) if receipt.kind == "pdf" else (receipt.kind, data[:2])


def test_a_restored_backup_is_the_same_map(client, demo_map, collective):
    everything(demo_map)
    data = client.get(f"/cartes/{demo_map.id}/sauvegarde").data
    restored = archive.restore(data, collective)
    db.session.commit()
    assert restored.id != demo_map.id
    assert state(restored) == state(demo_map)
    cited = Dossier.of_map(restored).citations["habitants"]["actions"]
    assert cited == [Action.of_map(restored.id)[0].id]  # the dossier cites the restored action
    meeting = CopilMeeting.of_map(restored.id)[0]
    assert meeting.decisions[0].action.map_id == restored.id  # the decision names the restored action
    page = client.get(f"/cartes/{restored.id}/copil/reunions/{meeting.id}").get_data(as_text=True)
    assert "Planter le verger." in page and "Foyers" in page  # its decisions, and its report as frozen
    photo = Photo.of_feature(Feature.listed(restored.id)[0][0].id)[0]
    original = Photo.of_feature(Feature.listed(demo_map.id)[0][0].id)[0]
    assert (store.directory() / store.filename(photo.stored_name)).read_bytes() == (
        store.directory() / store.filename(original.stored_name)).read_bytes()
    assert restored.visibility == "private" and restored.share_token is None
    restored_receipt = Action.of_map(restored.id)[0].budget_lines[0].expenses[0].receipts[0]
    original_receipt = Action.of_map(demo_map.id)[0].budget_lines[0].expenses[0].receipts[0]
    assert restored_receipt.stored_name != original_receipt.stored_name
    assert receipts.path(restored_receipt.stored_name, "pdf").read_bytes() == small_pdf()


def test_a_backup_whose_receipt_is_no_longer_a_pdf_is_refused_with_nothing_kept(client, demo_map, collective):
    """A backup is a file someone sends: its receipts are checked as an upload is."""
    everything(demo_map)
    data = client.get(f"/cartes/{demo_map.id}/sauvegarde").data
    original = Action.of_map(demo_map.id)[0].budget_lines[0].expenses[0].receipts[0]
    name = receipts.relative_path(original.stored_name, original.kind)
    tampered = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(tampered, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, html_named_pdf() if entry.filename == name else source.read(entry))
    maps_before, files_before = db.session.query(Map).count(), set(receipts.path("x", "pdf").parent.iterdir())
    try:
        archive.restore(tampered.getvalue(), collective)
        raise AssertionError("restored")
    except archive.BackupError as refusal:
        assert "abîmée" in str(refusal)
    db.session.rollback()
    assert db.session.query(Map).count() == maps_before
    assert set(receipts.path("x", "pdf").parent.iterdir()) == files_before


def test_restoring_from_the_collective_page_and_refusing_what_is_no_backup(client, csrf, demo_map, collective):
    data = client.get(f"/cartes/{demo_map.id}/sauvegarde").data
    maps_before = db.session.query(Map).count()
    bad = client.post(f"/collectifs/{collective.id}/restaurer", content_type="multipart/form-data",
                      data={"csrf_token": csrf, "sauvegarde": (io.BytesIO(b"pas une archive"), "faux.zip")})
    assert bad.status_code == 422
    assert "n'est pas une sauvegarde Voyette" in bad.get_data(as_text=True).replace("&#39;", "'")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive_file:
        archive_file.writestr("voyette.json", b" " * (600 * 1024 * 1024))
    refused = client.post(f"/collectifs/{collective.id}/restaurer", content_type="multipart/form-data",
                          data={"csrf_token": csrf, "sauvegarde": (io.BytesIO(bomb.getvalue()), "bombe.zip")})
    assert refused.status_code == 422 and "démesuré" in refused.get_data(as_text=True)
    assert db.session.query(Map).count() == maps_before
    good = client.post(f"/collectifs/{collective.id}/restaurer", content_type="multipart/form-data",
                       data={"csrf_token": csrf, "sauvegarde": (io.BytesIO(data), "cite.voyette.zip")})
    assert good.status_code == 303 and db.session.query(Map).count() == maps_before + 1


def test_a_map_with_eight_phone_photos_is_restored_from_the_collective_page(app, client, csrf, demo_map,
                                                                           collective):
    """Each photo is kept at 2048 px, so eight of them weigh more than any other form may: the restore route allows
    what a backup needs."""
    items = Feature.listed(demo_map.id)[0]
    for n in range(8):
        store.attach(items[n], as_upload(noisy_jpeg(seed=n)), author=AUTHOR)
    db.session.commit()
    data = client.get(f"/cartes/{demo_map.id}/sauvegarde").data
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]
    restored = client.post(f"/collectifs/{collective.id}/restaurer", content_type="multipart/form-data",
                           data={"csrf_token": csrf, "sauvegarde": (io.BytesIO(data), "cite.voyette.zip")})
    assert restored.status_code == 303
    copy = db.session.query(Map).filter(Map.id != demo_map.id).one()
    assert state(copy)["photos"] == state(demo_map)["photos"]


def test_the_administrator_s_commands(app, demo_map, collective, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "cite.voyette.zip"
    result = runner.invoke(args=["sauvegarder", str(demo_map.id), str(path)])
    assert result.exit_code == 0 and "Sauvegarde de « Cité d'Orient, Harnes »" in result.output
    result = runner.invoke(args=["restaurer", str(path), "--collectif", str(collective.id)])
    assert result.exit_code == 0 and "restaurée" in result.output
    restored = db.session.scalars(db.select(Map).order_by(Map.id.desc())).first()
    assert restored.id != demo_map.id and len(Feature.listed(restored.id)[0]) == 18
