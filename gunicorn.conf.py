"""Gunicorn settings for production: threaded workers that a few slow clients cannot tie up.

Gunicorn reads this file by itself when started from the project directory
(``gunicorn newsroom.wsgi``); options given on the command line win.

Sync workers serve one connection each, start to finish, so three clients
that send a request body one byte at a time held all three of them and the
site stopped answering. Threaded workers (``gthread``) give every worker a pool
of threads and wait for idle connections without a thread: a slow client
holds one thread, not a worker. The real guard against slow clients is a
buffering reverse proxy in front (``deploy/nginx.conf``), which reads a whole
request before gunicorn sees it; this file keeps gunicorn safe on its own too.

Environment: ``PORT`` (8000), ``WEB_CONCURRENCY`` (workers: 2 per CPU, at most
8), ``GUNICORN_THREADS`` (8 per worker), ``GUNICORN_TIMEOUT`` (30 s).
"""

import os

from newsroom.env import env_int

bind = [f"0.0.0.0:{env_int('PORT', 8000)}"]
worker_class = "gthread"
workers = env_int("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1), 8), minimum=1)
threads = env_int("GUNICORN_THREADS", 8, minimum=1)
# A worker that does not report for this long (a request stuck in a loop) is killed and replaced.
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = 30
# Idle keep-alive connections wait in the worker's poller, not in a thread; a short wait frees them soon.
keepalive = 5
# Requests past these limits are refused before Django parses them: a URL of 4 kB,
# 100 headers of 8 kB each (the admin's longest filter URLs fit with room to spare).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Restart each worker now and then, staggered, so slow memory growth never builds up.
max_requests = 2000
max_requests_jitter = 200
# Logs to stderr, where the process manager collects them.
accesslog = "-"
errorlog = "-"


def worker_exit(server, worker):
    """A worker that stops sends the page views it counted but has not sent yet (``newsroom/cache_nearby.py``)."""
    from newsroom.cache_nearby import send_waiting_counts

    send_waiting_counts()
