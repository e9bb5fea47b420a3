"""The AMI's rules, as its call file (app/dossier/calls/ami-2026.toml) chooses them: for each rule, a dossier that
meets it and one that does not, and what the porteur reads.

Every case starts from BASELINE, a complete and valid dossier, and changes one thing. Messages are lazy French
strings formatted in the app's locale; the autouse `app_context` fixture of tests/conftest.py provides it.
"""
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.dossier import calls, rules
from app.dossier.rules import (
    ActionFacts,
    BudgetFacts,
    DossierFacts,
    add_months,
    is_ready,
    reste_a_charge_cents,
    reste_a_charge_share,
)

AMI = calls.get("ami-2026")
ANNEX_TOPICS, HOLDER_TYPES, PIECES, TERRITORIES = AMI.annex_topics, AMI.holders, AMI.pieces, AMI.territories
COLLECTIVITES = AMI.own_share_holders


def check(facts):
    """The AMI's checklist of these facts."""
    return rules.check(facts, AMI)

NNBSP, NBSP = "\u202f", "\u00a0"  # what Babel's French puts between thousands, and before € and %

ORCHARD = ActionFacts(
    "Verger partagé", date(2027, 3, 1), date(2028, 6, 30),
    (BudgetFacts("Animation des ateliers de taille", 300_000, "animation", "etat"),
     # Running costs shown as in-kind contribution, as §7 allows.
     BudgetFacts("Loyer du local", 120_000, "fonctionnement", "valorisation")))
BASELINE = DossierFacts(
    holder_type="association_habitants", holder_name="Les Jardins de la cité d'Orient", territory="call",
    amount_asked_cents=800_000, total_cost_cents=1_000_000, co_funding_cents=0, notification=None,
    annex=dict.fromkeys(ANNEX_TOPICS, "Un texte rédigé par le collectif. Il dit ce qui se fera au jardin. "
                                      "Les habitants l'ont relu."),
    cited=dict.fromkeys(ANNEX_TOPICS, 1), goals=1, partners="Maisons & Cités\nCentre social Jacques-Prévert",
    coordination="Maisons & Cités prête les jardins vacants et participe au comité de suivi.",
    evaluation="Un questionnaire aux habitants.", communication="Une affiche par saison.",
    pieces_ready=frozenset(PIECES), actions=(ORCHARD,))


def with_action(**changes):
    """The baseline with its one action changed."""
    return replace(BASELINE, actions=(replace(ORCHARD, **changes),))


def with_line(kind, funder, label="Dépense testée"):
    """The baseline with one more budget line in its action."""
    return with_action(budget_lines=(*ORCHARD.budget_lines, BudgetFacts(label, 50_000, kind, funder)))


def failures(facts):
    """The rules the dossier does not meet."""
    return [c for c in check(facts) if not c.ok]


def only_failure(facts, code):
    """The one rule broken, checked to be `code`; its message as text."""
    broken = failures(facts)
    assert [c.code for c in broken] == [code], [str(c.message) for c in broken]
    return str(broken[0].message)


def passes(facts, code):
    """Every rule is met, and the rule `code` was indeed judged."""
    checks = check(facts)
    assert [str(c.message) for c in checks if not c.ok] == []
    assert code in {c.code for c in checks}
    return True


def money(text):
    """The text with its figures spaced as French prints them: 10 000 € is « 10\u202f000\u00a0€ »."""
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", NNBSP, text)
    return text.replace(" €", f"{NBSP}€").replace(" %", f"{NBSP}%")


def test_the_baseline_meets_every_rule_and_is_ready():
    checks = check(BASELINE)
    assert all(c.ok for c in checks) and is_ready(checks)
    assert all(str(c.message) for c in checks)


def test_checks_read_in_the_dossier_order():
    codes = [c.code for c in check(BASELINE)]
    order = ["holder_type", "territory", "amount_asked", "subsidy_cap", "own_share", "actions", "action_start_latest",
             "expense", "annex", "piece"]
    assert [codes.index(code) for code in order] == sorted(codes.index(code) for code in order)


def test_one_broken_rule_makes_the_dossier_not_ready():
    assert not is_ready(check(replace(BASELINE, territory=None)))


# Who applies, and where (§3, §4)

