"""What ``bench/scale.py`` measures in one size's process: the pages, and req/s through gunicorn.

Imported after ``django.setup()`` with the database holding the generated archive.
"""

import http.client
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from unittest import mock
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from bench.production import free_port
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Author, RelatedSuggestion, Section, Tag

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "ar")
DEEP_PAGE = 500
ADMIN_SEARCH = "Aleppo"
EDITOR = "bench-editor"


# Choosing the pages --------------------------------------------------------------


def _live(language):
    return Article.objects.published().in_language(language)


def showcase_article(language):
    """The newest live article with a live other-language version and stored suggestions (the typical story page)."""
    other = _live("ar" if language == "en" else "en").values("translation_key")
    suggested = RelatedSuggestion.objects.values("article_id")
    newest = _live(language).filter(translation_key__in=other, pk__in=suggested).order_by("-published_at").first()
    return newest or _live(language).order_by("-published_at").first()


def lonely_article(language):
    """A live article whose story has no version in the other language (for the "not translated yet" notice)."""
    paired = Article.objects.exclude(language=language).values("translation_key")
    return _live(language).exclude(translation_key__in=paired).order_by("-published_at").first()


def tag_by_use(language, *, common):
    """The tag on most live articles in *language*, or one of the rarest in use."""
    counted = Tag.objects.annotate(uses=Count("articles", filter=Q(articles__in=_live(language))))
    if common:
        return counted.order_by("-uses", "pk").first()
    return counted.filter(uses__gte=1).order_by("uses", "-pk").first()


def busiest(model, language):
    """The section or author with most live articles in *language*, and that number."""
    counted = model.objects.annotate(uses=Count("articles", filter=Q(articles__in=_live(language))))
    top = counted.order_by("-uses", "pk").first()
    return top, top.uses


def deep_page_url(section, language, page, per_page):
    """The address of page *page* of a section's list, as the "Older stories" links lead to it."""
    from articles.selectors import Cursor, edition_articles

    if page <= 1:
        return section.get_absolute_url()
    last_before = edition_articles(language).filter(section=section)[(page - 1) * per_page - 1]
    return f"{section.get_absolute_url()}?before={Cursor.of(last_before)}"


