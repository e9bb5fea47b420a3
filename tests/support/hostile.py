"""What the attack suite stands up around the app: a listener on loopback that counts what it is asked (an internal
service an attacker would like the server to reach), and a full disk."""
import resource
import signal
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.extensions import db


@contextmanager
def listening(body, content_type="image/png", status=200, headers=()):
    """A server on 127.0.0.1 answering `body` to every GET (and HEAD); yields ("127.0.0.1:PORT", the paths it was
    asked)."""
    asked = []

    class Counting(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(status)
            for name, value in (("Content-Type", content_type), *headers):
                self.send_header(name, value)
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(body)

        do_HEAD = do_GET  # GDAL's /vsicurl/ asks HEAD first

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_port}", asked
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def disk_full(room=64 * 1024):
    """No file may grow past `room` bytes, as when the disk fills up: the kernel refuses the write itself (EFBIG,
    from this process's file-size limit; SIGXFSZ ignored, as a server does). SQLite's write-ahead log is emptied
    first, so that the database's own few pages still fit and only the files the test is about do not."""
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (room, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)
