"""A resident deletes their own comment from the thread, and it is gone."""
from playwright.sync_api import expect

from app.demo import demo_contribution_link
from app.extensions import db
from app.models import Comment, Feature
from tests.browser.test_moderation import opened_by


def test_a_resident_deletes_their_comment_and_sees_it_go(browser, live_server, demo_map):
    orchard = next(f for f in Feature.listed(demo_map.id)[0] if "Arbres fruitiers" in f.title)
    Comment.add(orchard, "Les pommes sont mûres.", author="Mireille")  # someone else's: not Karim's to delete
    link = demo_contribution_link(demo_map)
    db.session.commit()
    karim = opened_by(browser, live_server, link, "Karim")
    page = karim.page
    karim.open_item("Arbres fruitiers")
    page.get_by_label("Commentaire", exact=True).fill("Il manque un banc ici.")
    page.get_by_role("button", name="Commenter").tap()
    thread = page.locator("#comment-thread")
    expect(thread.locator(".comment-list li")).to_have_count(2)
    expect(thread.get_by_role("button", name="Supprimer ce commentaire")).to_have_count(1)  # his own only

    page.once("dialog", lambda dialog: dialog.accept())  # « Supprimer ce commentaire pour de bon ? »
    thread.get_by_role("button", name="Supprimer ce commentaire").tap()
    expect(thread.locator(".comment-list li")).to_have_count(1)
    expect(thread).not_to_contain_text("Il manque un banc ici.")
    expect(thread).to_contain_text("Les pommes sont mûres.")
    expect(thread.locator(".count")).to_have_text("1")
    page.context.close()
