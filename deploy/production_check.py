"""`make production-check`: the whole production stack on this machine (deploy/stack.py: nginx, gunicorn with four
workers, a throwaway PostGIS), then the load bench through nginx. It prints the figures; it fails on a server error or
a lost update, never on a time (the target, p95 ≤ 1 s, is for the person reading them).

    .venv/bin/python -m deploy.production_check [--editors 200] [--seconds 60] [--direct]
"""
import argparse
import sys
import tempfile

from bench import load
from deploy import stack
from tests.support.postgis import postgis_server


def main(argv=None):
    arguments = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    arguments.add_argument("--editors", type=int, default=200, help="simulated editors (default: %(default)s)")
    arguments.add_argument("--seconds", type=int, default=60, help="duration of the load (default: %(default)s)")
    arguments.add_argument("--workers", type=int, default=4, help="gunicorn's workers (default: %(default)s)")
    arguments.add_argument("--direct", action="store_true", help="load gunicorn itself, not nginx: what nginx costs")
    args = arguments.parse_args(argv)
    with (tempfile.TemporaryDirectory(prefix="voyette-production-") as folder, postgis_server() as database,
          stack.production(database, folder, workers=args.workers) as served):
        print(f"nginx at {served.url}, in front of gunicorn ({args.workers} workers) at {served.app_url}, on PostGIS")
        figures = load.run("postgis", args.editors, args.seconds, served.app_url if args.direct else served.url,
                           database)
    failed = [figure for figure in figures if figure.budget == 0 and figure.value]
    for figure in failed:
        print(f"FAILED: {figure.measure}: {figure.value:g}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
