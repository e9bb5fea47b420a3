"""Configuration read from the environment, with defaults that make `make run` work on its own."""
import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("VOYETTE_INSTANCE", BASE_DIR / "instance"))


def default_database_url():
    """The embedded SpatiaLite file; the query flag avoids SpatiaLite's slow first connection."""
    return f"sqlite:///{INSTANCE_DIR / 'voyette.db'}?geoalchemy2_connect_sqlite_transaction=true"


# Tile layers a French user expects. Tests and benchmarks replace this list with a local tile route.
DEFAULT_BASEMAPS = [
    {
        "key": "osmfr",
        "name": "OpenStreetMap France",
        "url": "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png",
        "attribution": "© les contributeurs d'OpenStreetMap, fond OSM France",
        "max_zoom": 20,
        "subdomains": "abc",
    },
    {
        "key": "plan-ign",
        "name": "Plan IGN",
        "url": "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
        "&STYLE=normal&FORMAT=image/png&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
        "attribution": "© IGN – Géoplateforme",
        "max_zoom": 19,
    },
    {
        "key": "ortho-ign",
        "name": "Photographies aériennes IGN",
        "url": "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ORTHOIMAGERY.ORTHOPHOTOS"
        "&STYLE=normal&FORMAT=image/jpeg&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
        "attribution": "© IGN – Géoplateforme",
        "max_zoom": 19,
    },
]


LOCAL_BASEMAPS = [
    {"key": "local", "name": "Fond local", "url": "/tuiles-locales/{z}/{x}/{y}.png",
     "attribution": "Fond local hors ligne", "max_zoom": 20},
    {"key": "local-dark", "name": "Fond local sombre", "url": "/tuiles-locales/{z}/{x}/{y}.png?teinte=sombre",
     "attribution": "Fond local sombre hors ligne", "max_zoom": 20},
]


