"""What the benchmarks that serve the site share: production settings for a run, and a free port.

Every bench that measures the site as production runs it (``bench/scale.py``,
``bench/lighthouse.py``) starts from ``environment``: ``DJANGO_DEBUG=0`` and
the settings a real deployment sets (a secret key, allowed hosts, the TLS
proxy in front), each bench adding what is its own (database, cache, files).
"""

import os
import socket


def environment(**overrides):
    """The current environment with production settings for a bench run, then *overrides*."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-use-0123456789",
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1,testserver",
        # As behind a TLS proxy: requests say they came over HTTPS, so nothing is redirected.
        DJANGO_BEHIND_TLS_PROXY="1",
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.update(overrides)
    return env


def free_port():
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
