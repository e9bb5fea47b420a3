"""The calls for projects as files: each shipped file loads; a wrong one is refused with the file and the key named;
two calls judge the same dossier by different rules."""
from dataclasses import replace
from datetime import date

import pytest

from app.dossier import calls, rules
from tests.dossier.test_rules import BASELINE, ORCHARD

SHIPPED = calls.FOLDER / "ami-2026.toml"
SMALLEST = """
name = "Appel de test"
called = "l'appel de test"
[rules]
holder_name = "§1"
"""


def refusal(tmp_path, text, name="appel-test.toml"):
    """The message of the CallError a file of this text gets."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(calls.CallError) as refused:
        calls.load(path)
    return str(refused.value)


def test_the_shipped_calls_load_with_the_ami_as_default():
    loaded = calls.loaded()
    assert set(loaded) == {"ami-2026", "region-dsdt-gup"}
    assert [code for code, _name in calls.choices()][0] == calls.DEFAULT == "ami-2026"
    ami = loaded["ami-2026"]
    assert ami.subsidy_cap_cents == 1_000_000 and ami.end_within_months == 24
    assert ami.mention == "Avec le soutien de l'État dans le cadre de l'ERBM"
    assert ami.end_deadline(date(2026, 12, 15)) == date(2028, 12, 15)
    assert loaded["region-dsdt-gup"].mention == "" and loaded["region-dsdt-gup"].end_deadline(None) is None


def test_the_smallest_call_loads(tmp_path):
    path = tmp_path / "petit.toml"
    path.write_text(SMALLEST, encoding="utf-8")
    call = calls.load(path)
    assert (call.code, call.name, call.rules) == ("petit", "Appel de test", {"holder_name": "§1"})


def test_a_dossier_naming_a_call_no_file_has_reads_as_the_default():
    assert calls.get("appel-retire") is calls.get(None) is calls.loaded()["ami-2026"]


def test_an_unknown_key_is_refused(tmp_path):
    message = refusal(tmp_path, SMALLEST + '\n[money]\nsubsidy_cap = 10000\n')
    assert message.startswith("appel-test.toml: [money] subsidy_cap: unknown key")


def test_an_unknown_key_at_the_top_is_refused(tmp_path):
    assert refusal(tmp_path, 'titre = "x"\n' + SMALLEST).startswith("appel-test.toml: titre: unknown key")


def test_a_missing_required_key_is_refused(tmp_path):
    message = refusal(tmp_path, SMALLEST.replace('called = "l\'appel de test"\n', ""))
    assert message == "appel-test.toml: called: required key missing"


def test_a_missing_required_key_of_a_milestone_is_refused(tmp_path):
    message = refusal(tmp_path, SMALLEST + "\n[[calendar.milestones]]\nday = 2027-01-01\n")
    assert message == "appel-test.toml: [calendar.milestones] label: required key missing"


@pytest.mark.parametrize(("extra", "key", "kind"), [
    ('\n[money]\nsubsidy_cap_euros = "10 000 €"\n', "[money] subsidy_cap_euros", "a whole number"),
    ("\n[money]\nsubsidy_cap_euros = true\n", "[money] subsidy_cap_euros", "a whole number"),
    ('\n[calendar]\ndeadline = "18 septembre 2026"\n', "[calendar] deadline", "a date"),
    ("\n[calendar]\ndeadline = 2026-09-18T12:00:00\n", "[calendar] deadline", "a date"),
    ("\n[calendar]\nperiod = [2028, 2026]\n", "[calendar] period", "two years"),
    ("\n[pieces]\nrib = 3\n", "pieces", "a table of texts"),
])
def test_a_value_of_the_wrong_type_is_refused(tmp_path, extra, key, kind):
    message = refusal(tmp_path, SMALLEST + extra)
    assert message.startswith(f"appel-test.toml: {key}: must be {kind}")


def test_a_rule_that_is_no_python_rule_function_is_refused(tmp_path):
    message = refusal(tmp_path, SMALLEST + 'plafond_magique = "§2"\n')
    assert message.startswith("appel-test.toml: rules: « plafond_magique » is not a rule of app/dossier/rules.py")


def test_a_rule_without_the_figure_it_judges_with_is_refused(tmp_path):
    message = refusal(tmp_path, SMALLEST + 'subsidy_cap = "§7"\n')
    assert message == "appel-test.toml: [rules] subsidy_cap: needs money.subsidy_cap_euros"


@pytest.mark.parametrize(("extra", "key"), [
    ('\n[expenses]\nineligible = ["loyer"]\n', "[expenses] ineligible: « loyer » is not an expense kind"),
    ('\n[territories]\neligible = ["mel"]\n', "[territories] eligible: « mel » is not an intercommunality"),
    ('\n[territories]\ncontexts = ["zrr"]\n', "[territories] contexts: « zrr » is not a context"),
    ('answers = ["budget"]\n', "answers: « budget » is not an answer"),
])
def test_a_code_nothing_else_knows_is_refused(tmp_path, extra, key):
    text = extra + SMALLEST if extra.startswith("answers") else SMALLEST + extra
    assert refusal(tmp_path, text).startswith(f"appel-test.toml: {key}")


def test_a_file_that_is_not_toml_is_refused(tmp_path):
    assert refusal(tmp_path, "name: Appel\n").startswith("appel-test.toml: not a TOML file")


def test_a_folder_without_the_default_call_is_refused(tmp_path):
    (tmp_path / "petit.toml").write_text(SMALLEST, encoding="utf-8")
    with pytest.raises(calls.CallError, match="ami-2026.toml: the default call is missing"):
        calls.loaded(tmp_path)


def test_the_ami_file_holds_every_rule_it_did_as_code():
    # The rules of the AMI before they were data, with the sections they cited: none lost, none added.
    assert calls.load(SHIPPED).rules == {
        "holder_type": "AMI §4", "holder_name": "AMI §4", "territory": "AMI §3", "amount_asked": "AMI §7",
        "subsidy_cap": "AMI §7", "total_cost": "AMI §7", "funding_within_cost": "AMI §7", "own_share": "AMI §7",
        "filing_deadline": "AMI §11", "notification_deadline": "AMI §11", "goals": "AMI §10", "partners": "AMI §10",
        "coordination": "AMI §5", "evaluation": "AMI §10", "communication": "AMI §10", "actions": "AMI §10",
        "action_dates": "AMI §10", "action_after_filing": "AMI §8", "action_start_latest": "AMI §8",
        "action_start_within": "AMI §8", "action_end_within": "AMI §8", "expense": "AMI §7", "annex": "AMI §10",
        "annex_dropped": "AMI §10", "piece": "AMI §10"}


# The Région's framework, on the AMI's complete dossier.
REGION = calls.get("region-dsdt-gup")


def region_failures(facts):
    return {c.code: str(c.message) for c in rules.check(facts, REGION) if not c.ok}


def test_the_regions_framework_judges_the_same_dossier_by_its_own_rules():
    checks = rules.check(BASELINE, REGION)
    assert {c.code for c in checks} == {"holder_name", "context", "amount_asked", "subsidy_floor", "partners",
                                        "evaluation", "piece"}
    assert {c.section for c in checks} <= {"Région, fiche 4 §3", "Région, calendrier", "Région, fiche 4 §1",
                                           "Région, critères de sélection"}
    # The AMI's complete dossier: in no QPV ticked, and its pieces are not the Région's.
    failed = region_failures(BASELINE)
    assert set(failed) == {"context", "piece"}
    assert failed["context"].startswith("L'appel de la Région est réservé aux projets dans ce cadre : Quartier "
                                        "prioritaire de la politique de la ville")


def test_the_regions_floor_is_5000_euros():
    facts = replace(BASELINE, contexts=frozenset({"qpv"}), pieces_ready=frozenset(REGION.pieces))
    assert region_failures(replace(facts, amount_asked_cents=500_000)) == {}
    assert region_failures(replace(facts, amount_asked_cents=499_999)) == {
        "subsidy_floor": "La subvention demandée (4\u202f999,99\u00a0€) est sous la demande minimale de "
                         "5\u202f000\u00a0€."}


def test_what_the_region_does_not_state_it_does_not_check():
    # Past the AMI's cap, a holder the AMI refuses, an action starting late, a blank annex: the Région says nothing
    # of these, so its checklist does not either.
    facts = replace(BASELINE, contexts=frozenset({"qpv"}), pieces_ready=frozenset(REGION.pieces),
                    holder_type="entreprise", amount_asked_cents=2_000_000, annex={},
                    actions=(replace(ORCHARD, start=date(2029, 1, 1)),))
    assert region_failures(facts) == {}
    assert {c.code for c in rules.check(facts, calls.get("ami-2026")) if not c.ok} >= {
        "holder_type", "subsidy_cap", "action_start_latest", "annex"}


def test_the_region_files_by_23_january_2015():
    facts = replace(BASELINE, contexts=frozenset({"qpv"}), pieces_ready=frozenset(REGION.pieces),
                    filed_on=date(2015, 1, 24))
    assert "l'appel de la Région n'accepte plus de candidature" in region_failures(facts)["filing_deadline"]
