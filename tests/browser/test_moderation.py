"""Moderation that sees what it validates: the drawings that wait are on the map of those who decide them, and can
be moved before they are validated."""
from playwright.sync_api import expect
from shapely.geometry import Point

from app.extensions import db
from app.models import ContributionLink, Feature, Proposal
from tests.browser.conftest import MapPage
from tests.browser.test_offline import keep_on_this_device, watched

WAITING = ".leaflet-tappable-pane path"  # the proposals' dashed shapes (proposals.js, through map.js)


def proposed(map_, title, at=(2.8950, 50.4440), author="Lou"):
    link = ContributionLink(map_id=map_.id, moderated=True, label="Balade")
    db.session.add(link)
    db.session.flush()
    proposal = Proposal.propose(map_, link, map_.categories[0], title, "", Point(*at), author=author)
    db.session.commit()
    return proposal


def test_the_moderator_sees_the_waiting_drawing_opens_it_and_moves_it_before_validating(browser, live_server,
                                                                                         sign_in, owner, member,
                                                                                         demo_map):
    proposed(demo_map, "Composteur collectif")
    proposed(demo_map, "Banc", at=(2.8930, 50.4430))
    viewer = MapPage(sign_in(browser.new_context(), member("Bruno", "viewer")).new_page(), live_server,
                     demo_map.id).open()
    view = MapPage(sign_in(browser.new_context(), owner).new_page(), live_server, demo_map.id).open()
    page = view.page
    expect(page.locator("#map")).to_have_attribute("data-proposals", "2")
    waiting = page.locator(WAITING)
    expect(waiting).to_have_count(2)
    for shape in (waiting.first, waiting.last):  # dashed orange: not an item yet
        expect(shape).to_have_attribute("stroke-dasharray", "8 6")
        expect(shape).to_have_attribute("stroke", "#e8590c")
    expect(viewer.page.locator(WAITING)).to_have_count(0)  # someone who does not moderate sees nothing waiting

    view.click_at(2.8950, 50.4440)
    expect(page.locator("#detail h2")).to_have_text("Proposition en attente")
    expect(page.locator("#detail .proposal")).to_contain_text("proposé par Lou")
    page.get_by_role("link", name="Corriger").click()
    page.get_by_role("button", name="Modifier la forme sur la carte").click()
    expect(waiting).to_have_count(1)  # the dashed one gives way to the shape being moved
    start, end = view.point_at(2.8950, 50.4440), view.point_at(2.8960, 50.4445)
    page.wait_for_selector("#map[data-editor=ready]", state="attached")
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()
    expect(page.locator("#detail input[name=geometry]")).not_to_have_value(
        '{"type": "Point", "coordinates": [2.895, 50.444]}')
    page.get_by_label("Titre").fill("Composteur de la cour")
    page.get_by_role("button", name="Enregistrer et valider").click()
    expect(page.locator("#detail h2")).to_have_text("Composteur de la cour")
    expect(page.locator("#map")).to_have_attribute("data-proposals", "1")
    feature = db.session.query(Feature).filter_by(title="Composteur de la cour").one()
    assert abs(feature.shape.x - 2.8960) < 0.0002 and abs(feature.shape.y - 50.4445) < 0.0002
    page.reload()  # a fresh page, nothing highlighted: a tap on an item goes through the proposals' layer
    view.wait_painted()
    expect(page.locator("#map")).to_have_attribute("data-proposals", "1")
    view.click_at(2.8960, 50.4445)
    expect(page.locator("#detail h2")).to_contain_text("Composteur de la cour")


def opened_by(browser, live_server, link, pseudonym):
    """A resident's tablet that opened the contribution link under a pseudonym, on the map."""
    context = browser.new_context(viewport={"width": 768, "height": 1024}, has_touch=True, is_mobile=True)
    view = MapPage(context.new_page(), live_server, link.map_id)
    view.page.goto(f"{live_server}/contribuer/{link.token}")
    view.page.get_by_label("Votre prénom ou pseudonyme").fill(pseudonym)
    view.page.get_by_role("button", name="Ouvrir la carte").tap()
    view.wait_painted()
    return view