@pytest.mark.parametrize("holder_type", HOLDER_TYPES)
def test_every_holder_type_of_the_call_is_eligible(holder_type):
    # The baseline keeps exactly 20 % at the porteur's charge, so a collectivité passes too.
    assert passes(replace(BASELINE, holder_type=holder_type), "holder_type")


@pytest.mark.parametrize("holder_type", ["entreprise", "bailleur_social"])
def test_other_holders_are_not_eligible(holder_type):
    facts = replace(BASELINE, holder_type=holder_type)
    assert only_failure(facts, "holder_type").startswith("Porteur non éligible")
    assert failures(facts)[0].field == "holder_type"


@pytest.mark.parametrize("holder_type", [None, ""])
def test_the_holder_type_must_be_given(holder_type):
    assert only_failure(replace(BASELINE, holder_type=holder_type), "holder_type") == (
        "Indiquez le type de porteur du projet.")


@pytest.mark.parametrize("name", ["", "   "])
def test_the_holder_must_be_named(name):
    assert only_failure(replace(BASELINE, holder_name=name), "holder_name") == "Indiquez le nom du porteur du projet."


@pytest.mark.parametrize("territory", TERRITORIES)
def test_each_of_the_eight_epci_is_a_territory_of_the_call(territory):
    assert len(TERRITORIES) == 8
    assert passes(replace(BASELINE, territory=territory), "territory")


@pytest.mark.parametrize("territory", ["mel", None])
def test_a_territory_outside_the_eight_epci_fails(territory):
    assert "hors des huit EPCI" in only_failure(replace(BASELINE, territory=territory), "territory")


def test_the_territory_must_be_the_intercommunality_of_the_maps_commune():
    facts = replace(BASELINE, territory="valenciennes", commune="Harnes", commune_epci="call")
    message = only_failure(facts, "territory")
    assert "Harnes" in message and "Lens-Liévin" in message and "Valenciennes" in message


def test_the_territory_of_the_maps_commune_passes():
    assert passes(replace(BASELINE, territory="call", commune="Harnes", commune_epci="call"), "territory")


# Money (§7)

@pytest.mark.parametrize("asked", [None, 0])
def test_the_amount_asked_must_be_given(asked):
    assert only_failure(replace(BASELINE, amount_asked_cents=asked), "amount_asked") == (
        "Indiquez le montant de subvention demandé.")


def test_a_subsidy_of_exactly_10_000_euros_is_allowed():
    assert passes(replace(BASELINE, amount_asked_cents=1_000_000, total_cost_cents=1_250_000), "subsidy_cap")


def test_one_cent_over_10_000_euros_is_refused():
    message = only_failure(replace(BASELINE, amount_asked_cents=1_000_001, total_cost_cents=1_250_000), "subsidy_cap")
    assert money("(10 000,01 €)") in message and money("plafond de 10 000 € par projet") in message


def test_the_subsidy_cap_message_reads_plainly():
    message = only_failure(replace(BASELINE, amount_asked_cents=1_250_000, total_cost_cents=2_000_000), "subsidy_cap")
    assert message == money("La subvention demandée (12 500,00 €) dépasse le plafond de 10 000 € par projet.")


@pytest.mark.parametrize("total", [None, 0])
def test_the_total_cost_must_be_given(total):
    assert only_failure(replace(BASELINE, total_cost_cents=total), "total_cost") == "Indiquez le coût total du projet."


def test_subsidy_and_co_funding_may_cover_the_whole_cost():
    assert passes(replace(BASELINE, co_funding_cents=200_000), "funding_within_cost")


def test_subsidy_and_co_funding_beyond_the_cost_fail():
    message = only_failure(replace(BASELINE, co_funding_cents=200_001), "funding_within_cost")
    assert money("(10 000,01 €)") in message and money("(10 000,00 €)") in message


@pytest.mark.parametrize("holder_type", sorted(COLLECTIVITES))
def test_a_collectivite_keeping_exactly_20_percent_passes(holder_type):
    facts = replace(BASELINE, holder_type=holder_type, amount_asked_cents=500_000, co_funding_cents=300_000)
    assert reste_a_charge_share(facts) == Decimal("0.2")
    assert passes(facts, "own_share")


@pytest.mark.parametrize("holder_type", sorted(COLLECTIVITES))
def test_a_collectivite_keeping_19_99_percent_fails(holder_type):
    facts = replace(BASELINE, holder_type=holder_type, amount_asked_cents=800_100)
    message = only_failure(facts, "own_share")
    assert money("au moins 20 % du coût") in message
    assert money("ici 19,99 % (1 999,00 € sur 10 000,00 €)") in message


