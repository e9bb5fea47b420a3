"""The last phase's checklist, rule by rule: each item failing with what is wrong and where to fix it, and passing."""
from datetime import date

from app.dossier import calls
from app.final_report import checklist
from app.final_report.checklist import ClosingFacts, Ending, Goal

DOCUMENT = "Compte rendu d'exécution … Avec le soutien de l'État dans le cadre de l'ERBM Page 1 / 3"


def facts(**changes):
    """A project that keeps every rule, but for `changes`."""
    kept = {"notification": date(2026, 12, 15),
            "endings": (Ending("Verger", date(2028, 5, 20), True, "action:1"),
                        Ending("Fête", date(2028, 9, 30), False, "action:2"), Ending("Mare", None, False, "action:3")),
            "subsidy_cents": 450_000, "state_spent_cents": 320_050,
            "goals": (Goal("Verger", "Foyers", 35, "action:1"), Goal("Verger", "Arbres", 0, "action:1")),
            "document_text": DOCUMENT}
    return ClosingFacts(**{**kept, **changes})


def check(closing, call="ami-2026"):
    return checklist.check(closing, calls.get(call))


def one(checks, code):
    found = [item for item in checks if item.code == code]
    assert len(found) == 1, found
    return found[0]


def said(item):
    return str(item.message).replace("\u00a0", " ").replace("\u202f", " ")


def test_a_project_that_keeps_every_rule_passes_each_item_with_its_section():
    checks = check(facts())
    assert [(item.code, item.ok, item.section) for item in checks] == [
        ("report_end", True, "AMI §8"), ("report_spending", True, "AMI §7"), ("report_measured", True, "AMI §10"),
        ("report_mention", True, "AMI §9")]
    assert said(checks[0]) == ("Le projet s'achève le 30 septembre 2028 (fin prévue de l'action « Fête »), dans les "
                               "24 mois suivant la notification du 15 décembre 2026.")
    assert said(checks[1]) == ("Dépenses réalisées sur la subvention de l'État : 3 200,50 €, dans la subvention de "
                               "4 500,00 €.")
    assert said(checks[2]) == "Objectifs chiffrés mesurés : 2 sur 2."  # a 0 counted is a measure


def test_the_last_end_must_fall_within_24_months_of_the_notification():
    on_the_day = facts(endings=(Ending("Verger", date(2028, 12, 15), True, "action:1"),))
    assert one(check(on_the_day), "report_end").ok
    late = one(check(facts(endings=(Ending("Verger", date(2028, 12, 16), True, "action:1"),
                                    Ending("Fête", date(2028, 9, 30), False, "action:2")))), "report_end")
    assert not late.ok and late.field == "action:1"
    assert said(late) == (
        "Le projet s'achève le 16 décembre 2028 (fin réelle de l'action « Verger »), après le 15 décembre 2028, fin "
        "des 24 mois suivant la notification du 15 décembre 2026 : vérifiez les dates de cette action sur sa page ; "
        "si elles sont justes, le projet dépasse le délai de l'AMI.")


def test_the_end_is_not_judged_without_a_notification_nor_without_a_dated_action():
    unnotified = one(check(facts(notification=None)), "report_end")
    assert not unnotified.ok and unnotified.field == "notified_on"
    assert said(unnotified).startswith("Indiquez la date de notification de la subvention sur la page « Candidature »")
    undated = one(check(facts(endings=(Ending("Mare", None, False, "action:3"),))), "report_end")
    assert not undated.ok and undated.field == "actions"
    assert "Aucune action n'a de date de fin" in said(undated)


def test_spending_on_the_state_s_lines_stays_within_the_subsidy_and_its_cap():
    assert one(check(facts(state_spent_cents=450_000)), "report_spending").ok  # all of it, not a cent more
    over = one(check(facts(state_spent_cents=450_001)), "report_spending")
    assert not over.ok and over.field == "spending"
    assert said(over) == (
        "Les dépenses réalisées sur les lignes financées par l'État (4 500,01 €) dépassent la subvention de "
        "4 500,00 € de 0,01 € : l'État ne paiera pas le surplus ; portez-le sur un autre financeur dans les lignes "
        "de budget des actions.")
    # Lines asking the State more than the call's cap: the subsidy is the cap.
    capped = one(check(facts(subsidy_cents=1_200_000, state_spent_cents=1_050_000)), "report_spending")
    assert not capped.ok and "dépassent la subvention de 10 000,00 € de 500,00 €" in said(capped)


def test_every_objectif_chiffre_is_measured():
    checks = check(facts(goals=(Goal("Verger", "Foyers", 35, "action:1"), Goal("Outilthèque", "Prêts", None,
                                                                              "action:4"))))
    missing = one(checks, "report_measured")
    assert not missing.ok and missing.field == "action:4"
    assert said(missing) == ("L'objectif « Prêts » de l'action « Outilthèque » n'a pas été mesuré : ajoutez ce qui "
                             "a été atteint sur la page de l'action.")
    none = one(check(facts(goals=())), "report_measured")
    assert not none.ok and none.field == "actions" and said(none).startswith("Aucun objectif chiffré")


def test_the_report_itself_carries_the_mention():
    missing = one(check(facts(document_text="Compte rendu d'exécution Page 1 / 3")), "report_mention")
    assert not missing.ok and missing.section == "AMI §9"
    assert said(missing) == ("La mention « Avec le soutien de l'État dans le cadre de l'ERBM » manque au compte "
                             "rendu : ajoutez-la en pied de chaque page avant de l'envoyer.")


def test_a_call_without_an_end_rule_nor_a_mention_does_not_check_them():
    """The Région's framework (seed 003) bounds no end and asks no mention: its checklist has neither."""
    assert [item.code for item in check(facts(), "region-dsdt-gup")] == ["report_spending", "report_measured"]