class Config:
    """Settings for a real server; every value can come from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")  # None: create_app keeps a generated key in instance/
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or default_database_url()
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    # VOYETTE_LOCAL_TILES=1 serves a plain local basemap: for machines with no internet, benchmarks and tests.
    LOCAL_TILES = os.environ.get("VOYETTE_LOCAL_TILES") == "1"
    BASEMAPS = LOCAL_BASEMAPS if LOCAL_TILES else DEFAULT_BASEMAPS
    # Above this many features in view, the map receives point clusters instead of features (from zoom 17, a few
    # streets, four times as many: features/clusters.py).
    CLUSTER_THRESHOLD = int(os.environ.get("VOYETTE_CLUSTER_THRESHOLD", "12000"))
    # Recent answers of the map's layer are kept gzipped in each worker's memory, up to this many MB (app/answers.py).
    ANSWER_CACHE_BYTES = int(os.environ.get("VOYETTE_ANSWER_CACHE_MB", "64")) * 1024 * 1024
    # A view's items are kept gzipped by blocks of this many numbers: the read after a change gzips the changed block
    # alone (app/features/layer.py).
    LAYER_BLOCK_ITEMS = 500
    # The most items one export or one print holds (whoever asks, whatever the map's size); above, the person is
    # asked for fewer categories or a smaller view.
    EXPORT_MAX_ITEMS = int(os.environ.get("VOYETTE_EXPORT_MAX_ITEMS", "20000"))
    PRINT_MAX_ITEMS = int(os.environ.get("VOYETTE_PRINT_MAX_ITEMS", "2000"))
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # A map's backup carries its photos (about 2 MB each, already JPEG: the zip cannot shrink them), so restoring one
    # takes a bigger request than any other form. nginx's client_max_body_size for that route must say the same
    # (deploy/nginx/voyette-locations.conf).
    BACKUP_MAX_CONTENT_LENGTH = int(os.environ.get("VOYETTE_BACKUP_MAX_MB", "256")) * 1024 * 1024
    # Photos are files beside the database (a directory shared by every worker), never in it.
    PHOTO_DIR = os.environ.get("VOYETTE_PHOTOS", str(INSTANCE_DIR / "photos"))
    # Behind nginx, the folder's internal location (e.g. "/_photos/"): a photo's answer, once its rights are checked,
    # is an empty body and `X-Accel-Redirect: <that>/<file>`, and nginx sends the file. Empty: the app sends it.
    PHOTO_ACCEL = os.environ.get("VOYETTE_PHOTO_ACCEL", "")
    # Basemap tiles fetched for prints are kept here, so that printing again costs no download.
    PRINT_TILE_DIR = os.environ.get("VOYETTE_PRINT_TILES", str(INSTANCE_DIR / "print-tiles"))
    # A file to import waits here between its preview and its confirmation (a day at most).
    IMPORT_DIR = os.environ.get("VOYETTE_IMPORTS", str(INSTANCE_DIR / "imports"))
    # The layer's answers, shared by this host's workers: made once, by a write or the first reader (a cache: emptied,
    # it costs one rebuild per view; app/shared_answers.py).
    ANSWER_DIR = os.environ.get("VOYETTE_ANSWERS", str(INSTANCE_DIR / "answers"))
    # Public maps' layer answers as files nginx sends without asking the app (app/published.py); its `elements.geojson`
    # location names the same folder. Empty: none (no nginx in front, as with `make run`).
    PUBLISHED_DIR = os.environ.get("VOYETTE_PUBLISHED", "")
    COMPRESS_MIMETYPES = [
        "text/html", "text/css", "text/javascript", "application/javascript",
        "application/json", "application/geo+json", "image/svg+xml",
    ]
    COMPRESS_ALGORITHM = ["gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["gzip"]  # static files are streamed; Flask-Compress's default there has no gzip
    COMPRESS_MIN_SIZE = 500
    SEND_FILE_MAX_AGE_DEFAULT = 3600
    # A form's token lives as long as the session, not one hour: a walk's changes may wait offline for an afternoon.
    WTF_CSRF_TIME_LIMIT = None
    # « Rester connecté sur cet appareil » keeps the session this many days after the device's last visit (the
    # length of a field trip); without it the session ends with the browser. Logging out ends both, everywhere.
    PERMANENT_SESSION_LIFETIME = timedelta(days=int(os.environ.get("VOYETTE_REMEMBER_DAYS", "30")))
    # Months an item stays in the bin (« Corbeille ») before `flask expirer` deletes it for good; 0: kept forever.
    BIN_KEPT_MONTHS = int(os.environ.get("VOYETTE_BIN_MONTHS", "12"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Behind HTTPS (VOYETTE_HTTPS=1) the session cookie is never sent in clear, and browsers are told (HSTS) to
    # come back only over HTTPS.
    HTTPS = os.environ.get("VOYETTE_HTTPS") == "1"
    SESSION_COOKIE_SECURE = HTTPS
    # How many reverse proxies (nginx…) stand in front: their X-Forwarded-For/-Proto are then believed, so that
    # login throttling sees each client's own address and HSTS knows the request came over HTTPS.
    PROXIES = int(os.environ.get("VOYETTE_PROXIES", "0"))
    # The sites that may show a public map in a frame (« Intégrer à un site », `/cartes/N/integrer`, the one route
    # that may be framed): their origins, separated by spaces (« https://www.harnes.fr https://cite.example.org »);
    # unset or « * », any site.
    EMBED_ORIGINS = os.environ.get("VOYETTE_EMBED_ORIGINS", "*").split() or ["*"]
    PREFERRED_URL_SCHEME = "https" if SESSION_COOKIE_SECURE else "http"
    # The site's address as its users reach it (scheme and host): the links that leave by mail or in the log are
    # built from it, never from the Host header a request chose.
    PUBLIC_URL = os.environ.get("VOYETTE_PUBLIC_URL", "http://127.0.0.1:5000")
    # Reset links are mailed only when VOYETTE_MAIL_SERVER is set; otherwise they go to the server log alone.
    MAIL_SERVER = os.environ.get("VOYETTE_MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("VOYETTE_MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("VOYETTE_MAIL_USE_TLS") == "1"
    MAIL_USERNAME = os.environ.get("VOYETTE_MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("VOYETTE_MAIL_PASSWORD", "")  # from the environment only, never in the code
    MAIL_SENDER = os.environ.get("VOYETTE_MAIL_SENDER", "Voyette <noreply@localhost>")
    # Who answers for the site, as « Données personnelles » and « Mentions légales » say (app/privacy/): the data
    # controller (« responsable de traitement »: a collective, a commune), where a person writes to exercise their
    # rights (an e-mail or a postal address), and the hosting company (name, address). No default: unset, the pages
    # say « non renseigné par l'exploitant ».
    CONTROLLER = os.environ.get("VOYETTE_CONTROLLER", "")
    CONTACT = os.environ.get("VOYETTE_CONTACT", "")
    HOST_NAME = os.environ.get("VOYETTE_HOST_NAME", "")
    HOST_ADDRESS = os.environ.get("VOYETTE_HOST_ADDRESS", "")


class TestConfig(Config):
    """Tests: a database URL from the test fixture, a fixed key, tiles served by the app itself."""

    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    LOCAL_TILES = True
    BASEMAPS = LOCAL_BASEMAPS
    PUBLIC_URL = "http://localhost"  # the test client's host
    MAIL_SERVER = ""  # never mail from a test run, whatever the environment says; a test sets its own server
