"""The operator's files in deploy/ say what the app does: every setting it reads, the body limits it keeps."""
import re
from pathlib import Path

from config import Config

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
