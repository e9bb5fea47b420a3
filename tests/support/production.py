"""Voyette as a production host serves it, for the tests that go through it (tests/deploy, tests/browser): the stack
of deploy/stack.py on the tests' database, and a person's HTTP client with its cookies."""
import http.client
import io
import re
import shutil
import tempfile
from contextlib import contextmanager
from urllib.parse import urlencode, urlsplit

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from deploy import stack
from tests.conftest import PASSWORD

TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


@contextmanager
def production_stack(database_url):
    """The stack, in a folder nginx's workers can read (pytest's own temporary folders are the user's alone)."""
    folder = tempfile.mkdtemp(prefix="voyette-production-")
    try:
        with stack.production(database_url, folder) as served:
            yield served
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def forget_published(production):
    """Tables are emptied between tests, so a map's number comes again, which no real host sees: the public answers
    nginx was left for the test before go with them."""
    for path in (production.instance / "published").glob("*/*"):
        path.unlink()


class Browser:
    """One person's person: its cookies, the CSRF token of the last page it read, one keep-alive connection."""

    def __init__(self, base):
        address = urlsplit(base)
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        self.cookies, self.token = {}, None

    def request(self, method, path, body=None, headers=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for cookie in response.headers.get_all("Set-Cookie") or ():
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        if found := TOKEN.search(data.decode(errors="replace")):
            self.token = found.group(1)
        return response, data

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        form = urlencode({"csrf_token": self.token, **fields})
        return self.request("POST", path, form, {"Content-Type": "application/x-www-form-urlencoded",
                                                 "HX-Request": "true", **(headers or {})})

    def upload(self, path, fields, files):
        values = {"csrf_token": self.token, **fields, **{name: FileStorage(io.BytesIO(data), filename=filename)
                                                         for name, (data, filename) in files.items()}}
        boundary, body = encode_multipart(values)
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def close(self):
        self.connection.close()




def signed_in(base, user):
    """A Browser logged in as that account through the login form."""
    visitor = Browser(base)
    visitor.get("/compte/connexion")
    answer, _ = visitor.post("/compte/connexion", {"email": user.email, "password": PASSWORD}, {})
    assert answer.status == 303
    return visitor
