"""Stored HTML injection in a real browser: a contributor writes, as the dossier's holder, an element htmx would
post at once with the page's CSRF token to make them owner; the owner opens the dossier and nothing is sent. And
htmx's defensive configuration as a page has it; a title waiting on the device shown as text on its shape."""
import json

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Membership
from tests.conftest import csrf_of, log_in
from tests.security.payloads import PAYLOAD


def attack(collective, membership):
    """What the contributor types as the holder's name: their own promotion, sent as soon as it is shown."""
    return (f'<b id=pwn hx-post="/collectifs/{collective.id}/membres/{membership.id}" '
            f'hx-vals=\'{{"role":"owner"}}\' hx-trigger="load">Centre social</b>')


def test_the_owner_opening_a_dossier_sends_nothing_a_contributor_wrote_in_it(app, page, live_server, sign_in, owner,
                                                                             member, collective, demo_map):
    nadia = member("Nadia", "contributor")
    membership = db.session.scalar(select(Membership).where(Membership.user_id == nadia.id))
    contributor = app.test_client()
    log_in(contributor, nadia.id)
    path = f"/cartes/{demo_map.id}/dossier"
    holder = attack(collective, membership)
    saved = contributor.post(path, data={"csrf_token": csrf_of(contributor, path), "version": "0",
                                         "holder_type": "centre_social", "holder_name": holder, "territory": "call"})
    assert saved.status_code == 303

    sign_in(page.context, owner)
    posts, problems = [], []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")  # a hx-trigger="load" would have fired by now
    db.session.expire_all()
    assert (db.session.get(Membership, membership.id).role, posts) == ("contributor", [])
    expect(page.get_by_text(f"Porteur : {holder}.")).to_have_count(1)  # the checklist's passed points say it, as text
    assert page.locator("#pwn").count() == 0 and problems == []


def test_htmx_is_told_to_ask_only_this_site_and_to_run_no_script_and_preparing_offline_still_works(
        map_page, demo_map):
    """The configuration htmx reads from the page; « Préparer hors ligne », whose panel brings its own island, still
    describes what it will keep once htmx no longer runs the scripts it swaps in."""
    view = map_page(demo_map.id).open()
    config = view.page.evaluate("() => [htmx.config.selfRequestsOnly, htmx.config.allowEval, "
                                "htmx.config.allowScriptTags]")
    assert config == [True, False, False], json.dumps(config)
    view.page.get_by_role("link", name="Préparer hors ligne").click()
    expect(view.page.locator("[data-estimate]")).to_contain_text("tuiles")
    view.page.get_by_role("link", name="Fermer").click()
    view.page.get_by_role("link", name="Préparer hors ligne").click()  # the island again, for a new panel
    expect(view.page.locator("[data-estimate]")).to_contain_text("tuiles")


def test_a_title_waiting_on_the_device_is_shown_as_text_on_its_shape(map_page, demo_map):
    """Offline, a new item waits in the outbox, drawn dashed with its title: the title stays text there too."""
    view = map_page(demo_map.id).open()
    page = view.page
    view.draw("Point", [(2.8950, 50.4440)])
    page.get_by_label("Titre").fill(PAYLOAD)
    page.context.set_offline(True)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#detail h2")).to_have_text("Enregistré sur cet appareil")
    page.mouse.move(*view.point_at(2.8950, 50.4440))
    waiting = page.locator(".leaflet-tooltip", has_text="En attente d'envoi")  # not the drawing tools' own hint
    expect(waiting).to_contain_text(PAYLOAD)
    assert page.locator("#pwn").count() == 0
    page.context.set_offline(False)
