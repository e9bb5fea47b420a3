"""What a call file may hold, and its reading into the fields of `calls.Call`.

Each table lists its keys with their kind and whether they are required; anything else is refused. Codes are
checked against the vocabularies the rest of the app knows (rules, expense kinds, territories, contexts), and a rule
is refused when the figure it judges with is not given."""
from datetime import date
from decimal import Decimal

from ...models.dossier import CONTEXTS
from ...places.territories import TERRITORIES
from .. import rules


class Refused(ValueError):
    """One key of the file is wrong: « [money] subsidy_cap_euros: … »."""


def _text(value):
    return isinstance(value, str) and bool(value.strip())


def _integer(value):
    return type(value) is int and value >= 0  # bool is an int to Python, not to a call


def _day(value):
    return type(value) is date  # a datetime is a date to Python: a call's days have no time


def _texts(value):
    return isinstance(value, list) and all(_text(item) for item in value)


def _labels(value):
    return isinstance(value, dict) and all(_text(item) for item in value.values())


def _years(value):
    return isinstance(value, list) and len(value) == 2 and all(_integer(y) for y in value) and value[0] <= value[1]


def _milestones(value):
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


KINDS = {
    _text: "a text", _integer: "a whole number (0 or more)", _day: "a date (2026-09-18)", _texts: "a list of texts",
    _labels: "a table of texts", _years: "two years, the first not after the second ([2026, 2028])",
    _milestones: "a list of tables ([[calendar.milestones]])", dict: "a table",
}

# {table: {key: (kind, required)}}; "" is the top of the file.
TABLES = {
    "": {"name": (_text, True), "called": (_text, True), "mention": (_text, False), "mention_section": (_text, False),
         "platform": (_text, False),
         "answers": (_texts, False), "rules": (_labels, True),
         "holders": (dict, False), "territories": (dict, False), "money": (dict, False), "expenses": (dict, False),
         "calendar": (dict, False), "annex": (_labels, False), "pieces": (_labels, False)},
    "holders": {"eligible": (_labels, True), "own_share": (_texts, False)},
    "territories": {"eligible": (_texts, False), "perimeter": (_text, False), "contexts": (_texts, False)},
    "money": {"envelope_euros": (_integer, False), "subsidy_cap_euros": (_integer, False),
              "subsidy_floor_euros": (_integer, False), "min_own_share_percent": (_integer, False)},
    "expenses": {"eligible": (_texts, False), "ineligible": (_texts, False)},
    "calendar": {"deadline": (_day, False), "latest_notification": (_day, False), "latest_start": (_day, False),
                 "start_within_months": (_integer, False), "end_within_months": (_integer, False),
                 "period": (_years, False), "milestones": (_milestones, False)},
    "calendar.milestones": {"day": (_day, False), "label": (_text, True)},
}

# What each rule judges with: a rule the file names without its figure is refused.
NEEDS = {
    "holder_type": ["holders.eligible"], "own_share": ["holders.own_share", "money.min_own_share_percent"],
    "territory": ["territories.eligible", "territories.perimeter"], "context": ["territories.contexts"],
    "subsidy_cap": ["money.subsidy_cap_euros"], "subsidy_floor": ["money.subsidy_floor_euros"],
    "filing_deadline": ["calendar.deadline"], "notification_deadline": ["calendar.latest_notification"],
    "action_start_latest": ["calendar.latest_start"],
    "action_start_within": ["calendar.start_within_months", "calendar.latest_notification"],
    "action_end_within": ["calendar.end_within_months", "calendar.latest_notification"],
    "expense": ["expenses.ineligible"], "annex": ["annex"], "annex_dropped": ["annex"], "piece": ["pieces"],
}


def _where(table, key):
    return f"[{table}] {key}" if table else key


