"""Lighthouse (mobile) on production settings: the English and Arabic home and article pages, and an About page.

Run: ``.venv/bin/python bench/lighthouse.py`` (about a minute and a half). Needs
``npm ci`` (Lighthouse is a dev dependency) and Chromium at ``/usr/bin/chromium``
(``CHROME_PATH``).

It builds a fresh SQLite database with the demo content in
``bench/results/lighthouse/``, runs ``collectstatic`` (WhiteNoise's compressed,
hashed files) and starts gunicorn with production settings: ``DJANGO_DEBUG=0``,
a secret key and allowed hosts for this run only, the page cache on (the
production default) in Redis db 15 (``BENCH_CACHE_URL``).

HTTPS: production redirects plain HTTP to HTTPS (``SECURE_SSL_REDIRECT``) and
runs behind a TLS proxy (``deploy/nginx.conf``) that says so with
``X-Forwarded-Proto: https``. Here there is no proxy and no certificate, so the
run sets ``DJANGO_BEHIND_TLS_PROXY=1`` (the switch production uses) and
Lighthouse sends that header itself (``--extra-headers``): Django serves the
page as it would behind the proxy (no redirect, HSTS header sent), over plain
HTTP on 127.0.0.1, which Chromium and Lighthouse count as a secure origin.
Lighthouse's own fetch of ``/robots.txt`` does not carry the extra header, so
the run also sets ``DJANGO_SECURE_SSL_REDIRECT=0``: otherwise that fetch is
sent to ``https://127.0.0.1/robots.txt``, where nothing listens, and the SEO
score is void. Nothing else about the pages changes with it.

Over HTTP/1.1 (gunicorn, no TLS proxy, so no HTTP/2) Lighthouse simulates six
connections to the origin; behind nginx with HTTP/2 a page's requests share
one, so the performance score here is, if anything, on the low side.

Uploaded images are served by nginx in production, never by Django; here the
WSGI app below serves ``/media/`` with WhiteNoise, with the same week-long
lifetime nginx gives them, so the pages' photos load as they would.

Each page is visited once first, so it is in the page cache as for any page
readers read (the production default), then measured ``--runs`` times (3):
the run with the median performance score is reported, as Lighthouse's own
advice on variance says; every run's performance score is listed too.

Reports each page's four category scores (performance, accessibility,
best-practices, SEO) against the target of 0.95, and every audit that cost
points, to ``bench/results/lighthouse-<time>.json`` and ``.md``.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import production  # noqa: E402 (the project's root goes on the path first)

RESULTS = ROOT / "bench" / "results"
WORK = RESULTS / "lighthouse"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 0.95
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
)


def wsgi_app():
    """The site's WSGI app with ``/media/`` served as nginx serves it in production (gunicorn calls this)."""
    from django.conf import settings
    from whitenoise import WhiteNoise

    from newsroom.wsgi import application

    return WhiteNoise(application, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, max_age=7 * 24 * 3600)


