"""`make run` serves Voyette through gunicorn with deploy/gunicorn.conf.py: several workers, one installation key,
so a form got from one worker is taken by another."""
import os
import re
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(database_url, tmp_path):
    """gunicorn as `make run` starts it (three workers), on the tests' database and a fresh instance folder."""
    port = _free_port()
    environment = {**os.environ, "DATABASE_URL": database_url, "VOYETTE_INSTANCE": str(tmp_path),
                   "VOYETTE_BIND": f"127.0.0.1:{port}", "VOYETTE_WORKERS": "3"}
    environment.pop("SECRET_KEY", None)
    server = subprocess.Popen([GUNICORN, "--config", "deploy/gunicorn.conf.py"], cwd=ROOT, env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    drain = threading.Thread(target=server.stderr.read, daemon=True)  # its later lines never fill the pipe
    try:
        # gunicorn says when its socket listens; from then on a connection waits in its queue for a worker.
        for line in server.stderr:
            if b"Listening at" in line:
                break
        drain.start()
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        if drain.ident:  # started: it ends with the server's last line
            drain.join(timeout=30)
        server.stderr.close()


def test_gunicorn_serves_the_home_page_from_several_workers_with_one_key(served, tmp_path):
    with urllib.request.urlopen(served + "/", timeout=10) as home:
        assert home.status == 200 and home.headers["Server"].startswith("gunicorn")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("secret_key")] == ["secret_key"]
    for _ in range(12):  # new connections each time: the workers take them in turn, in whatever order
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with browser.open(served + "/compte/inscription", timeout=10) as page:
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.read().decode()).group(1)
        form = urlencode({"csrf_token": token, "email": "pas une adresse", "display_name": "Lou"}).encode()
        with pytest.raises(urllib.error.HTTPError) as refused:
            browser.open(served + "/compte/inscription", data=form, timeout=10)
        with refused.value:
            answer = refused.value.read().decode()
        assert refused.value.code == 422 and "pas une adresse" in answer  # the address is refused, not the form
