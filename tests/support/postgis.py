"""A throwaway PostgreSQL + PostGIS server for the test session.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user.
"""
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

BIN = Path(os.environ.get("VOYETTE_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(command):
    return (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []) + command


@contextmanager
def postgis_server():
    """Start a cluster with fsync off, create a database with PostGIS; yield its SQLAlchemy URL."""
    base = Path(tempfile.mkdtemp(prefix="voyette-pg-"))
    base.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data, port = base / "data", _free_port()

    def run(*command):
        subprocess.run(_as_owner(list(command)), check=True, capture_output=True)

    def psql(sql, database="postgres"):
        run("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1",
            "-c", sql)

    try:
        run(str(BIN / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C")
        run(str(BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "log"), "-o",
            f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200", "start")
        psql("CREATE DATABASE voyette_test")
        psql("CREATE EXTENSION postgis", database="voyette_test")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/voyette_test"
    finally:
        subprocess.run(_as_owner([str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       check=False, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
