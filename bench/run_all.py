"""Every benchmark in turn (`make bench`), then one summary table of the figures next to their budgets.

    python -m bench.run_all [--db spatialite|postgis|both] [--quick]

About 2½ minutes on the 2-core machine (a third of it filling 100,000-feature maps); --quick measures
only the 1,000 and 10,000 maps and fewer samples. Figures are printed, never asserted: a figure over its
budget is marked OVER, and the run still succeeds.
"""
import sys
import time

from bench import (
    annex,
    changes,
    deleting,
    exports,
    imports,
    layer,
    lighthouse,
    load,
    offline,
    page_weight,
    paint,
    photo_upload,
    print_map,
)
from bench.support import chosen_databases, db_choices, machine_note, parser, print_figures


def main(argv=None):
    arguments = parser(__doc__)
    db_choices(arguments)
    arguments.add_argument("--quick", action="store_true", help="smaller maps and fewer samples, for a smoke run")
    args = arguments.parse_args(argv)
    databases = ",".join(chosen_databases(args))
    started = time.perf_counter()
    print(f"Voyette benchmarks on {databases} {machine_note()}", flush=True)
    figures = []
    for name, script, script_args in (
            ("layer", layer, ["--sizes", "1000,10000"] if args.quick else []),
            ("page_weight", page_weight, []),
            ("paint", paint, ["--runs", "1", "--saves", "2"] if args.quick else []),
            ("lighthouse", lighthouse, ["--runs", "1"] if args.quick else []),
            ("changes", changes, ["--samples", "50"] if args.quick else []),
            ("load", load, ["--editors", "10", "--seconds", "10"] if args.quick else []),
            ("offline", offline, ["--changes", "20"] if args.quick else []),
            ("photo_upload", photo_upload, []),
            ("annex", annex, ["--runs", "1"] if args.quick else []),
            ("exports", exports, ["--items", "1000", "--runs", "1"] if args.quick else []),
            ("imports", imports, []),
            ("deleting", deleting, ["--items", "1000"] if args.quick else []),
            ("print_map", print_map, ["--runs", "1"] if args.quick else [])):
        print(f"\n##### bench.{name} #####", flush=True)
        # The page and a photo's bytes are the same whatever the database.
        db_args = ["--db", "spatialite"] if script in (page_weight, photo_upload, lighthouse) else ["--db", args.db]
        figures += script.main(db_args + script_args)
    print_figures(figures, f"Summary {machine_note()}")
    print(f"\nAll benchmarks ran in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    sys.exit(main())
