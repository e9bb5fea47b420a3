# Voyette: `make run` sets everything up and serves http://127.0.0.1:5000; `make test` runs every test
# on SpatiaLite and on PostGIS, browser tests included. Both work on a fresh Debian 12 machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STAMPS := .stamps
RUN_PACKAGES := libsqlite3-mod-spatialite python3-venv fonts-noto-color-emoji libpango-1.0-0 libpangoft2-1.0-0 \
  libharfbuzz-subset0 fonts-dejavu-core
TEST_PACKAGES := $(RUN_PACKAGES) postgresql-15-postgis-3 chromium fonts-liberation gdal-bin nginx openssl
VENDOR := static/vendor
BENCH_TOOLS := .bench-tools

.PHONY: run test test-spatialite test-postgis setup db static-copies bench production-check lint coverage venv lock communes clean

run: setup db
	$(BIN)/gunicorn --config deploy/gunicorn.conf.py

setup: $(STAMPS)/run-packages $(STAMPS)/venv $(STAMPS)/vendor static-copies

# The gzipped copy beside each static text file (app/static_files.py): only the missing or stale ones are made.
static-copies: $(STAMPS)/venv $(STAMPS)/vendor
	@$(FLASK) compress-static

db: setup
	$(FLASK) db upgrade
	$(FLASK) seed-demo

test: $(STAMPS)/test-packages $(STAMPS)/venv $(STAMPS)/vendor static-copies
	$(BIN)/pytest -p no:cacheprovider --db=spatialite $(PYTEST_ARGS)
	$(BIN)/pytest -p no:cacheprovider --db=postgis $(PYTEST_ARGS)

bench: $(STAMPS)/test-packages $(STAMPS)/venv $(STAMPS)/vendor $(STAMPS)/bench-tools static-copies
	$(BIN)/python -m bench.run_all

# The production stack on this machine (nginx, gunicorn with 4 workers, a throwaway PostGIS, all on loopback; see
# deploy/stack.py) under 200 editors for 60 s through nginx: prints the figures, fails on an error or a lost update.
production-check: $(STAMPS)/test-packages $(STAMPS)/venv $(STAMPS)/vendor static-copies
	$(BIN)/python -m deploy.production_check $(CHECK_ARGS)

# Ruff with the rules of pyproject.toml, over the whole tree.
lint: $(STAMPS)/venv
	$(BIN)/ruff check .

# Every test on SpatiaLite, with the lines and branches of app/ that none of them runs (settings in pyproject.toml).
coverage: $(STAMPS)/test-packages $(STAMPS)/venv $(STAMPS)/vendor static-copies
	$(BIN)/pytest -p no:cacheprovider --db=spatialite --cov --cov-report=term-missing $(PYTEST_ARGS)

venv: $(STAMPS)/venv

# app/places/communes.json anew from the pinned @etalab/decoupage-administratif (after a new edition of it): the
# eight intercommunalities' communes only, each with its centre from app/places/centres.csv. The file is committed:
# the app reads it, never node_modules.
communes: $(STAMPS)/venv $(STAMPS)/vendor
	$(BIN)/python -m app.places.build

# requirements.txt anew from pyproject.toml's dependencies and its test extra, in a throwaway virtualenv: the
# versions it already pins are kept (to upgrade a package, delete its line first), new ones come in at their latest.
lock: $(STAMPS)/run-packages
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	  print("\n".join(p["dependencies"] + p["optional-dependencies"]["test"]))' > "$$tmp/declared.txt" && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/pip" install -q --disable-pip-version-check -c requirements.txt -r "$$tmp/declared.txt" && \
	{ sed -n '/^#/p' requirements.txt; "$$tmp/venv/bin/pip" freeze; } > requirements.txt.new && \
	mv requirements.txt.new requirements.txt

# System packages: installed only when missing, so a second run costs nothing.
$(STAMPS)/run-packages:
	@$(call apt_install,$(RUN_PACKAGES))
	@command -v npm >/dev/null || $(call apt_install,nodejs npm)
	@mkdir -p $(STAMPS) && touch $@

# Made again when the Makefile changes, so that a package added to the list reaches machines set up before.
$(STAMPS)/test-packages: $(STAMPS)/run-packages Makefile
	@$(call apt_install,$(TEST_PACKAGES))
	@touch $@

define apt_install
missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
if [ -n "$$missing" ]; then echo "Installing system packages:" $$missing; \
  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi
endef

$(STAMPS)/venv: requirements.txt | $(STAMPS)/run-packages
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

# Front-end packages from the npm lock file, copied where the pages load them (never from a CDN).
$(STAMPS)/vendor: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/htmx $(VENDOR)/geoman
	cp -r node_modules/leaflet/dist $(VENDOR)/leaflet
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.{js,css} $(VENDOR)/geoman/
	@mkdir -p $(STAMPS) && touch $@

# The benches' own tool, Lighthouse, in a folder of its own: the product's lock file stays the pages' packages only,
# and `make run` and `make test` install nothing of it. Node 20 takes Lighthouse 12 (13 needs Node 22).
$(STAMPS)/bench-tools:
	npm install --prefix $(BENCH_TOOLS) --no-save --no-audit --no-fund --loglevel=error lighthouse@12.8.2
	@mkdir -p $(STAMPS) && touch $@

clean:
	rm -rf $(STAMPS) $(VENV) node_modules $(VENDOR) $(BENCH_TOOLS)
	find static -name "*.gz" -delete
