"""COPIL meetings: a member who edits records one (its report frozen that day), its decisions become or update
actions, shown both ways; bad input comes back as typed with nothing stored; a stale edit is a conflict that keeps
what was typed; the past meetings are listed newest first; viewers read them, without the forms."""
import re
from datetime import date

from app.extensions import db
from app.models import Action, CopilDecision, CopilMeeting, Dossier, Indicator
from tests.conftest import log_in
from tests.support import state


def url(map_, *rest):
    return "/".join([f"/cartes/{map_.id}/copil/reunions", *map(str, rest)])


def orchard(map_):
    """A running action with an indicator half reached, and a dossier filed."""
    action = Action.add(map_, kind="jardin_collectif", title="Verger partagé", starts_on=date(2027, 3, 1),
                        ends_on=date(2028, 6, 30), status="running")
    action.indicators = [Indicator(position=0, label="Arbres plantés", target=12, reached=6)]
    db.session.add(Dossier(map=map_, holder_name="Centre social", filed_on=date(2026, 9, 15), contexts=[], annex={},
                           citations={}, pieces_ready=[]))
    db.session.commit()
    return action


def meeting_form(csrf, *decisions, **values):
    """The form as a browser sends it: `decisions` are dicts of a row's fields (without the row's prefix)."""
    data = {"csrf_token": csrf, "held_on": "2027-03-12", "attendees": "Maisons & Cités\nVille de Harnes\nNadia B.",
            **values}
    for index, typed in enumerate(decisions or [{}]):
        row = {"decision_id": "", "text": "", "owner": "", "due_on": "", "follow_up": "", "kind": "jardin_collectif",
               "action": "", "status": "", "ends_on": "", **typed}
        data.update({f"decisions-{index}-{name}": value for name, value in row.items()})
    return data


def page_of(response):
    return response.get_data(as_text=True).replace("&#39;", "'").replace("&amp;", "&").replace("\u00a0", " ")


def test_a_meeting_is_recorded_with_its_report_frozen_that_day(client, csrf, demo_map):
    action = orchard(demo_map)
    response = client.post(url(demo_map), data=meeting_form(csrf, {"text": "Planter la haie en novembre.",
                                                                    "owner": "Karim", "due_on": "2027-11-30"}))
    assert response.status_code == 303
    meeting = CopilMeeting.of_map(demo_map.id)[0]
    assert response.headers["Location"].endswith(url(demo_map, meeting.id))
    page = page_of(client.get(url(demo_map, meeting.id)))
    assert "Réunion du COPIL enregistrée, avec le point d'étape de ce jour." in page
    assert "COPIL du 12 mars 2027" in page and "Maisons & Cités" in page and "Nadia B." in page
    assert "Planter la haie en novembre." in page and "Karim" in page and "30 novembre 2027" in page
    assert "En cours : <strong>1</strong>" in page and "Arbres plantés" in page and "50 %" in page

    action.status, action.title = "done", "Verger terminé"
    action.indicators[0].reached = 12
    Action.add(demo_map, kind="convivialite", title="Fête des jardins")
    db.session.commit()
    again = page_of(client.get(url(demo_map, meeting.id)))
    frozen = again[again.index("Point d'étape présenté ce jour"):]
    assert "En cours : <strong>1</strong>" in frozen and "50 %" in frozen and "Verger partagé" in frozen
    assert "Réalisée" not in frozen and "Verger terminé" not in frozen and "Fête des jardins" not in frozen
    live = page_of(client.get(f"/cartes/{demo_map.id}/copil"))
    assert "Réalisée : <strong>1</strong>" in live and "Fête des jardins" in live  # today's report has moved on


