"""Two people on the same map: what one does appears on the other's map and list without reloading."""

from playwright.sync_api import expect

from tests.browser.conftest import MapPage


def two_editors(browser, sign_in, member):
    """Alice and Bruno, editors of the map's collective, each in their own browser."""
    return (sign_in(browser.new_context(locale="fr-FR"), member("Alice", "editor")),
            sign_in(browser.new_context(locale="fr-FR"), member("Bruno", "editor")))


def test_an_item_drawn_by_one_appears_for_the_other(browser, live_server, sign_in, member, demo_map):
    first, second = two_editors(browser, sign_in, member)
    drawer = MapPage(first.new_page(), live_server, demo_map.id).open()
    watcher = MapPage(second.new_page(), live_server, demo_map.id).open()
    watcher.wait_painted(18)

    drawer.draw("Point", [(2.8950, 50.4440)])
    drawer.page.get_by_label("Titre").fill("Hôtel à insectes")
    drawer.page.get_by_role("button", name="Enregistrer").click()
    expect(drawer.page.locator("#detail h2")).to_have_text("Hôtel à insectes")

    expect(watcher.page.locator("#features")).to_contain_text("Hôtel à insectes", timeout=15000)
    expect(watcher.page.locator("#features .feature-list > li")).to_have_count(19)
    watcher.wait_for_colour_near(2.8950, 50.4440, (0xE8, 0xA3, 0x3D))  # the first category's colour

    drawer.page.get_by_role("button", name="Supprimer").click()
    expect(watcher.page.locator("#features .feature-list > li")).to_have_count(18, timeout=15000)
    watcher.wait_for_colour_near(2.8950, 50.4440, (0xE8, 0xA3, 0x3D), present=False)
    first.close()
    second.close()


def test_history_lists_a_change_and_restores_the_earlier_state(map_page, demo_map):
    view = map_page(demo_map.id).open()
    page = view.page
    view.open_item("Le dernier pigeonnier")
    view.rename("Pigeonnier démoli")

    page.locator("#detail").get_by_role("link", name="Historique").click()
    history = page.locator("#detail")
    expect(history.locator("h2")).to_have_text("Historique de l'élément 14")
    expect(history).to_contain_text("« Le dernier pigeonnier de la cité d'Orient » → « Pigeonnier démoli »")
    history.get_by_role("button", name="Rétablir cet état").click()
    expect(page.locator("#detail h2")).to_have_text("Le dernier pigeonnier de la cité d'Orient")
    expect(page.locator("#detail")).to_contain_text("a retrouvé son état du")
    expect(page.locator("#features")).to_contain_text("Le dernier pigeonnier de la cité d'Orient")


def test_two_people_edit_the_same_item_the_second_sees_the_conflict_and_chooses(browser, live_server, sign_in, member,
                                                                               demo_map):
    first, second = two_editors(browser, sign_in, member)
    alice = MapPage(first.new_page(), live_server, demo_map.id).open()
    bruno = MapPage(second.new_page(), live_server, demo_map.id).open()
    bruno.open_item("Croisement des voyettes")
    bruno.page.get_by_role("link", name="Modifier", exact=True).click()
    expect(bruno.page.get_by_label("Titre")).to_be_visible()
    alice.open_item("Croisement des voyettes")
    alice.rename("Placette des voyettes")  # while Bruno's form is open

    bruno.page.get_by_label("Description").fill("Un banc et un bac à compost")
    bruno.page.get_by_role("button", name="Enregistrer").click()
    conflict = bruno.page.locator(".conflict")
    expect(conflict).to_contain_text("Quelqu'un d'autre a modifié cet élément")
    expect(conflict).to_contain_text("« Placette des voyettes »")
    expect(bruno.page.get_by_label("Description")).to_have_value("Un banc et un bac à compost")  # kept
    bruno.page.get_by_label("Titre").fill("Placette des voyettes")  # Bruno takes Alice's title, keeps his text
    conflict.get_by_role("button", name="Garder ma version").click()
    expect(bruno.page.locator("#detail h2")).to_have_text("Placette des voyettes")
    expect(bruno.page.locator("#detail")).to_contain_text("Un banc et un bac à compost")

    bruno.page.locator("#detail").get_by_role("link", name="Historique").click()
    expect(bruno.page.locator("#detail .history-entry")).to_have_count(3)  # added, Alice's change, Bruno's change
    first.close()
    second.close()


def test_a_comment_appears_for_the_other_person_without_losing_what_they_type(browser, live_server, sign_in, member,
                                                                             demo_map):
    first, second = two_editors(browser, sign_in, member)
    alice = MapPage(first.new_page(), live_server, demo_map.id).open()
    bruno = MapPage(second.new_page(), live_server, demo_map.id).open()
    for person in (alice, bruno):
        person.open_item("Arbres fruitiers")
        expect(person.page.get_by_label("Commentaire", exact=True)).to_be_visible()
    bruno.page.get_by_label("Commentaire", exact=True).fill("Je peux prêter une échelle")  # typing, not sent yet

    alice.page.get_by_label("Commentaire", exact=True).fill("La cueillette est le 14 septembre.")
    expect(alice.page.get_by_label("Votre prénom ou pseudonyme (facultatif)")).to_have_count(0)  # she has an account
    alice.page.get_by_role("button", name="Commenter").click()
    expect(alice.page.locator("#comment-thread")).to_contain_text("La cueillette est le 14 septembre.")
    expect(alice.page.locator("#comment-thread")).to_contain_text("Alice")
    expect(alice.page.get_by_label("Commentaire", exact=True)).to_have_value("")

    expect(bruno.page.locator("#comment-thread")).to_contain_text("La cueillette est le 14 septembre.", timeout=15000)
    expect(bruno.page.get_by_label("Commentaire", exact=True)).to_have_value("Je peux prêter une échelle")
    first.close()
    second.close()
