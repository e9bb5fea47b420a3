"""Lighthouse's mobile performance audit of the public demo map, as an anonymous visitor opens it: the npm package
`lighthouse` (`make bench` installs it in `.bench-tools/`, `make run` and `make test` do not) drives Debian's
Chromium headless against gunicorn as `make run` starts it (bench/load.py's server_process), on a new database
holding the demo map.
Nothing leaves the machine: local tiles, no background traffic from Chromium.

Lighthouse's default: a mid-range phone, simulated slow 4G and a CPU 4× slower than this one, so a busy machine
(2 CPUs shared) shows in Total Blocking Time most. Each run prints the score, FCP, LCP, TBT, CLS and Speed Index,
then the median of the runs, and what Lighthouse blames (audits scoring below 0.9, with what they would save).

    .venv/bin/python -m bench.lighthouse [--db spatialite|postgis] [--runs 3] [--report out.html]
"""
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from app.demo import ensure_demo_map
from app.extensions import db
from bench.load import server_process
from bench.support import CHROMIUM, Figure, db_choices, machine_note, migrated_app, parser, print_table

ROOT = Path(__file__).parents[1]
LIGHTHOUSE = ROOT / ".bench-tools" / "node_modules" / ".bin" / "lighthouse"  # make bench installs it
# The flags of bench/support.py's Chromium less --disable-quic, plus headless: the same browser, no traffic out.
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
METRICS = (("performance score", None, ""), ("First Contentful Paint", "first-contentful-paint", "ms"),
           ("Largest Contentful Paint", "largest-contentful-paint", "ms"),
           ("Total Blocking Time", "total-blocking-time", "ms"),
           ("Cumulative Layout Shift", "cumulative-layout-shift", ""), ("Speed Index", "speed-index", "ms"))
BUDGETS = {"performance score": "≥ 95", "Total Blocking Time": "< 200 ms"}  # issue 15


def audit(url, html_report=None):
    """Lighthouse's JSON result of one mobile performance run on `url` (and its HTML report, when asked)."""
    with tempfile.TemporaryDirectory(prefix="voyette-lighthouse-") as folder:
        output = Path(folder) / "report"
        command = [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json", "--output=html",
                   f"--output-path={output}", "--quiet", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, cwd=ROOT, timeout=300)
        if html_report:
            Path(html_report).write_bytes(output.with_suffix(".report.html").read_bytes())
        return json.loads(output.with_suffix(".report.json").read_text())


def figures(result):
    """{metric: value} of one run: the score out of 100, times in ms, CLS unitless."""
    values = {"performance score": round(result["categories"]["performance"]["score"] * 100)}
    for name, audit_id, _unit in METRICS[1:]:
        values[name] = result["audits"][audit_id]["numericValue"]
    return values


def blamed(result):
    """(audit, score, what it says it would save) of the performance audits that did not pass."""
    rows = []
    for ref in result["categories"]["performance"]["auditRefs"]:
        found = result["audits"][ref["id"]]
        if found.get("score") is not None and found["score"] < 0.9 and found.get("scoreDisplayMode") != "informative":
            rows.append([found["title"], found["score"], found.get("displayValue", "")])
    return rows


def run(kind, runs, html_report=None):
    with migrated_app(kind) as app:
        with app.app_context():
            map_ = ensure_demo_map()[0]
            db.session.commit()
            map_id = map_.id
            database = db.engine.url.render_as_string(hide_password=False)
        with server_process(database) as port:
            url = f"http://127.0.0.1:{port}/cartes/{map_id}"
            audit(url)  # a first visit warms gunicorn's workers (imports, first queries), not measured
            results = [audit(url, html_report if n == runs - 1 else None) for n in range(runs)]
            return _report(kind, results)  # printed before gunicorn stops, which a busy machine makes slow


def _report(kind, results):
    """Print each run's figures and what the last run blamed; the medians' rows for the summary."""
    runs_figures = [figures(result) for result in results]
    print(f"\nLighthouse {results[0]['lighthouseVersion']} mobile, demo map on {kind}, {len(results)} runs "
          f"{machine_note()}")
    print_table(["run"] + [name for name, _id, _unit in METRICS],
                [[n + 1] + [_shown(name, values[name]) for name, _id, _unit in METRICS]
                 for n, values in enumerate(runs_figures)])
    print("\nBlamed in the last run (score < 0.9):")
    print_table(["audit", "score", "saving or value"], blamed(results[-1]) or [["(none)", "", ""]])
    medians = {name: statistics.median(values[name] for values in runs_figures) for name, _id, _unit in METRICS}
    return [[name, kind, _shown(name, medians[name]), BUDGETS.get(name, "")] for name, _id, _unit in METRICS]


def _shown(name, value):
    if name == "Cumulative Layout Shift":
        return f"{value:.3f}"
    return f"{value:.0f} ms" if name != "performance score" else f"{value:.0f}"


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments, default="spatialite")
    arguments.add_argument("--runs", type=int, default=3)
    arguments.add_argument("--report", help="write the last run's HTML report there")
    args = arguments.parse_args(argv)
    kinds = ("spatialite", "postgis") if args.db == "both" else (args.db,)
    rows = [row for kind in kinds for row in run(kind, args.runs, args.report)]
    print(f"\n== Lighthouse, mobile: medians {machine_note()} ==")
    print_table(["measure", "db", "median", "budget"], rows)
    return [Figure(f"Lighthouse {measure}", kind, float(median.split()[0]), "ms" if median.endswith("ms") else "",
                   200 if measure == "Total Blocking Time" else None, "target ≥ 95" if budget == "≥ 95" else "")
            for measure, kind, median, budget in rows if measure in BUDGETS]


if __name__ == "__main__":
    main()
