"""gunicorn's settings for Voyette: `make run` starts it with this file, and so does a production host. Each
setting can be changed from the environment without editing the file."""
import multiprocessing
import os

wsgi_app = "app:create_app()"
bind = os.environ.get("VOYETTE_BIND", "127.0.0.1:5000")
# Processes for the CPUs, threads for the time each request waits on the database or the disk.
workers = int(os.environ.get("VOYETTE_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("VOYETTE_THREADS", "4"))
# Longer than the slowest request (an import's confirmation, a PDF of the dossier), shorter than a person waits.
timeout = int(os.environ.get("VOYETTE_TIMEOUT", "120"))
# No access log here: request lines carry secret links (/contribuer/<token>) and addresses. The app writes its own
# line per request, with the URL rule instead of the path (app/logs.py); errors go to stderr.
errorlog = "-"
# gunicorn's control socket sits in the home folder, one per user: two servers (a test beside `make run`) would
# share it. Voyette is stopped and reloaded through its process (systemd), not through that socket.
control_socket_disable = True
# Forwarded headers are believed by the app alone, and only when VOYETTE_PROXIES says how many proxies stand in front
# (werkzeug's ProxyFix): gunicorn would otherwise take X-Forwarded-Proto from any local process.
secure_scheme_headers = {}


def post_worker_init(worker):
    """Said once a worker has loaded the app and takes requests: deploy/stack.py waits for every worker's line."""
    worker.log.info("Worker ready (pid: %s)", worker.pid)
