"""The physical limit of a read: the same bytes served as a static file by nginx on loopback.

A throwaway nginx (Debian's package) runs from a temporary folder of its own (configuration, pid, logs, temporary
files) and serves the files a benchmark puts there; a body the app sent gzipped is kept gzipped and sent with
`Content-Encoding: gzip`, so both answers cross the same loopback with the same bytes and headers of the same kind.

    with static_nginx() as static:
        path = static.put(reply.body, gzipped=True)
        static_reply = client_of(static.url).get(path)
"""
import contextlib
import hashlib
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CONFIGURATION = """\
daemon on;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    default_type application/geo+json;
    server {{
        listen 127.0.0.1:{port};
        root {root}/files;
        location /plain/ {{ }}
        location /gzip/ {{ add_header Content-Encoding gzip; }}
    }}
}}
"""


@dataclass
class StaticServer:
    url: str
    folder: Path

    def put(self, body, gzipped):
        """Serve these bytes as a file; its path on the server (the same bytes give the same path)."""
        kind = "gzip" if gzipped else "plain"
        name = f"{kind}/{hashlib.blake2s(body, digest_size=8).hexdigest()}.geojson"
        path = self.folder / name
        if not path.exists():
            path.write_bytes(body)
            path.chmod(0o644)  # nginx's worker runs as nobody
        return "/" + name

    def rewrite(self, path):
        """Write the file at that path anew, as a save leaves its answer: the next read is of a file just written."""
        target = self.folder / path.lstrip("/")
        draft = target.with_suffix(".draft")
        draft.write_bytes(target.read_bytes())
        draft.chmod(0o644)
        draft.replace(target)


@contextlib.contextmanager
def static_nginx():
    """An nginx serving a temporary folder on a free loopback port while the block runs; yields a StaticServer."""
    root = Path(tempfile.mkdtemp(prefix="voyette-nginx-"))
    try:
        for folder in ("tmp", "files/plain", "files/gzip"):
            (root / folder).mkdir(parents=True)
        for path in (root, *root.rglob("*")):
            path.chmod(0o755)
        port = _free_port()
        configuration = root / "nginx.conf"
        configuration.write_text(CONFIGURATION.format(root=root, port=port), encoding="utf-8")
        # With `daemon on`, nginx returns once it listens (the socket is bound before it forks): nothing to wait for.
        command = [NGINX, "-p", str(root), "-c", str(configuration), "-e", str(root / "error.log")]
        subprocess.run(command, check=True, capture_output=True)
        try:
            yield StaticServer(f"http://127.0.0.1:{port}", root / "files")
        finally:
            subprocess.run([*command, "-s", "stop"], check=False, capture_output=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