def test_a_decision_becomes_a_new_planned_action_ending_at_its_due_date(client, csrf, demo_map):
    orchard(demo_map)
    text = "Ouvrir une outilthèque à la maison du projet\nAvec les bénévoles du jeudi."
    client.post(url(demo_map), data=meeting_form(csrf, {"text": text, "owner": "Centre social", "due_on": "2027-06-30",
                                                        "follow_up": "new", "kind": "ressources"}))
    made = Action.of_map(demo_map.id)[-1]
    assert (made.title, made.status, made.ends_on, made.kind, made.position) == (
        "Ouvrir une outilthèque à la maison du projet", "planned", date(2027, 6, 30), "ressources", 2)
    assert "Décidé au COPIL du 12 mars 2027" in made.description
    decision = db.session.scalars(db.select(CopilDecision)).one()
    assert (decision.action_id, decision.outcome) == (made.id, "created")
    meeting_page = page_of(client.get(url(demo_map, decision.meeting_id)))
    link = f'<a href="/cartes/{demo_map.id}/actions/{made.id}">2. Ouvrir une outilthèque'
    assert f"Devenue l'action {link}" in meeting_page
    action_page = page_of(client.get(f"/cartes/{demo_map.id}/actions/{made.id}"))
    assert f'href="{url(demo_map, decision.meeting_id)}">COPIL du 12 mars 2027</a>' in action_page
    assert "a créé cette action" in action_page
    listed = page_of(client.get(f"/cartes/{demo_map.id}/actions", headers={"HX-Request": "true"}))
    assert "Ouvrir une outilthèque à la maison du projet" in listed
    client.post(f"/cartes/{demo_map.id}/actions/{made.id}/supprimer", data={"csrf_token": csrf})
    meeting_page = page_of(client.get(url(demo_map, decision.meeting_id)))
    assert "Ouvrir une outilthèque à la maison du projet" in meeting_page  # the decision stays
    assert "L'action de cette décision a été supprimée depuis." in meeting_page


def test_a_decision_updates_an_action_s_status_and_end_once(client, csrf, demo_map):
    action = orchard(demo_map)
    row = {"text": "Le verger est prolongé d'un an.", "follow_up": "update", "action": str(action.id),
           "status": "planned", "ends_on": "2028-12-15"}
    client.post(url(demo_map), data=meeting_form(csrf, row))
    db.session.expire_all()
    assert (action.status, action.ends_on) == ("planned", date(2028, 12, 15))
    meeting = CopilMeeting.of_map(demo_map.id)[0]
    page = page_of(client.get(url(demo_map, meeting.id)))
    assert "A mis à jour l'action" in page and "avancement : Prévue · fin : 15 décembre 2028" in page
    assert "l'a mise à jour" in page_of(client.get(f"/cartes/{demo_map.id}/actions/{action.id}"))

    # The action moves on; editing the meeting's decision (its text) does not apply it again.
    action.status = "running"
    db.session.commit()
    decision = meeting.decisions[0]
    edited = {**row, "decision_id": str(decision.id), "text": "Le verger est prolongé."}
    response = client.post(url(demo_map, meeting.id), data=meeting_form(csrf, edited, version=str(meeting.version)))
    assert response.status_code == 303
    db.session.expire_all()
    assert action.status == "running" and decision.text == "Le verger est prolongé."


def test_an_update_names_its_action_and_what_changes(client, csrf, demo_map):
    action = orchard(demo_map)
    before = state.everything()
    response = client.post(url(demo_map), data=meeting_form(
        csrf, {"text": "Revoir le verger.", "follow_up": "update"},
        {"text": "Avancer la fin.", "follow_up": "update", "action": str(action.id), "ends_on": "2027-01-10"}))
    assert response.status_code == 422
    page = page_of(response)
    assert "Choisissez l'action à mettre à jour." in page
    assert "Indiquez le nouvel avancement, la nouvelle date de fin, ou les deux." in page
    assert "La fin doit venir après le début de l'action." in page
    assert "Revoir le verger." in page and "Avancer la fin." in page and "Nadia B." in page
    assert state.everything() == before


def test_a_refused_meeting_comes_back_as_typed_and_keeps_nothing(client, csrf, demo_map):
    before = state.everything()
    response = client.post(url(demo_map), data=meeting_form(
        csrf, {"owner": "Karim", "follow_up": "new"}, {"text": "Une fête en juin.", "due_on": "30/06"},
        held_on="", attendees="  "))
    assert response.status_code == 422
    page = page_of(response)
    assert "Indiquez la date de la réunion." in page
    assert "Nommez au moins une personne ou une structure présente." in page
    assert "Écrivez la décision." in page and "Date invalide." in page
    assert 'value="Karim"' in page and "Une fête en juin." in page
    assert state.everything() == before


def test_more_decision_rows_are_offered_without_saving(client, csrf, demo_map):
    before = state.everything()
    data = {**meeting_form(csrf, {"text": "Première décision."}), "more": "decision"}
    response = client.post(url(demo_map), data=data)
    assert response.status_code == 200
    page = page_of(response)
    assert "Première décision." in page and 'name="decisions-1-text"' in page
    assert state.everything() == before