def test_the_own_share_message_reads_plainly():
    message = only_failure(replace(BASELINE, holder_type="commune", amount_asked_cents=880_000), "own_share")
    assert message == money("Une collectivité territoriale doit garder au moins 20 % du coût à sa charge : ici 12 % "
                            "(1 200,00 € sur 10 000,00 €). Réduisez la subvention demandée ou les cofinancements.")


def test_a_share_just_under_20_percent_never_reads_20():
    message = only_failure(replace(BASELINE, holder_type="commune", amount_asked_cents=800_010), "own_share")
    assert money("ici 19,99 %") in message


@pytest.mark.parametrize("holder_type", ["association_habitants", "centre_social", "ccas", "groupement"])
def test_other_porteurs_may_keep_nothing_at_their_charge(holder_type):
    facts = replace(BASELINE, holder_type=holder_type, amount_asked_cents=800_000, co_funding_cents=200_000)
    assert reste_a_charge_cents(facts) == 0
    assert passes(facts, "own_share")


def test_reste_a_charge_is_unknown_until_cost_and_subsidy_are():
    assert reste_a_charge_cents(replace(BASELINE, total_cost_cents=None)) is None
    assert reste_a_charge_share(replace(BASELINE, amount_asked_cents=None)) is None
    assert reste_a_charge_cents(replace(BASELINE, co_funding_cents=None)) == 200_000  # a blank co-funding is none
    assert reste_a_charge_share(BASELINE) == Decimal("0.2")


# Expenses (§7)

@pytest.mark.parametrize("kind", sorted(AMI.eligible_expenses))
def test_the_subsidy_may_pay_for_each_eligible_kind(kind):
    assert passes(with_line(kind, "etat"), "expense")


@pytest.mark.parametrize("kind", sorted(AMI.ineligible_expenses))
def test_the_subsidy_may_not_pay_for_each_ineligible_kind(kind):
    facts = with_line(kind, "etat", label="Réfection du local")
    assert "Réfection du local" in only_failure(facts, "expense")
    assert failures(facts)[0].field == "action:0"


@pytest.mark.parametrize("kind", sorted(AMI.ineligible_expenses))
@pytest.mark.parametrize("funder", ["porteur", "valorisation"])
def test_ineligible_kinds_may_be_paid_by_the_porteur_or_shown_in_kind(kind, funder):
    assert passes(with_line(kind, funder), "expense")


def test_running_costs_paid_by_the_subsidy_read_plainly():
    assert only_failure(with_line("fonctionnement", "etat", label="Loyer du local"), "expense") == (
        "La dépense « Loyer du local » relève du fonctionnement de la structure : elle n'est pas éligible "
        "(elle peut figurer en valorisation).")


@pytest.mark.parametrize("kind, funder", [("loyer", "etat"), ("animation", "mecene")])
def test_an_unknown_kind_or_funder_fails(kind, funder):
    assert "« Dépense testée »" in only_failure(with_line(kind, funder), "expense")


# Actions and the calendar (§8, §11)

def test_a_project_needs_an_action():
    assert only_failure(replace(BASELINE, actions=()), "actions").startswith("Ajoutez au moins une action")


@pytest.mark.parametrize("changes", [{"start": None}, {"end": None}])
def test_an_action_needs_both_dates(changes):
    assert "Indiquez les dates" in only_failure(with_action(**changes), "action_dates")


def test_an_action_may_last_one_day():
    assert passes(with_action(start=date(2027, 3, 1), end=date(2027, 3, 1)), "action_dates")


def test_an_action_ending_before_it_starts_fails():
    message = only_failure(with_action(start=date(2027, 3, 1), end=date(2027, 2, 28)), "action_dates")
    assert "« Verger partagé » se termine le 28 février 2027, avant de commencer le 1er mars 2027" in message


def test_starting_on_30_june_2027_is_in_time():
    assert passes(with_action(start=date(2027, 6, 30)), "action_start_latest")


def test_starting_on_1_july_2027_is_too_late():
    message = only_failure(with_action(start=date(2027, 7, 1)), "action_start_latest")
    assert message == "L'action « Verger partagé » commence le 1er juillet 2027 : au plus tard le 30 juin 2027."


