"""bench.static_limit: the same bytes served by a throwaway nginx, gzipped ones with their Content-Encoding."""
import gzip

from bench.static_limit import static_nginx
from bench.support import Client


def test_nginx_serves_the_bytes_it_is_given_as_they_were_sent():
    body = gzip.compress(b'{"type":"FeatureCollection","features":[]}')
    with static_nginx() as static:
        client = Client(static.url)
        try:
            gzipped, plain = client.get(static.put(body, gzipped=True)), client.get(static.put(b"{}", gzipped=False))
            again = client.get(static.put(body, gzipped=True), {"If-None-Match": gzipped.headers["etag"]})
        finally:
            client.close()
        folder = static.folder
    assert gzipped.status == 200 and gzipped.body == body and gzipped.headers["content-encoding"] == "gzip"
    assert plain.body == b"{}" and "content-encoding" not in plain.headers
    assert again.status == 304
    assert not folder.exists()  # nothing left behind
