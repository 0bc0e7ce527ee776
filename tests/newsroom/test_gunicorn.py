"""The shipped gunicorn settings keep answering while clients send request bodies very slowly.

With the old recipe (three sync workers), three such clients held every
worker and the site stopped answering. Here gunicorn runs with the project's
``gunicorn.conf.py`` and the same three workers on a free loopback port, more
clients than workers start slow uploads, and an ordinary request must still be
answered promptly. Development mode and SQLite: nothing else is needed.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")
SLOW_CLIENTS = 5
WORKERS = 3


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, timeout):
    """Status line of a plain GET, or None when nothing came back in *timeout* seconds."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
            connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            return connection.recv(64).split(b"\r\n")[0].decode()
    except OSError:
        return None


def stop(process):
    """Quick shutdown (no grace period for connections); kill it if a loaded machine keeps it busy."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One gunicorn for the module (starting three workers takes seconds), stopped at once afterwards."""
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "WEB_CONCURRENCY", "GUNICORN"))},
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WEB_CONCURRENCY": str(WORKERS),
    }
    process = subprocess.Popen(
        [str(GUNICORN), "-c", str(BASE_DIR / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", "newsroom.wsgi"],
        cwd=BASE_DIR, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30  # a loaded machine boots Django slowly
        while get(port, "/healthz", timeout=0.5) is None:
            assert process.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
        yield port
    finally:
        stop(process)


def start_slow_upload(port):
    """A client that sends its headers and then only the first byte of a large form."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=2)
    connection.sendall(
        b"POST /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 100000\r\n\r\na"
    )
    return connection


def test_slow_uploads_do_not_stop_ordinary_requests(server):
    slow = [start_slow_upload(server) for _ in range(SLOW_CLIENTS)]
    try:
        time.sleep(0.5)  # let every slow request reach a worker
        for connection in slow:
            connection.sendall(b"b")  # still sending, a byte at a time
        started = time.monotonic()
        # Sync workers would never answer while the uploads last; a few seconds allow for a busy machine.
        status = get(server, "/healthz", timeout=5)
        assert status == "HTTP/1.1 200 OK"
        assert time.monotonic() - started < 5
    finally:
        for connection in slow:
            connection.close()


def test_an_overlong_request_line_is_refused_by_gunicorn(server):
    assert get(server, "/en/?q=" + "a" * 5000, timeout=3).split()[1] == "414"