def test_starting_8_months_after_notification_is_in_time():
    facts = replace(with_action(start=date(2027, 6, 15)), notification=date(2026, 10, 15))
    assert passes(facts, "action_start_within")


def test_starting_the_day_after_8_months_is_too_late():
    facts = replace(with_action(start=date(2027, 6, 16)), notification=date(2026, 10, 15))
    message = only_failure(facts, "action_start_within")
    assert "plus de 8 mois après la notification du 15 octobre 2026 : au plus tard le 15 juin 2027" in message


def test_8_months_from_31_october_end_on_30_june():
    facts = replace(with_action(start=date(2027, 6, 30)), notification=date(2026, 10, 31))
    assert passes(facts, "action_start_within")


def test_without_a_notification_date_the_latest_one_is_assumed_and_said():
    broken = {c.code: str(c.message) for c in failures(with_action(start=date(2027, 9, 15), end=date(2028, 6, 30)))}
    assert set(broken) == {"action_start_latest", "action_start_within"}
    assert "au plus tard le 31 août 2027" in broken["action_start_within"]
    assert "date encore inconnue" in broken["action_start_within"]
    assert "31 décembre 2026" in broken["action_start_within"]


def test_ending_24_months_after_notification_is_in_time():
    facts = replace(with_action(end=date(2028, 12, 15)), notification=date(2026, 12, 15))
    assert passes(facts, "action_end_within")


def test_ending_one_day_past_24_months_is_too_late():
    facts = replace(with_action(end=date(2028, 12, 16)), notification=date(2026, 12, 15))
    message = only_failure(facts, "action_end_within")
    assert "plus de 24 mois après la notification du 15 décembre 2026" in message
    assert "achevée le 15 décembre 2028 au plus tard" in message


def test_without_a_notification_date_the_end_is_reckoned_from_31_december_2026():
    assert passes(with_action(end=date(2028, 12, 31)), "action_end_within")
    message = only_failure(with_action(end=date(2029, 1, 1)), "action_end_within")
    assert "31 décembre 2026" in message and "31 décembre 2028" in message


def test_an_action_level_check_names_its_action():
    facts = replace(BASELINE, actions=(ORCHARD, replace(ORCHARD, title=" ", start=date(2027, 7, 1))))
    broken = failures(facts)
    assert [(c.code, c.field) for c in broken] == [("action_start_latest", "action:1")]
    assert str(broken[0].message).startswith("L'action n° 2 commence")


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 10, 31), 8, date(2027, 6, 30)),
    (date(2026, 12, 31), 2, date(2027, 2, 28)),
    (date(2027, 12, 31), 2, date(2028, 2, 29)),
    (date(2026, 12, 15), 24, date(2028, 12, 15)),
])
def test_adding_months_keeps_the_day_or_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_deadlines_for_the_planning():
    assert AMI.start_deadline(None) == date(2027, 6, 30)  # 31 Aug 2027 by the 8 months, but 30 June comes first
    assert AMI.start_deadline(date(2026, 10, 15)) == date(2027, 6, 15)
    assert AMI.end_deadline(None) == date(2028, 12, 31)


# The annexe and the pieces (§10)

@pytest.mark.parametrize("text", ["", "  \n\t "])
@pytest.mark.parametrize("topic", ANNEX_TOPICS)
def test_a_blank_annex_topic_fails(topic, text):
    facts = replace(BASELINE, annex={**BASELINE.annex, topic: text})
    message = only_failure(facts, "annex")
    assert message.startswith(f"Le texte de l'annexe « {ANNEX_TOPICS[topic]} » est vide")
    assert failures(facts)[0].field == f"annex_{topic}"


def test_a_missing_annex_topic_fails():
    annex = {code: text for code, text in BASELINE.annex.items() if code != "habitants"}
    assert only_failure(replace(BASELINE, annex=annex), "annex") == (
        "Le texte de l'annexe « Modalités d'implication des habitants » est vide : rédigez-le.")


@pytest.mark.parametrize("piece", PIECES)
def test_each_piece_not_ready_fails(piece):
    facts = replace(BASELINE, pieces_ready=BASELINE.pieces_ready - {piece})
    assert only_failure(facts, "piece") == f"Pièce à joindre non marquée prête : {PIECES[piece]}."
    assert failures(facts)[0].field == "pieces"


