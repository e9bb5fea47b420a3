"""Voyette served as in production, on loopback, for `make production-check` and the tests: gunicorn with
deploy/gunicorn.conf.py, and Debian's nginx with deploy/nginx/voyette-locations.conf in front of it, each started
from a folder of its own (pid, logs, temporary files) so that no root and no system folder is needed.

    with gunicorn(database_url, instance) as base: ...            # http://127.0.0.1:<port>
    with nginx(folder, upstream_port, photos=...) as base: ...    # nginx alone, in front of any upstream
    with production(database_url, folder) as stack: ...           # both, migrated first, photos through nginx
"""
import os
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NGINX = os.environ.get("VOYETTE_NGINX", "/usr/sbin/nginx")
LOCATIONS = ROOT / "deploy" / "nginx" / "voyette-locations.conf"
HTTP_LEVEL = ROOT / "deploy" / "nginx" / "voyette-http.conf"
# The folders the site file names, and so the ones the local stack puts its own in the place of.
SITE_STATIC, SITE_PHOTOS = "/srv/voyette/static/", "/var/lib/voyette/photos/"
SITE_PUBLISHED = "/var/lib/voyette/published"
PHOTO_ACCEL = "/_photos/"

MAIN_CONF = """\
daemon off;
worker_processes 2;
pid {folder}/nginx.pid;
error_log stderr notice;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {http_level};
    upstream voyette {{
        server 127.0.0.1:{upstream};
        keepalive 16;
        keepalive_timeout 1s;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {folder}/voyette-locations.conf;
    }}
}}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _process(command, ready, environment=None, times=1):
    """Run `command` until the block ends, once it has written `times` lines that hold `ready` on its stderr. Its
    later lines are read as they come, so that they never fill the pipe; what it wrote is kept for an error
    message."""
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    said = []
    drain = threading.Thread(target=lambda: said.extend(process.stderr), daemon=True)
    try:
        for line in process.stderr:
            said.append(line)
            times -= ready in line
            if not times:
                break
        else:
            raise RuntimeError(f"{command[0]} stopped:\n" + b"".join(said).decode(errors="replace"))
        drain.start()
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)
        if drain.ident:  # started: it ends with the process's last line
            drain.join(timeout=30)
        process.stderr.close()


@contextmanager
def gunicorn(database_url, instance, workers=3, environment=None):
    """gunicorn as `make run` and voyette.service start it, on a free loopback port; its base URL. `instance` is
    VOYETTE_INSTANCE (its key, its photos); `environment` adds settings (VOYETTE_…)."""
    port = free_port()
    settings = {**os.environ, "DATABASE_URL": database_url, "VOYETTE_INSTANCE": str(instance),
                "VOYETTE_BIND": f"127.0.0.1:{port}", "VOYETTE_WORKERS": str(workers), **(environment or {})}
    settings.pop("SECRET_KEY", None)  # the installation's key, as a real host has it
    # gunicorn says when each worker has loaded the app (deploy/gunicorn.conf.py): then no request waits for one.
    with _process([BIN / "gunicorn", "--config", "deploy/gunicorn.conf.py"], b"Worker ready", settings, workers):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def nginx(folder, upstream_port, static=ROOT / "static", photos=None, published=None):
    """Debian's nginx with Voyette's locations, in front of the server on `upstream_port`, serving `static`, the
    photos of `photos` and the public answers of `published` (folders); its base URL. Everything it writes stays in
    `folder`."""
    folder, port = Path(folder), free_port()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)  # run as root, nginx's workers are `nobody`: they make their temporary folders here
    locations = LOCATIONS.read_text().replace(SITE_STATIC, f"{Path(static)}/")
    locations = locations.replace(SITE_PUBLISHED, str(Path(published or folder / "no-published")))
    folder.joinpath("voyette-locations.conf").write_text(
        locations.replace(SITE_PHOTOS, f"{Path(photos or folder / 'no-photos')}/"))
    folder.joinpath("nginx.conf").write_text(MAIN_CONF.format(folder=folder, port=port, upstream=upstream_port,
                                                              http_level=HTTP_LEVEL))
    # Its sockets listen before it starts its workers, and it says when it does that.
    with _process([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", "stderr"],
                  b"start worker process"):
        yield f"http://127.0.0.1:{port}"


@dataclass
class Stack:
    url: str  # nginx, as a browser reaches the site
    app_url: str  # gunicorn behind it
    instance: Path
    photos: Path


def before_start(database_url, instance):
    """What voyette.service runs before each start: `flask db upgrade`, then `flask compress-static` (the gzipped
    copies nginx sends)."""
    environment = {**os.environ, "DATABASE_URL": database_url, "VOYETTE_INSTANCE": str(instance)}
    for command in (["db", "upgrade"], ["compress-static"]):
        subprocess.run([BIN / "flask", "--app", "app", *command], cwd=ROOT, check=True, capture_output=True,
                       env=environment)


@contextmanager
def production(database_url, folder, workers=4):
    """The whole stack on that database: migrated and its static copies made, gunicorn behind one proxy
    (VOYETTE_PROXIES=1), nginx sending the static files, the photos (VOYETTE_PHOTO_ACCEL) and public maps' layers
    (VOYETTE_PUBLISHED); local tiles, since only loopback exists here."""
    folder = Path(folder)
    instance, photos, published = folder / "instance", folder / "instance" / "photos", folder / "instance" / "published"
    photos.mkdir(parents=True, exist_ok=True)
    published.mkdir(exist_ok=True)
    for path in (folder, instance, photos, published):
        path.chmod(0o755)  # readable by nginx's workers, as voyette.service's group makes them in production
    before_start(database_url, instance)
    settings = {"VOYETTE_PROXIES": "1", "VOYETTE_PHOTO_ACCEL": PHOTO_ACCEL, "VOYETTE_PHOTOS": str(photos),
                "VOYETTE_PUBLISHED": str(published), "VOYETTE_LOCAL_TILES": "1"}
    with (gunicorn(database_url, instance, workers, settings) as app_url,
          nginx(folder / "nginx", app_url.rsplit(":", 1)[1], photos=photos, published=published) as url):
        yield Stack(url, app_url, instance, photos)
