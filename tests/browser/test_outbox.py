"""What the outbox keeps when the server does not take a change made offline: nothing is deleted from the tablet
before the person has chosen."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Category, Feature
from tests.browser.conftest import MapPage
from tests.browser.test_offline import tablet, watched

FIRST, SECOND = "Lieu de la permanence architecturale", "Ensemble murs pignons supports de projets"


def feature_titled(map_id, title):
    db.session.expire_all()
    return db.session.scalars(select(Feature).where(Feature.map_id == map_id, Feature.title == title)).one()


def edit_offline(page, title):
    """Type a new title in the edit form open on this page, and save it while the tablet has no signal."""
    page.get_by_label("Titre").fill(title)
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#detail h2")).to_have_text("Enregistré sur cet appareil")


def edit_on_the_server(feature, title):
    feature.edit(feature.category, title, feature.description, author="Dominique")
    db.session.commit()


def test_two_conflicts_are_both_kept_until_the_person_chooses(browser, live_server, sign_in, owner, demo_map):
    context, page, problems = tablet(browser, sign_in, owner)
    first, second = feature_titled(demo_map.id, FIRST), feature_titled(demo_map.id, SECOND)
    view = MapPage(page, live_server, demo_map.id).open(f"/elements/{first.id}/modifier")
    other = context.new_page()  # the second item's form, opened while there was signal
    MapPage(other, live_server, demo_map.id).open(f"/elements/{second.id}/modifier")

    context.set_offline(True)
    edit_offline(page, "Permanence vue sur place")
    edit_offline(other, "Murs pignons vus sur place")
    expect(other.locator("#outbox")).to_contain_text("2 changements attendent le réseau")
    other.close()
    edit_on_the_server(first, "Permanence selon le bureau")
    edit_on_the_server(second, "Murs pignons selon le bureau")

    context.set_offline(False)
    outbox = page.locator("#outbox")
    expect(outbox).to_contain_text("2 conflits à régler", timeout=30_000)
    expect(outbox).to_have_attribute("data-waiting", "0")
    review = outbox.locator("[data-review]")
    expect(review).to_have_text(["Permanence vue sur place", "Murs pignons vus sur place"])

    review.first.tap()
    expect(page.locator("#detail .conflict")).to_contain_text("Permanence selon le bureau")
    expect(page.get_by_label("Titre")).to_have_value("Permanence vue sur place")
    review.last.tap()  # the second in the same place: the first is still kept, not shown beside it
    expect(page.locator("#detail .conflict")).to_have_count(1)
    expect(page.get_by_label("Titre")).to_have_value("Murs pignons vus sur place")
    view.open_item("Plaque de rue")  # another item, then the tab is closed and opened again, signed in anew
    page.close()  # first, so that no answer of its own (its presence) brings back the cookie cleared here
    # The session changes while nothing reaches the server: a request still on its way as the cookies change (the
    # closed page's last presence, a worker's fetch) would be answered as an anonymous visitor's, its cookie over the
    # new session's.
    context.set_offline(True)
    context.clear_cookies()
    sign_in(context, owner)
    context.set_offline(False)
    page = watched(context.new_page(), problems)
    view = MapPage(page, live_server, demo_map.id).open()
    outbox, review = page.locator("#outbox"), page.locator("#outbox [data-review]")
    expect(outbox).to_contain_text("2 conflits à régler")

    review.first.tap()
    expect(page.get_by_label("Titre")).to_have_value("Permanence vue sur place")
    page.get_by_role("button", name="Garder ma version").tap()
    expect(page.locator("#detail h2")).to_have_text("Permanence vue sur place")
    expect(outbox).to_contain_text("1 conflit à régler")
    review.first.tap()
    page.get_by_role("link", name="Garder sa version").tap()
    expect(page.locator("#detail h2")).to_have_text("Murs pignons selon le bureau")
    expect(outbox).to_be_hidden()
    assert feature_titled(demo_map.id, "Permanence vue sur place").id == first.id
    assert feature_titled(demo_map.id, "Murs pignons selon le bureau").id == second.id
    assert problems == []
    context.close()


@pytest.mark.parametrize("visibility", ["public", "private"])  # signed out, a private map's item is not found (404)
def test_a_change_kept_while_the_session_ended_waits_for_the_person_to_sign_in_again(browser, live_server, sign_in,
                                                                                     owner, demo_map, visibility):
    demo_map.visibility = visibility
    db.session.commit()
    context, page, problems = tablet(browser, sign_in, owner)
    first = feature_titled(demo_map.id, FIRST)
    first_id, version = first.id, first.version
    MapPage(page, live_server, demo_map.id).open(f"/elements/{first_id}/modifier")
    context.set_offline(True)
    edit_offline(page, "Permanence vue sur place")
    context.clear_cookies()  # the session ended meanwhile (the browser restarted, or it was logged out elsewhere)

    context.set_offline(False)
    outbox = page.locator("#outbox")
    expect(outbox.get_by_role("link", name="Reconnectez-vous")).to_be_visible(timeout=30_000)
    expect(outbox).to_contain_text("1 changement attend le réseau")
    expect(outbox.locator("[data-review]")).to_have_count(0)
    assert feature_titled(demo_map.id, FIRST).version == version

    outbox.get_by_role("link", name="Reconnectez-vous").tap()
    page.get_by_label("Adresse e-mail").fill(owner.email)
    page.get_by_label("Mot de passe").fill("un mot de passe sûr")
    page.get_by_role("button", name="Se connecter").tap()
    expect(page).to_have_url(f"{live_server}/cartes/{demo_map.id}")  # back to the map, which sends what waited
    expect(page.get_by_role("link", name=re.compile("Permanence vue sur place"))).to_be_visible(timeout=30_000)
    expect(outbox).to_have_attribute("data-waiting", "0")
    expect(outbox).to_be_hidden()
    replayed = feature_titled(demo_map.id, "Permanence vue sur place")
    assert (replayed.id, replayed.version) == (first_id, version + 1)  # sent once
    assert problems == []
    context.close()


def test_a_refused_change_is_deleted_only_when_the_person_gives_it_up_after_reading_it(browser, live_server, sign_in,
                                                                                        owner, demo_map):
    context, page, problems = tablet(browser, sign_in, owner)
    first = feature_titled(demo_map.id, FIRST)
    view = MapPage(page, live_server, demo_map.id).open(f"/elements/{first.id}/modifier")
    context.set_offline(True)
    edit_offline(page, "Permanence vue sur place")
    removed = first.category  # the legend entry it names is removed meanwhile: the server refuses the change
    elsewhere = db.session.scalars(select(Category).where(Category.map_id == demo_map.id, Category.id != removed.id)
                                   ).first()
    removed.remove(move_to=elsewhere, author="Dominique")
    db.session.commit()

    context.set_offline(False)
    outbox = page.locator("#outbox")
    expect(outbox).to_contain_text("1 envoi refusé à revoir", timeout=30_000)
    outbox.get_by_role("button", name="Permanence vue sur place").tap()
    expect(page.locator("#detail")).to_contain_text("Choisissez une catégorie de la légende de cette carte.")
    kept = page.locator("#detail .outbox-entry")
    expect(kept).to_contain_text("Titre")
    expect(kept).to_contain_text("Permanence vue sur place")
    page.reload()  # reading it deleted nothing
    view.wait_painted()
    expect(outbox).to_contain_text("1 envoi refusé à revoir")

    outbox.get_by_role("button", name="Permanence vue sur place").tap()
    page.get_by_role("button", name="Abandonner ce changement").tap()
    expect(outbox).to_be_hidden()
    page.reload()
    view.wait_painted()
    expect(outbox).to_be_hidden()
    assert feature_titled(demo_map.id, FIRST).id == first.id
    assert problems == []
    context.close()


def test_two_tabs_back_online_send_each_change_once(browser, live_server, sign_in, owner, demo_map):
    context, page, problems = tablet(browser, sign_in, owner)
    first, second = feature_titled(demo_map.id, FIRST), feature_titled(demo_map.id, SECOND)
    versions = first.version, second.version
    MapPage(page, live_server, demo_map.id).open(f"/elements/{first.id}/modifier")
    other = watched(context.new_page(), problems)  # the same map in a second tab of the same browser
    MapPage(other, live_server, demo_map.id).open(f"/elements/{second.id}/modifier")
    sent = []
    for tab in (page, other):
        tab.on("request", lambda request: sent.append(request.url)
               if request.method == "POST" and "/elements/" in request.url else None)

    context.set_offline(True)
    edit_offline(page, "Permanence vue sur place")
    edit_offline(other, "Murs pignons vus sur place")
    expect(other.locator("#outbox")).to_contain_text("2 changements attendent le réseau")  # both, in one outbox

    context.set_offline(False)  # both tabs see the signal back, and both send what waits
    for tab in (page, other):
        expect(tab.locator("#outbox")).to_have_attribute("data-waiting", "0", timeout=30_000)
    assert (feature_titled(demo_map.id, "Permanence vue sur place").version,
            feature_titled(demo_map.id, "Murs pignons vus sur place").version) == (versions[0] + 1, versions[1] + 1)
    for tab in (page, other):  # nothing left, nothing to review, in either tab, even once it has looked again
        tab.evaluate("() => new Promise(done => {"
                     " document.addEventListener('outbox-sent', done, {once: true});"
                     " window.dispatchEvent(new Event('online')); })")
        expect(tab.locator("#outbox")).to_be_hidden()
        expect(tab.locator("#outbox [data-review]")).to_have_count(0)
    assert sorted(sent) == sorted([f"{live_server}/cartes/{demo_map.id}/elements/{first.id}",
                                   f"{live_server}/cartes/{demo_map.id}/elements/{second.id}"])  # each sent once
    assert problems == []
    context.close()