def reader_pages(language):
    """{name: url} of every reader page kind in one edition."""
    per_page = settings.NEWSROOM_ARTICLES_PER_PAGE
    with translation.override(language):
        section, section_count = busiest(Section, language)
        author, _ = busiest(Author, language)
        deep = min(DEEP_PAGE, max(1, -(-section_count // per_page)))
        lonely = lonely_article("ar" if language == "en" else "en")
        return {
            f"{language} home": reverse("articles:home"),
            f"{language} article": showcase_article(language).get_absolute_url(),
            f"{language} section page 1": section.get_absolute_url(),
            # Page 500, or the last page of a smaller archive (its number is in the report's notes),
            # reached as readers reach it: "older stories" from the last story of page 499.
            f"{language} section, deep page": deep_page_url(section, language, deep, per_page),
            f"{language} tag page, common tag": tag_by_use(language, common=True).get_absolute_url(),
            f"{language} tag page, rare tag": tag_by_use(language, common=False).get_absolute_url(),
            f"{language} author page": author.get_absolute_url(),
            f"{language} not-translated notice": f"{reverse('translations:untranslated')}?article={lonely.pk}",
        }


def admin_pages():
    changelist = reverse("admin:articles_article_changelist")
    queue = reverse("admin:translations_translationqueueentry_changelist")
    section = Section.objects.order_by("position", "pk").first()
    return {
        "admin article list": changelist,
        "admin article list, search": f"{changelist}?q={ADMIN_SEARCH}",
        "admin translation queue": queue,
        "admin translation queue (state: missing)": f"{queue}?state=missing",
        "admin translation queue (state: outdated)": f"{queue}?state=outdated",
        "admin translation queue (language: ar)": f"{queue}?language=ar",
        "admin translation queue (section)": f"{queue}?section={section.pk}",
        "admin translation queue (assigned to me)": f"{queue}?assignee=me",
    }


# Timing ------------------------------------------------------------------------------


def percentile(samples, share):
    """Nearest-rank percentile of *samples* (seconds), in milliseconds."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000


def timed(call, *, requests, budget):
    """(wall, CPU) seconds of up to *requests* calls of *call*, stopping once *budget* seconds are spent (3 at least).

    CPU is this process's: Django's own work, without the database server's. On
    a shared machine it moves far less than wall time, which includes waiting
    for a core.
    """
    samples, spent = [], 0.0
    while len(samples) < requests and (len(samples) < 3 or spent < budget):
        start, cpu = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - start, time.process_time() - cpu))
        spent += samples[-1][0]
    return samples


def count_queries(call):
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return response, len(captured.captured_queries)


def measure(call, *, expect, requests, budget):
    """Two untimed requests (the second checked, its queries counted), then the timed ones.

    The first fills the cache with the pieces pages keep (related block,
    versions, menu, footer: ``articles/page_cache.py``), as on a live site.
    """
    call()
    response, queries = count_queries(call)
    assert response.status_code == expect, (response.status_code, getattr(response, "url", ""))
    samples = timed(call, requests=requests, budget=budget)
    wall = [sample[0] for sample in samples]
    return {
        "p50_ms": round(statistics.median(wall) * 1000, 2),
        "p95_ms": round(percentile(wall, 0.95), 2),
        "cpu_ms": round(statistics.median(sample[1] for sample in samples) * 1000, 2),
        "queries": queries,
        "requests": len(samples),
    }


def getter(client, url):
    return lambda: client.get(url, secure=True)


# Admin save ------------------------------------------------------------------------


def editor_client():
    user, _ = get_user_model().objects.get_or_create(
        username=EDITOR, defaults={"is_staff": True, "is_superuser": True, "email": "bench@example.org"}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def change_form_posts(client, articles):
    """(url, POST data) of each article's change form as a browser would send it unchanged."""
    from tests.admin_forms import admin_form_data

    posts = []
    # The test environment records each response's template context, which the form data is read from;
    # it is switched off again before anything is timed, as it slows rendering.
    setup_test_environment()
    try:
        for article in articles:
            url = reverse("admin:articles_article_change", args=[article.pk])
            posts.append((url, admin_form_data(client.get(url, secure=True))))
    finally:
        teardown_test_environment()
    return posts


def admin_save_call(client, posts, *, refresh=True):
    """A call that POSTs the next article's change form (cycling), as pressing Save does.

    With *refresh* false the suggestion refreshes the save schedules after
    commit are left out: what the request costs once they are a background job.
    """
    from articles import services

    turn = iter(range(10**9))

    def call():
        url, data = posts[next(turn) % len(posts)]
        if refresh or not hasattr(services, "_refresh_quietly"):  # gone once refreshes are background jobs
            response = client.post(url, data, secure=True)
        else:
            # Every after-commit refresh (the article's and its neighbours', the pins') goes through it.
            with mock.patch.object(services, "_refresh_quietly"):
                response = client.post(url, data, secure=True)
        if response.status_code == 302:
            # The form carries the version it was read at, and a save moves it on (its inlines too).
            # Sending the old number again would time the edit-conflict page, not a save: the next
            # POST carries the version now, read on a connection of its own so no page counts it.
            data["edit_version"] = str(_edit_version(int(url.rstrip("/").split("/")[-2])))
        return response

    return call


_side_connection = None


def _edit_version(pk):
    """Article *pk*'s ``edit_version``, read on a second connection (outside every query count)."""
    global _side_connection
    from django.db import connections

    if _side_connection is None:
        _side_connection = connections.create_connection("default")
    with _side_connection.cursor() as cursor:
        cursor.execute("SELECT edit_version FROM articles_article WHERE id = %s", [pk])
        return cursor.fetchone()[0]


#: A save whose refresh would recompute more suggestion lists than this is not timed, only estimated.
MAX_LISTS_PER_SAVE = 60


def save_refresh_estimate(article):
    """How many suggestion lists saving *article* recomputes today, and what one of them costs.

    In an archive where few lists are stored (``--suggestions sample``) every
    candidate with a short list is recomputed, which at 200k means thousands
    per save: too long to time, so the bench reports the count and an estimate.
    Reads the suggestion services' internals; None when they have changed.
    """
    from articles import services

    try:
        story = services._story(article)
        lists = services._neighbours_to_refresh(article, story, services._candidates(article, story)) | {article.pk}
    except AttributeError:
        return None
    samples = timed(lambda: services.refresh_suggestions_for(article=article), requests=3, budget=10)
    one_ms = statistics.median(sample[0] for sample in samples) * 1000
    return {"lists": len(lists), "one_list_ms": round(one_ms, 1), "estimate_s": round(len(lists) * one_ms / 1000, 1)}


# All pages ------------------------------------------------------------------------------


def deep_pages():
    """The deep section page measured in each edition (500, or the last page of a smaller archive)."""
    per_page = settings.NEWSROOM_ARTICLES_PER_PAGE
    notes = {}
    for language in LANGUAGES:
        with translation.override(language):
            _section, count = busiest(Section, language)
        notes[language] = min(DEEP_PAGE, max(1, -(-count // per_page)))
    return notes


def measure_pages(*, requests, budget, notes, save_partial, only=""):
    """Every page's row (or those whose name contains *only*, with the baseline).

    *notes* receives what was estimated instead of timed; *save_partial* gets the rows as they come.
    """
    cache.clear()  # the bench's own Redis database (CACHE_URL), so every size starts alike
    reader, editor = Client(HTTP_HOST="localhost"), editor_client()
    results = {}
    for name, call, expect in page_plan(reader, editor, notes):
        if only and only not in name and not name.startswith("baseline"):
            continue
        results[name] = measure(call, expect=expect, requests=requests, budget=budget)
        row = results[name]
        print(f"  {name}: p50 {row['p50_ms']} ms, CPU {row['cpu_ms']} ms, {row['queries']} queries", flush=True)
        save_partial(results)
    return with_ratios(results)


def profile_article(*, requests=30):
    """CPU per request by part of the English showcase article page (``bench/profile_parts.py``), uncached.

    Shares come from a profile; milliseconds are those shares of the page's
    CPU measured without the profiler, in the same process.
    """
    from bench import profile_parts

    call = getter(Client(HTTP_HOST="localhost"), showcase_article("en").get_absolute_url())
    for _ in range(3):  # the kept pieces (related block, versions, menu) in the cache, as on a live site
        assert call().status_code == 200
    cpu = statistics.median(sample[1] for sample in timed(call, requests=requests, budget=60)) * 1000
    parts = profile_parts.profile(call, requests=requests)
    for row in parts.values():
        row["cpu_ms"] = round(row["share"] * cpu, 2)
    return parts


def page_plan(reader, editor, notes):
    """(name, call, expected status) of everything timed through the test client, the baseline first and last."""
    plan = [("baseline /healthz (before)", getter(reader, "/healthz"), 200)]
    for language in LANGUAGES:
        plan += [(name, getter(reader, url), 200) for name, url in reader_pages(language).items()]
    plan += [(name, getter(editor, url), 200) for name, url in admin_pages().items()]
    articles = [showcase_article(language) for language in LANGUAGES] + [lonely_article("en")]
    change_form = reverse("admin:articles_article_change", args=[articles[0].pk])
    plan.append(("admin article change form", getter(editor, change_form), 200))
    posts = change_form_posts(editor, articles)
    plan.append(("admin save (POST), without the suggestion refresh", admin_save_call(editor, posts, refresh=False), 302))
    estimates = [save_refresh_estimate(article) for article in articles]
    notes["admin save: suggestion lists recomputed per save"] = estimates
    if all(estimate and estimate["lists"] <= MAX_LISTS_PER_SAVE for estimate in estimates):
        plan.append(("admin save (POST), with the suggestion refresh", admin_save_call(editor, posts), 302))
    plan.append(("baseline /healthz (after)", getter(reader, "/healthz"), 200))
    return plan


def with_ratios(results):
    """Each page's p50 as a multiple of the baseline's (the mean of its before and after p50)."""
    before, after = results.pop("baseline /healthz (before)"), results.pop("baseline /healthz (after)")
    baseline = {key: round((before[key] + after[key]) / 2, 2) for key in ("p50_ms", "p95_ms", "cpu_ms")}
    baseline.update(queries=before["queries"], requests=before["requests"] + after["requests"])
    ordered = {"baseline /healthz": baseline, **results}
    for row in ordered.values():
        row["ratio"] = round(row["p50_ms"] / baseline["p50_ms"], 1)
    return ordered


# Throughput through gunicorn ------------------------------------------------------------


HEADERS = {"X-Forwarded-Proto": "https", "Host": "localhost"}
#: What every browser adds: it takes pages gzipped (measured as a variant of its own).
BROWSER_HEADERS = {**HEADERS, "Accept-Encoding": "gzip, deflate, br"}


def wait_until_up(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if fetch(port, "/healthz") == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on port {port}")


def fetch(port, path, headers=HEADERS):
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection_.request("GET", path, headers=headers)
        response = connection_.getresponse()
        response.read()
        return response.status
    finally:
        connection_.close()


class Gunicorn:
    """``gunicorn newsroom.wsgi`` with 2 workers on a free loopback port, for the length of a ``with``.

    *env* overrides this process's environment; a value of None removes the variable.
    """

    def __init__(self, env):
        merged = {**os.environ, **env}
        self.port, self.env = free_port(), {key: value for key, value in merged.items() if value is not None}

    def __enter__(self):
        binary = Path(sys.executable).with_name("gunicorn")
        command = [str(binary), "newsroom.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"]
        command += ["--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        wait_until_up(self.port)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def requests_per_second(port, path, seconds, headers=HEADERS):
    """Requests per second on *path* with 4 concurrent connections (wrk, or Python threads without it)."""
    for _ in range(20):  # warm both workers
        assert fetch(port, path, headers) == 200, path
    if shutil.which("wrk"):
        return _wrk(port, path, seconds, headers)
    return _threads(port, path, seconds, headers)


def _wrk(port, path, seconds, headers):
    headers = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    output = subprocess.run(
        ["wrk", "-t1", "-c4", f"-d{max(1, round(seconds))}s", *headers, f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx" in output:
        raise RuntimeError(f"wrk got errors on {path}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _threads(port, path, seconds, headers):
    done, deadline = [], time.monotonic() + seconds

    def client():
        count = 0
        while time.monotonic() < deadline:
            assert fetch(port, path, headers) == 200
            count += 1
        done.append(count)

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def article_vs_healthz(port, article, seconds, headers=HEADERS, rounds=3):
    """Article req/s and healthz req/s of the round whose ratio is the median of *rounds*.

    In each round healthz is measured before and after the article (drift
    cancels); the median of several short rounds keeps a burst of other work
    on a shared machine from deciding the ratio.
    """
    measured = []
    for _round in range(rounds):
        before = requests_per_second(port, "/healthz", seconds / rounds, headers)
        pages = requests_per_second(port, article, seconds / rounds, headers)
        after = requests_per_second(port, "/healthz", seconds / rounds, headers)
        measured.append(((before + after) / 2, pages))
    measured.sort(key=lambda pair: pair[1] / pair[0])
    return measured[len(measured) // 2]


def measure_throughput(*, seconds):
    article = showcase_article("en").get_absolute_url()
    results = {}
    variants = {
        "uncached": ({"NEWSROOM_PAGE_CACHE_SECONDS": "0"}, HEADERS),
        # The production default: the page cache on (an anonymous reader with no cookie gets the stored page),
        # asked as a plain HTTP client asks (the page sent uncompressed) and as a browser does (gzipped).
        "production default": ({"NEWSROOM_PAGE_CACHE_SECONDS": None}, HEADERS),
        "production default, gzip as browsers ask": ({"NEWSROOM_PAGE_CACHE_SECONDS": None}, BROWSER_HEADERS),
    }
    for label, (env, headers) in variants.items():
        with Gunicorn(env) as server:
            healthz, page = article_vs_healthz(server.port, article, seconds, headers)
        results[f"healthz req/s ({label})"] = {"rps": round(healthz, 1)}
        results[f"article req/s ({label})"] = {"rps": round(page, 1)}
        results[f"article req/s ÷ healthz req/s, {label}"] = {"ratio": round(page / healthz, 4)}
        print(f"  {label}: article {page:.1f} req/s, healthz {healthz:.1f} req/s", flush=True)
    return results