def _table(data, table):
    """The keys of one table checked: none unknown, the required ones there, each of its kind."""
    keys = TABLES[table]
    for key in data:
        if key not in keys:
            raise Refused(f"{_where(table, key)}: unknown key (known: {', '.join(keys)})")
    for key, (kind, required) in keys.items():
        if key not in data:
            if required:
                raise Refused(f"{_where(table, key)}: required key missing")
        elif not kind(data[key]):
            raise Refused(f"{_where(table, key)}: must be {KINDS[kind]}")
    return data


def _codes(codes, known, where, what):
    """The codes, each one of `known`."""
    for code in codes:
        if code not in known:
            raise Refused(f"{where}: « {code} » is not {what} (known: {', '.join(map(str, known))})")
    return codes


def _given(data, path):
    table, _, key = path.rpartition(".")
    return key in (data.get(table, {}) if table else data)


def read(data):
    """The fields of a Call from a file's parsed TOML; Refused naming the key of the first thing wrong."""
    from ..answers import ANSWERS  # here: the answers read the calls

    _table(data, "")
    _codes(data.get("answers", []), ANSWERS, "answers", "an answer of app/dossier/answers.py")
    sub = {name: _table(data[name], name) if name in data else {}
           for name in ("holders", "territories", "money", "expenses", "calendar")}
    milestones = [_table(item, "calendar.milestones") for item in sub["calendar"].get("milestones", [])]
    _codes(data["rules"], rules.RULES, "rules", "a rule of app/dossier/rules.py")
    for rule in data["rules"]:
        for path in NEEDS.get(rule, ()):
            if not _given(data, path):
                raise Refused(f"[rules] {rule}: needs {path}")
    holders, places, money, expenses, calendar = (sub[name] for name in ("holders", "territories", "money",
                                                                         "expenses", "calendar"))
    eligible_holders = holders.get("eligible", {})
    ineligible = set(_codes(expenses.get("ineligible", []), rules.EXPENSE_KINDS, "[expenses] ineligible",
                            "an expense kind"))
    eligible = set(_codes(expenses.get("eligible", []), rules.EXPENSE_KINDS, "[expenses] eligible", "an expense kind"))
    if eligible & ineligible:
        raise Refused(f"[expenses] ineligible: « {sorted(eligible & ineligible)[0]} » is also eligible")
    cents = {key: money[f"{key}_euros"] * 100 if f"{key}_euros" in money else None
             for key in ("envelope", "subsidy_cap", "subsidy_floor")}
    share = money.get("min_own_share_percent")
    return {
        "name": data["name"].strip(), "called": data["called"].strip(), "mention": data.get("mention", "").strip(),
        "mention_section": data.get("mention_section", "").strip(), "platform": data.get("platform", "").strip(),
        "answers": tuple(data.get("answers", ())),
        "rules": dict(data["rules"]),
        "holders": dict(eligible_holders),
        "own_share_holders": frozenset(_codes(holders.get("own_share", []), eligible_holders, "[holders] own_share",
                                              "a holder of [holders.eligible]")),
        "territories": tuple(_codes(places.get("eligible", []), TERRITORIES, "[territories] eligible",
                                    "an intercommunality of app/places/territories.py")),
        "perimeter": places.get("perimeter", ""),
        "required_contexts": tuple(_codes(places.get("contexts", []), CONTEXTS, "[territories] contexts",
                                          "a context of app/models/dossier.py")),
        **{f"{key}_cents": value for key, value in cents.items()},
        "min_own_share": Decimal(share) / 100 if share is not None else None,
        "eligible_expenses": frozenset(eligible), "ineligible_expenses": frozenset(ineligible),
        **{key: calendar.get(key) for key in ("deadline", "latest_notification", "latest_start",
                                              "start_within_months", "end_within_months")},
        "period": tuple(calendar["period"]) if "period" in calendar else None,
        "milestones": tuple((item.get("day"), item["label"]) for item in milestones),
        "annex_topics": dict(data.get("annex", {})), "pieces": dict(data.get("pieces", {})),
    }