def environment(cache_url):
    return production.environment(
        # Lighthouse fetches robots.txt on its own, without the extra header: not redirected to an https
        # origin that does not exist here. Pages carry the header, so they are served as over TLS anyway.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{WORK / 'db.sqlite3'}",
        CACHE_URL=cache_url,
        DJANGO_STATIC_ROOT=str(WORK / "static"),
        DJANGO_MEDIA_ROOT=str(WORK / "media"),
        # The demo's images and derived work are made while loading, not by a worker this run does not start.
        NEWSROOM_TASKS_BACKEND="immediate",
        CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
    )


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def prepare_site(env):
    """A fresh database with the demo content, and the static files as production serves them."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput")
    # Pages cached by an earlier run (same Redis db) must not be served instead of this site's.
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")


def start_server(env, port):
    command = [
        sys.executable, "-m", "gunicorn", "bench.lighthouse:wsgi_app()",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--access-logfile", "/dev/null",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz within 20 s")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def fetch(base, path):
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode("utf-8")


def pages_to_measure(base):
    """The two home pages, the English home's lead story and its Arabic version, and the About page of each edition.

    Found as a reader finds them: the lead is the home page's first story link,
    its Arabic version the link of the story page's language switch.
    """
    english_story = re.search(r'href="(/en/articles/[^"]+)"', fetch(base, "/en/")).group(1)
    arabic_story = re.search(r'href="(/ar/articles/[^"]+)" hreflang="ar"', fetch(base, english_story)).group(1)
    return {
        "en home": "/en/", "ar home": "/ar/", "en article": english_story, "ar article": arabic_story,
        "en about": "/en/pages/about/", "ar about": "/ar/pages/about/",
    }


#: Runs of one measurement before a failure of Lighthouse's own stops the bench.
ATTEMPTS = 3


def run_lighthouse(env, url, out):
    command = [
        str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
        f"--chrome-flags={CHROME_FLAGS}", "--extra-headers", json.dumps({"X-Forwarded-Proto": "https"}),
    ]
    for attempt in range(1, ATTEMPTS + 1):
        try:
            subprocess.run(command, env=env, check=True, timeout=300)
            break
        except subprocess.CalledProcessError:
            # Lighthouse itself sometimes loses the trace of a load on a busy machine (NO_NAVSTART) and
            # asks to be run again; that says nothing about the page.
            if attempt == ATTEMPTS:
                raise
            print(f"Lighthouse failed on {url}; running it again ({attempt + 1}/{ATTEMPTS}).", flush=True)
    return json.loads(Path(out).read_text())


def median_run(reports):
    """The run with the median performance score, as Lighthouse's docs advise for a noisy machine."""
    ranked = sorted(reports, key=lambda report: report["categories"]["performance"]["score"] or 0)
    return ranked[(len(ranked) - 1) // 2]


def summary(report):
    """The four scores, and the audits that cost points in each category (score below 1, with a weight)."""
    scores, lost = {}, {}
    for name in CATEGORIES:
        category = report["categories"][name]
        scores[name] = category["score"]
        lost[name] = [
            {"id": ref["id"], "score": report["audits"][ref["id"]]["score"], "title": report["audits"][ref["id"]]["title"],
             "value": report["audits"][ref["id"]].get("displayValue", "")}
            for ref in category["auditRefs"]
            if ref["weight"] > 0 and report["audits"][ref["id"]]["score"] is not None
            and report["audits"][ref["id"]]["score"] < 1
        ]
    return {"url": report["finalDisplayedUrl"], "scores": scores, "lost": lost, "lighthouse": report["lighthouseVersion"]}


def shown(score):
    """A score with its verdict; Lighthouse gives none (null) when an audit of the category failed to run."""
    if score is None:
        return "none (an audit failed to run) **missed**"
    return f"{score:.2f} {'met' if score >= TARGET else '**missed**'}"


def markdown(result):
    lines = [
        f"# Lighthouse (mobile) on production settings, {result['started']}",
        "",
        f"Lighthouse {result['lighthouse']}, Chromium `{result['chrome']}`; target: every score ≥ {TARGET}.",
        "",
        "| page | " + " | ".join(CATEGORIES) + " |",
        "|---|" + "---|" * len(CATEGORIES),
    ]
    for name, page in result["pages"].items():
        cells = [shown(page["scores"][c]) for c in CATEGORIES]
        lines.append(f"| {name} (`{page['path']}`) | " + " | ".join(cells) + " |")
    lines += ["", "Performance in each run (the median run's four scores are above): "
              + "; ".join(f"{name} {page['performance_runs']}" for name, page in result["pages"].items())]
    lines += ["", "## Audits that cost points", ""]
    for name, page in result["pages"].items():
        for category, audits in page["lost"].items():
            for audit in audits:
                lines.append(f"- {name}, {category}: `{audit['id']}` {audit['score']:.2f} {audit['value']}".rstrip())
    lines += ["", *(f"Lighthouse warned: {warning}" for warning in result.get("warnings", []))]
    return "\n".join(lines) + "\n"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"))
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median run is reported")
    parser.add_argument("--only", default="", help="measure only the pages whose name contains one of these, comma-separated (e.g. 'home,article')")
    return parser.parse_args()


def main():
    args = parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `npm ci`.")
    env = environment(args.cache_url)
    prepare_site(env)
    port = production.free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    result = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "pages": {}}
    try:
        for name, path in pages_to_measure(base).items():
            if args.only and not any(part.strip() in name for part in args.only.split(",")):
                continue
            fetch(base, path)  # a page readers visit is in the page cache (the production default)
            reports = [
                run_lighthouse(env, base + path, WORK / f"{name.replace(' ', '-')}-{run}.json") for run in range(args.runs)
            ]
            report = median_run(reports)
            result["pages"][name] = {
                "path": path, **summary(report), "performance_runs": [r["categories"]["performance"]["score"] for r in reports]
            }
            result["lighthouse"], result["chrome"] = report["lighthouseVersion"], report["environment"]["hostUserAgent"]
            result.setdefault("warnings", []).extend(f"{name}: {w}" for w in report.get("runWarnings", []))
            print(name, result["pages"][name]["scores"], flush=True)
    finally:
        stop_server(server)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"lighthouse-{stamp}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    (RESULTS / f"lighthouse-{stamp}.md").write_text(markdown(result))
    print(markdown(result))
    print(f"Written to bench/results/lighthouse-{stamp}.json and .md")
    missed = [(n, c) for n, page in result["pages"].items() for c in CATEGORIES if (page["scores"][c] or 0) < TARGET]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
