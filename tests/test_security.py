"""Security headers: a policy with no inline script, tiles only from the basemaps, cookies kept to the site."""
from app.security import content_security_policy
from config import DEFAULT_BASEMAPS


def test_pages_carry_the_security_headers(client, demo_map):
    response = client.get(f"/cartes/{demo_map.id}")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("style-src-attr")[0]
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_tiles_are_allowed_only_from_the_configured_basemaps():
    policy = content_security_policy(DEFAULT_BASEMAPS)
    img = next(part for part in policy.split("; ") if part.startswith("img-src"))
    assert img == "img-src 'self' data: https://*.tile.openstreetmap.fr https://data.geopf.fr"


def test_session_cookie_is_http_only_and_same_site(client):
    cookie = client.get("/").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_page_has_no_inline_script(client, demo_map):
    import re
    page = client.get(f"/cartes/{demo_map.id}").get_data(as_text=True)
    assert all('src="' in tag for tag in re.findall(r"<script[^>]*>", page))
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers either
