"""What « Importer » reads of every real file of ../shared/fixtures: items kept, items left out and field names, or
the French reason the file is refused, one line a file. Not a benchmark: its output, saved before a change to
app/imports/ or app/formats/ and compared after it (`diff`), says whether any file a user could import is read
differently.

    python -m bench.import_counts [FIXTURES] > counts.txt
"""
import sys
from pathlib import Path

from app import create_app
from app.imports.reading import ImportError_, read
from bench.imports import FIXTURES


def main(folder):
    app = create_app("config.TestConfig", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix == ".md":
                continue
            name = path.relative_to(folder)
            try:
                source = read(path.read_bytes(), path.name)
            except ImportError_ as error:
                print(f"{name}\trefused: {error}")
                continue
            print(f"{name}\tkept={len(source.kept)}\tleft out={len(source.left_out)}"
                  f"\tfields={sorted(source.field_names)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURES)
