"""Several app servers on one PostgreSQL and one Redis behave as one site.

Two gunicorn servers run the production settings (page cache on, jobs in the
database) on two loopback ports over the test database and one Redis database,
with one job worker beside them. An editor's change made through one server
is what readers of the other get at once (the page cache's purge crosses
servers), the job that change enqueued runs once, and banner clicks and
impressions sent to both add up exactly. Needs PostgreSQL and Redis; under
``CI=true`` a missing Redis is a failure, elsewhere a skip.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from django_tasks import TaskResultStatus

from articles import services
from jobs.models import Job
from articles.models import RelatedArticle
from newsroom.banners.models import Banner
from tests.banners.factories import BannerFactory
from tests.concurrency import skip_unless_postgresql
from tests.factories import ArticleFactory, EditorFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS_URL = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/9")
PASSWORD = "correct horse battery staple"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.flushdb()
        return True
    except redis.exceptions.ConnectionError:
        return False


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class BehindTheProxy(http.cookiejar.DefaultCookiePolicy):
    """The servers think they are behind a TLS proxy (as in production), so their cookies are Secure."""

    def return_ok_secure(self, cookie, request):
        return True


class Reader:
    """A browser of its own (cookies, User-Agent) talking to one server, as if through the TLS proxy."""

    def __init__(self, port, agent):
        self.base = f"http://127.0.0.1:{port}"
        self.origin = f"https://127.0.0.1:{port}"
        self.agent = agent
        self.jar = http.cookiejar.CookieJar(policy=BehindTheProxy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirects)

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"User-Agent": self.agent, "X-Forwarded-Proto": "https", "Referer": self.origin + path, **(headers or {})}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf_token(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def log_in(self, username):
        self.request("/admin/login/")
        status, _page = self.request(
            "/admin/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf_token(), "next": "/admin/"},
        )
        assert status == 302, "the editor could not log in"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production serves hashed static files: gather them once, as a deployment does."""
    root = tmp_path_factory.mktemp("static")
    environment = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                   "DJANGO_STATIC_ROOT": str(root)}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=environment, check=True)
    return root


@pytest.fixture
def servers(tmp_path, static_root):
    """Two production app servers over the test database and one Redis database."""
    skip_unless_postgresql()
    if not redis_answers():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis does not answer at {REDIS_URL}")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    database = connection.settings_dict
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "NEWSROOM_", "GUNICORN"))},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "cluster-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CACHE_URL": REDIS_URL,
        "NEWSROOM_PAGE_CACHE_SECONDS": "300",
        "NEWSROOM_BANNER_IMPRESSION_BATCH": "5",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_STATIC_ROOT": str(static_root),
        "WEB_CONCURRENCY": "1",
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [str(GUNICORN), "-c", str(BASE_DIR / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", "newsroom.wsgi"],
            cwd=BASE_DIR, env=environment, stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"gunicorn-{port}.log", "w"),
        )
        for port in ports
    ]
    worker = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"]
    processes.append(
        subprocess.Popen(worker, cwd=BASE_DIR, env=environment, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "worker.log", "w"))
    )
    try:
        for port in ports:
            _wait_for(port)
        yield ports, environment
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def jobs_done(timeout=60):
    """Wait until the worker has run every job queued so far; return the jobs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Job.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
            return list(Job.objects.all())
        time.sleep(0.3)
    pytest.fail("the worker did not finish the queued jobs")


def _wait_for(port):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"gunicorn on port {port} did not start")


def test_an_editors_change_through_one_server_is_what_readers_of_the_other_get(servers):
    (first, second), _environment = servers
    editor_account = EditorFactory(username="cluster-editor")
    # The servers know only production's hashers (the test settings use a fast one); few iterations keep it quick.
    editor_account.password = PBKDF2PasswordHasher().encode(PASSWORD, "clustersalt", iterations=1000)
    editor_account.save()
    story = ArticleFactory(title="Power cuts in Damascus")
    target = ArticleFactory(title="Water shortage in Ghouta")
    reader = Reader(second, "reader")
    status, page = reader.request(story.get_absolute_url())
    assert status == 200 and "Water shortage in Ghouta" not in page
    assert reader.request(story.get_absolute_url())[1] == page  # now served from the shared page cache

    editor = Reader(first, "editor")
    editor.log_in("cluster-editor")
    pin = f"/admin/articles/article/{story.pk}/related/pin/{target.pk}/"
    status, _ = editor.request(pin, {"csrfmiddlewaretoken": editor.csrf_token()})
    assert status == 302 and RelatedArticle.objects.filter(article=story, target=target).exists()

    status, page = reader.request(story.get_absolute_url())
    assert status == 200 and "Water shortage in Ghouta" in page
    # The pin queued one refresh of the story's suggestions; the worker ran it, once.
    refreshes = [job for job in jobs_done() if job.args_kwargs["kwargs"].get("article_id") == story.pk]
    assert [job.status for job in refreshes] == [TaskResultStatus.SUCCESSFUL]


def test_clicks_and_impressions_sent_to_both_servers_add_up_exactly(servers):
    ports, environment = servers
    banner = BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    article = ArticleFactory()
    readers = [Reader(port, f"reader-{index}") for index, port in enumerate(ports * 6)]  # twelve browsers, two servers
    for reader in readers:
        status, _ = reader.request(f"/en/banners/{banner.pk}/go/", headers={"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"})
        assert status == 302
        assert reader.request(article.get_absolute_url())[0] == 200  # five per server, stored or not
    # Full batches queued flushes of the counts added up in the one Redis; the scheduled work
    # (cron, every minute) flushes what is left.
    subprocess.run([sys.executable, "manage.py", "run_scheduled_work"], cwd=BASE_DIR, env=environment, check=True,
                   capture_output=True)
    jobs_done()
    banner.refresh_from_db()
    assert banner.clicks == 12
    assert banner.impressions == 12


def test_a_write_in_this_process_purges_pages_stored_by_the_servers(servers):
    """A command or importer on a third machine purges the same shared keys."""
    reader = Reader(servers[0][0], "reader")
    story = ArticleFactory(title="Bread prices")
    assert "Bread prices" in reader.request(story.get_absolute_url())[1]
    story.title = "Bread prices rise again"
    from django.test.utils import override_settings

    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}):
        services.save_article(article=story)
    assert "Bread prices rise again" in reader.request(story.get_absolute_url())[1]
    assert re.search("Bread prices rise again", reader.request("/en/")[1])