def test_the_resident_follows_their_proposal_until_it_is_refused_and_another_resident_sees_nothing(
        browser, live_server, demo_map):
    link = ContributionLink(map_id=demo_map.id, moderated=True, label="Balade")
    db.session.add(link)
    db.session.commit()
    karim = opened_by(browser, live_server, link, "Karim")
    page = karim.page
    karim.draw("Point", [(2.8950, 50.4440)], tap=True)
    page.get_by_label("Titre").fill("Composteur <b>collectif</b>")
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#detail")).to_contain_text("attend la validation")
    mine = page.locator(WAITING)
    expect(mine).to_have_count(1)  # on his map, dashed orange, not yet an item
    expect(mine).to_have_attribute("stroke", "#e8590c")
    page.get_by_role("link", name="Mes propositions").first.tap()
    expect(page.locator("#my-proposals .proposal")).to_have_text(["Composteur <b>collectif</b> en attente"],
                                                                 use_inner_text=True)

    other = opened_by(browser, live_server, link, "Karim")  # the same link and the same name, another tablet
    other.page.get_by_role("link", name="Mes propositions").tap()
    expect(other.page.locator("#my-proposals")).to_contain_text("Vous n'avez encore rien proposé")
    expect(other.page.locator("#map")).to_have_attribute("data-proposals", "0")
    expect(other.page.locator(WAITING)).to_have_count(0)

    proposal = db.session.query(Proposal).one()
    proposal.reject(demo_map, "Déjà sur la carte, n° 7", author="Camille")
    db.session.commit()
    # Karim's open list and map follow, without reloading.
    expect(page.locator("#my-proposals .proposal")).to_have_text(
        ["Composteur <b>collectif</b> refusée : Déjà sur la carte, n° 7"], use_inner_text=True, timeout=15_000)
    expect(mine).to_have_attribute("stroke", "#868e96", timeout=15_000)
    expect(other.page.locator("#my-proposals")).not_to_contain_text("Composteur")


def test_a_resident_draws_offline_through_the_link_and_it_waits_once_back_online(browser, live_server, demo_map):
    link = ContributionLink(map_id=demo_map.id, moderated=True, label="Balade")
    db.session.add(link)
    db.session.commit()
    karim = opened_by(browser, live_server, link, "Karim")
    page, problems = karim.page, []
    watched(page, problems)
    keep_on_this_device(page)

    page.context.set_offline(True)
    karim.draw("Point", [(2.8950, 50.4440)], tap=True)
    page.get_by_label("Titre").fill("Composteur collectif")
    page.get_by_role("button", name="Enregistrer").tap()
    expect(page.locator("#detail h2")).to_have_text("Enregistré sur cet appareil")
    expect(page.locator("#outbox")).to_contain_text("1 changement attend le réseau")
    assert db.session.query(Proposal).count() == 0

    answers = []

    def lose_the_first_answer(route):
        """The first sending reaches the server, but its answer never comes back: the tablet sends it again."""
        if route.request.method != "POST":
            return route.continue_()
        answer = route.fetch()
        answers.append(answer.status)
        return route.abort() if len(answers) == 1 else route.fulfill(response=answer)

    creating = f"/cartes/{demo_map.id}/elements"  # read here: the route's handler runs outside the app's context
    page.route(lambda url: url.endswith(creating), lose_the_first_answer)
    page.context.set_offline(False)
    expect(page.locator("#outbox")).to_have_attribute("data-waiting", "0", timeout=60_000)  # sent again, later
    assert answers == [200, 200]
    db.session.expire_all()
    [proposal] = db.session.query(Proposal).all()
    assert (proposal.title, proposal.author, proposal.status) == ("Composteur collectif", "Karim", "waiting")
    assert proposal.contributor is not None  # his: in his « Mes propositions »
    page.get_by_role("link", name="Mes propositions").first.tap()
    expect(page.locator("#my-proposals .proposal")).to_have_text(["Composteur collectif en attente"],
                                                                 use_inner_text=True)
    expect(page.locator(WAITING)).to_have_count(1)
    assert problems == []
