"""`make run` serves Voyette through gunicorn with deploy/gunicorn.conf.py: several workers, one installation key,
so a form got from one worker is taken by another."""
import re
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest

from deploy import stack


@pytest.fixture
def served(database_url, tmp_path):
    """gunicorn as `make run` starts it (three workers), on the tests' database and a fresh instance folder."""
    with stack.gunicorn(database_url, tmp_path, workers=3) as base:
        yield base


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