def test_a_stale_edit_is_a_conflict_that_keeps_what_was_typed(client, csrf, demo_map):
    orchard(demo_map)
    client.post(url(demo_map), data=meeting_form(csrf, {"text": "Première décision."}))
    meeting = CopilMeeting.of_map(demo_map.id)[0]
    opened = str(meeting.version)
    first = meeting.decisions[0]
    ours = {"decision_id": str(first.id), "text": "Première décision, revue."}
    theirs = client.post(url(demo_map, meeting.id), data=meeting_form(
        csrf, {"decision_id": str(first.id), "text": "Leur version."}, {"text": "Leur ajout."}, version=opened))
    assert theirs.status_code == 303
    response = client.post(url(demo_map, meeting.id), data=meeting_form(csrf, ours, attendees="Nous", version=opened))
    assert response.status_code == 409
    page = page_of(response)
    assert "Quelqu'un a enregistré cette réunion pendant que vous la modifiiez." in page
    assert "Première décision, revue." in page and "Nous</textarea>" in page  # ours, in the form
    assert "Leur ajout." in page  # theirs, recalled below
    db.session.expire_all()
    assert [d.text for d in meeting.decisions] == ["Leur version.", "Leur ajout."]
    version = page[page.index('name="version"'):].split('value="')[1].split('"')[0]
    again = client.post(url(demo_map, meeting.id), data=meeting_form(csrf, ours, attendees="Nous", version=version))
    assert again.status_code == 303
    db.session.expire_all()
    assert [d.text for d in meeting.decisions] == ["Première décision, revue."] and meeting.attendees == "Nous"


def test_past_meetings_are_listed_newest_first_and_deleting_one_keeps_its_actions(client, csrf, demo_map):
    for day in ("2027-03-12", "2027-09-20", "2027-06-05"):
        client.post(url(demo_map), data=meeting_form(csrf, {"text": f"Décision du {day}", "follow_up": "new"},
                                                     held_on=day))
    page = page_of(client.get(f"/cartes/{demo_map.id}/copil"))
    listed = page[page.index("Réunions du COPIL"):]
    days = ["COPIL du 20 septembre 2027", "COPIL du 5 juin 2027", "COPIL du 12 mars 2027"]
    assert [listed.index(day) for day in days] == sorted(listed.index(day) for day in days)
    assert re.search(r"3 présents\s+· 1 décision<", listed) and "Enregistrer une réunion du COPIL" in listed
    meetings = CopilMeeting.of_map(demo_map.id)
    assert f'href="/cartes/{demo_map.id}/dossier/copil/{meetings[0].id}.pdf"' in listed
    response = client.post(url(demo_map, meetings[0].id, "supprimer"), data={"csrf_token": csrf})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/cartes/{demo_map.id}/copil")
    assert len(CopilMeeting.of_map(demo_map.id)) == 2 and len(Action.of_map(demo_map.id)) == 3
    assert "COPIL du 20 septembre 2027" not in page_of(client.get(f"/cartes/{demo_map.id}/copil"))


def test_a_viewer_reads_meetings_without_the_forms(app, client, csrf, member, demo_map):
    client.post(url(demo_map), data=meeting_form(csrf, {"text": "Planter la haie."}))
    meeting = CopilMeeting.of_map(demo_map.id)[0]
    viewer = app.test_client()
    log_in(viewer, member("Vera", "viewer").id)
    page = page_of(viewer.get(url(demo_map, meeting.id)))
    assert "Planter la haie." in page and "Modifier la réunion" not in page
    assert "Enregistrer une réunion du COPIL" not in page_of(viewer.get(f"/cartes/{demo_map.id}/copil"))


def test_what_was_typed_is_shown_as_text(client, csrf, demo_map):
    typed = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    client.post(url(demo_map), data=meeting_form(csrf, {"text": typed, "owner": typed}, attendees=typed))
    meeting = CopilMeeting.of_map(demo_map.id)[0]
    page = client.get(url(demo_map, meeting.id)).get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;alert(1)" in page


def test_a_row_naming_another_meeting_s_decision_leaves_it_alone(client, csrf, demo_map, empty_map):
    """A forged `decision_id` is a new decision of this meeting: the other map's decision stays as it was."""
    for map_ in (demo_map, empty_map):
        client.post(url(map_), data=meeting_form(csrf, {"text": f"Décision de {map_.name}"}))
    ours, theirs = CopilMeeting.of_map(demo_map.id)[0], CopilMeeting.of_map(empty_map.id)[0]
    forged = {"decision_id": str(theirs.decisions[0].id), "text": "Réécrite"}
    response = client.post(url(demo_map, ours.id), data=meeting_form(csrf, forged, version=str(ours.version)))
    assert response.status_code == 303
    db.session.expire_all()
    assert [d.text for d in theirs.decisions] == ["Décision de Cité test"]
    assert [d.text for d in ours.decisions] == ["Réécrite"]
    assert client.get(url(empty_map, ours.id)).status_code == 404  # a meeting through another map's URL