def test_the_rib_is_a_piece():
    assert "RIB" in only_failure(replace(BASELINE, pieces_ready=BASELINE.pieces_ready - {"rib"}), "piece")


# The call's calendar (§11), and the actions against the filing date (§8).
def test_a_dossier_filed_on_the_deadline_passes():
    assert passes(replace(BASELINE, filed_on=date(2026, 9, 18)), "filing_deadline")


def test_a_dossier_filed_after_18_september_2026_fails():
    message = only_failure(replace(BASELINE, filed_on=date(2026, 9, 19)), "filing_deadline")
    assert "19 septembre 2026" in message and "18 septembre 2026" in message


def test_a_notification_on_31_december_2026_passes():
    assert passes(replace(BASELINE, notification=date(2026, 12, 31)), "notification_deadline")


def test_a_notification_after_31_december_2026_fails():
    message = only_failure(replace(BASELINE, notification=date(2027, 1, 4)), "notification_deadline")
    assert "4 janvier 2027" in message and "31 décembre 2026" in message


def test_an_action_starting_on_the_filing_date_passes():
    facts = replace(with_action(start=date(2026, 9, 10)), filed_on=date(2026, 9, 10))
    assert passes(facts, "action_after_filing")


def test_an_action_starting_before_the_filing_date_fails():
    facts = replace(with_action(start=date(2026, 9, 1)), filed_on=date(2026, 9, 10))
    message = only_failure(facts, "action_after_filing")
    assert "Verger partagé" in message and "1er septembre 2026" in message and "10 septembre 2026" in message


def test_every_message_names_the_section_of_the_call_it_comes_from():
    everything = [*check(BASELINE), *check(DossierFacts()), *check(with_line("batiment", "etat")),
                  *check(replace(with_action(start=date(2026, 9, 1)), filed_on=date(2026, 10, 1),
                                 notification=date(2027, 2, 1)))]
    assert {c.section for c in everything} <= {f"AMI §{n}" for n in range(1, 13)}
    assert {c.code: c.section for c in everything}["subsidy_cap"] == "AMI §7"
    assert {c.code: c.section for c in everything}["annex"] == "AMI §10"


# The online form's content (§10), the annex's substance (§10), the in-kind share of the reste à charge (§7).
@pytest.mark.parametrize("field_name, code", [("partners", "partners"), ("evaluation", "evaluation"),
                                              ("communication", "communication"), ("coordination", "coordination")])
def test_the_online_forms_texts_are_required(field_name, code):
    assert "Indiquez" in only_failure(replace(BASELINE, **{field_name: "  "}), code)


def test_at_least_one_objectif_chiffre_is_required():
    assert "objectif chiffré" in only_failure(replace(BASELINE, goals=0), "goals")


def test_an_annex_topic_of_one_sentence_is_too_short():
    annex = {**BASELINE.annex, "liens": "Des repas partagés."}
    message = only_failure(replace(BASELINE, annex=annex), "annex")
    assert "1 phrase" in message and "Actions favorisant" in message


def test_an_annex_topic_that_cites_nothing_fails():
    message = only_failure(replace(BASELINE, cited={**BASELINE.cited, "expertise": 0}), "annex")
    assert "ne cite aucune action" in message and "expertise" in message


def test_an_annex_topic_citing_an_abandoned_action_says_where():
    facts = replace(BASELINE, dropped_cited={"autonomie": ("Poulailler collectif",)})
    message = only_failure(facts, "annex_dropped")
    assert "« Poulailler collectif »" in message and "autonomisation" in message


def test_an_in_kind_contribution_is_shown_apart_in_the_reste_a_charge():
    facts = replace(BASELINE, holder_type="commune", amount_asked_cents=800_000, total_cost_cents=1_000_000,
                    in_kind_cents=150_000)
    message = next(str(c.message) for c in check(facts) if c.code == "own_share")
    assert money("dont 1 500,00 € en nature") in message and "pourrait ne pas" in message
    assert "sans elle, 5\u00a0%" in message  # without it: 500 € kept in cash on 10 000 €


def test_the_coordination_with_the_landlords_comes_from_section_5():
    broken = failures(replace(BASELINE, coordination=""))
    assert [(c.code, c.section) for c in broken] == [("coordination", "AMI §5")]
    assert "bailleurs sociaux" in str(broken[0].message)
