"""The operator's files in deploy/ say what the app does: every setting it reads, the body limits it keeps."""
import os
import re
import subprocess
import sys
from pathlib import Path

from config import Config
from deploy import stack

ROOT = Path(__file__).parents[2]
READ = re.compile(r'os\.environ\.get\("([A-Z_]+)"')


def settings_read():
    sources = [ROOT / "config.py", ROOT / "deploy" / "gunicorn.conf.py", *(ROOT / "app").rglob("*.py")]
    return {name for path in sources for name in READ.findall(path.read_text())}


def test_the_example_environment_file_says_every_setting_the_app_reads():
    example = (ROOT / "deploy" / "voyette.env.example").read_text()
    said = set(re.findall(r"^#?([A-Z_]+)=", example, re.MULTILINE))
    assert settings_read() - said == set()
    assert "DATABASE_URL=postgresql+psycopg://" in example


def test_nginx_refuses_no_body_the_app_would_take():
    locations = (ROOT / "deploy" / "nginx" / "voyette-locations.conf").read_text()
    everywhere = re.search(r"^client_max_body_size (\d+)m;", locations, re.MULTILINE).group(1)
    restore = re.search(r"location ~ \^/collectifs/\[0-9\]\+/restaurer\$ \{\s+client_max_body_size (\d+)m;",
                        locations).group(1)
    assert int(everywhere) * 1024 * 1024 == Config.MAX_CONTENT_LENGTH
    assert int(restore) * 1024 * 1024 == Config.BACKUP_MAX_CONTENT_LENGTH


def test_debian_s_nginx_takes_the_site_file(tmp_path):
    """deploy/nginx/voyette.conf as an operator installs it, with a throwaway certificate in the place of certbot's
    and loopback ports in the place of 80 and 443."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"], check=True, capture_output=True)
    site = (ROOT / "deploy" / "nginx" / "voyette.conf").read_text()
    for old, new in (("/etc/letsencrypt/live/carte.example.org/fullchain.pem", tmp_path / "cert.pem"),
                     ("/etc/letsencrypt/live/carte.example.org/privkey.pem", tmp_path / "key.pem"),
                     ("/srv/voyette/deploy/nginx/", f"{ROOT / 'deploy' / 'nginx'}/"),
                     ("listen 80;", "listen 127.0.0.1:80;"), ("listen 443 ssl", "listen 127.0.0.1:443 ssl")):
        assert old in site
        site = site.replace(old, str(new))
    (tmp_path / "site.conf").write_text(re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.MULTILINE))
    temporary = " ".join(f"{kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                             "scgi"))
    (tmp_path / "nginx.conf").write_text(f"pid {tmp_path}/nginx.pid; events {{}} http {{ {temporary} "
                                         f"include /etc/nginx/mime.types; include {tmp_path}/site.conf; }}")
    checked = subprocess.run([stack.NGINX, "-t", "-p", tmp_path, "-c", tmp_path / "nginx.conf", "-e", "stderr"],
                             check=False, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_daily_clean_up_runs_the_expirer_as_the_app_does(tmp_path):
    """voyette-expire.service runs `flask expirer` as voyette.service runs the app (same user, folder, settings:
    the same database and IMPORT_DIR), and its timer, systemd says, is valid and starts it each day."""
    app_unit, clean_up, timer = ((ROOT / "deploy" / name).read_text()
                                 for name in ("voyette.service", "voyette-expire.service", "voyette-expire.timer"))
    for setting in ("User", "Group", "WorkingDirectory", "EnvironmentFile", "UMask"):
        said = re.search(rf"^{setting}=(.+)$", app_unit, re.MULTILINE).group(1)
        assert f"\n{setting}={said}\n" in clean_up
    assert "\nExecStart=/srv/voyette/.venv/bin/flask --app app expirer\n" in clean_up
    assert "\nUnit=voyette-expire.service\n" in timer and "\nPersistent=true\n" in timer
    for old, new in (("/srv/voyette/.venv/bin/flask", sys.executable), ("/etc/voyette/voyette.env", os.devnull),
                     ("/srv/voyette", str(ROOT))):
        clean_up = clean_up.replace(old, new)
    (tmp_path / "voyette-expire.service").write_text(clean_up)
    (tmp_path / "voyette-expire.timer").write_text(timer)
    checked = subprocess.run(["systemd-analyze", "verify", "--man=no", tmp_path / "voyette-expire.timer",
                              tmp_path / "voyette-expire.service"], check=False, capture_output=True, text=True)
    assert (checked.returncode, checked.stderr) == (0, "")
