"""Benchmark at archive scale: every page kind at 1,000 and 200,000 articles, as ratios to a bare view.

Run: ``make bench`` (both sizes), ``BENCH_SIZES=1000 make bench`` (a quick run), or
``.venv/bin/python bench/scale.py --sizes 1000,200000 [--requests 30] [--budget 20]``.

For each size it uses a PostgreSQL database (``BENCH_DATABASE_URL``, where
``{size}`` is replaced by the size, e.g. ``200k``; ``postgres://postgres@127.0.0.1:5432/bench_{size}`` by default),
creates it and generates the archive (``newsroom.demo.archive``) only when it
does not hold one yet, so reruns go straight to measuring. Each size is
measured in its own process with production settings (``DJANGO_DEBUG=0``,
WhiteNoise, the shared cache in Redis db 5 or ``BENCH_CACHE_URL``, no page cache:
``NEWSROOM_PAGE_CACHE_SECONDS=0``):

* through the test client (in-process, no network): p50 and p95 of up to
  ``--requests`` requests per page (fewer when a page is slower than
  ``--budget`` seconds allow, never fewer than three), the queries of one
  request, and the p50 as a multiple of ``/healthz`` (same middleware, no
  database, no template) measured in the same process before and after;
* through gunicorn (2 workers) driven by ``wrk`` on loopback (or Python
  threads when wrk is missing): requests per second of the article page
  divided by those of ``/healthz``, uncached and with the production
  default (which is cached once the site has a page cache).

Absolute times drift on shared machines; compare ratios and query counts
between runs. Results go to ``bench/results/scale-<time>.json`` and ``.md``.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

from bench import production  # noqa: E402 (the project's root goes on the path first)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_{size}"


def short(size):
    """1000 → "1k", 200000 → "200k" (database names); other sizes as they are."""
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)

#: The generator's settings: changing them means generating the archives anew.
SEED, SUGGESTION_SAMPLE = 1, 40

def _p95_under(ms):
    return lambda row, small, rows: row["p95_ms"] < ms


def _flat(row, reference):
    """"Flat": p50 within 1.5× of the reference row's (plus 2 ms of noise)."""
    return reference is None or row["p50_ms"] <= reference["p50_ms"] * 1.5 + 2


def _tag_page(row, small, rows):
    return row["p95_ms"] < 50 and _flat(row, small)


def _like_page_one(language):
    return lambda row, small, rows: _flat(row, rows[f"{language} section page 1"])


def _ratio_at_least(share):
    return lambda row, small, rows: row["ratio"] >= share


#: Issue 10's targets by row name: (wording, check(row at the largest size, the same row at the
#: smallest, every row at the largest)). Rows named "<name> (<filter>)" share <name>'s target.
TARGETS = {
    "admin translation queue": ("p95 < 200 ms", _p95_under(200)),
    "admin article list": ("p95 < 300 ms", _p95_under(300)),
    "admin article list, search": ("p95 < 300 ms", _p95_under(300)),
    **{
        f"{code} tag page, {kind} tag": ("p95 < 50 ms, flat from 1k", _tag_page)
        for code in ("en", "ar")
        for kind in ("common", "rare")
    },
    **{f"{code} section, deep page": ("flat from page 1", _like_page_one(code)) for code in ("en", "ar")},
    "article req/s ÷ healthz req/s, uncached": ("≥ 0.10", _ratio_at_least(0.10)),
    "article req/s ÷ healthz req/s, production default": ("≥ 0.90 (cached)", _ratio_at_least(0.90)),
    "article req/s ÷ healthz req/s, production default, gzip as browsers ask": ("≥ 0.90 (cached)", _ratio_at_least(0.90)),
}


# The parent: one child process per size, then the report ---------------------------


def child_environment(size):
    return production.environment(
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL).replace("{size}", short(size)),
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
        DJANGO_STATIC_ROOT=str(RESULTS / "static"),
        DJANGO_MEDIA_ROOT=str(RESULTS / "media"),
        NEWSROOM_PAGE_CACHE_SECONDS="0",
    )


def run_size(size, args):
    out = RESULTS / f".size-{size}.json"
    command = [sys.executable, __file__, "--one", str(size), "--out", str(out)]
    command += ["--requests", str(args.requests), "--budget", str(args.budget), "--seconds", str(args.seconds)]
    command += ["--only", args.only]
    subprocess.run(command, env=child_environment(size), check=True, cwd=ROOT)
    return json.loads(out.read_text())


def main():
    args = parse_args()
    if args.one:
        return measure_one_size(args)
    if args.render:
        print(markdown(json.loads(Path(args.render).read_text())))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    report = {"sizes": sizes, "started": time.strftime("%Y-%m-%d %H:%M:%S"), "results": {}}
    for size in sizes:
        report["results"][str(size)] = run_size(size, args)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    table = markdown(report)
    (RESULTS / f"scale-{stamp}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    (RESULTS / f"scale-{stamp}.md").write_text(table)
    print(table)
    print(f"Written to bench/results/scale-{stamp}.json and .md")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,200000"))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", "30")))
    parser.add_argument("--budget", type=float, default=float(os.environ.get("BENCH_BUDGET", "20")),
                        help="seconds of timed requests per page at most (at least 3 requests are made)")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "8")),
                        help="seconds of load per URL in the req/s measurement")
    # --only throughput: only the req/s of the article page against /healthz (gunicorn + wrk).
    parser.add_argument("--only", default="", metavar="TEXT",
                        help="measure only the pages whose name contains TEXT (and the baseline); no req/s")
    parser.add_argument("--render", metavar="JSON", help="print the table of a saved bench/results/scale-*.json")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args()


def _line(cells):
    return "| " + " | ".join(cells) + " |"


def _page_cells(row, width):
    if row is None:
        return ["–"] * width
    return [f"{row[key]:.1f}" for key in ("p50_ms", "p95_ms", "cpu_ms", "ratio")] + [str(row["queries"])]


def markdown(report):
    """The pages table (per size: p50, p95, CPU ms, × baseline, queries), the req/s table, and notes."""
    sizes = [str(size) for size in report["sizes"]]
    results = [report["results"][size] for size in sizes]
    labels = ("p50 ms", "p95 ms", "CPU ms", "× base", "queries")
    head = ["page", *(f"{label} @{int(size):,}" for size in sizes for label in labels), "target @largest"]
    lines = [_line(head), "|" + "---|" * len(head)]
    # Rows of every size, in the order measured (a row may exist at one size only).
    for name in dict.fromkeys(name for result in results for name in result["pages"]):
        cells = [cell for result in results for cell in _page_cells(result["pages"].get(name), len(labels))]
        lines.append(_line([name, *cells, target_cell(report, name)]))
    if results[-1]["throughput"]:  # none with --only
        lines += ["", _line(["req/s (gunicorn, 2 workers)", *(f"@{int(size):,}" for size in sizes), "target @largest"])]
        lines.append("|---|" + "---|" * (len(sizes) + 1))
    for name in results[-1]["throughput"]:
        cells = [_throughput_cell(result["throughput"].get(name)) for result in results]
        lines.append(_line([name, *cells, target_cell(report, name, kind="throughput")]))
    lines += profile_table(sizes, results)
    samples = "; ".join(f"@{int(size):,}: {_sample_range(result['pages'])}" for size, result in zip(sizes, results))
    deep = "; ".join(f"@{int(size):,}: {result['deep_pages']}" for size, result in zip(sizes, results))
    lines += ["", f"Requests per page (p50/p95 over this many): {samples}. Deep section page: {deep}."]
    for size, result in zip(sizes, results):
        for note, value in result.get("notes", {}).items():
            lines.append(f"@{int(size):,}, {note}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def profile_table(sizes, results):
    """CPU per request by part of the uncached article page, per size (parts nest: they do not add up)."""
    profiled = [(size, result["profile"]) for size, result in zip(sizes, results) if result.get("profile")]
    if not profiled:
        return []
    head = ["article page (uncached), CPU by part", *(f"ms @{int(size):,} (share, calls)" for size, _ in profiled)]
    lines = ["", _line(head), "|---|" + "---|" * len(profiled)]
    for part in dict.fromkeys(part for _size, profile in profiled for part in profile):
        cells = []
        for _size, profile in profiled:
            row = profile.get(part)
            cells.append("–" if row is None else f"{row['cpu_ms']:.1f} ({row['share'] * 100:.0f} %, {row['calls']:g})")
        lines.append(_line([part.replace("  ", "↳ "), *cells]))
    return lines


def _throughput_cell(row):
    if row is None:
        return "–"
    if "ratio" in row:
        return f"**{row['ratio']:.3f}**"
    return f"{row['rps']:.1f}"


def _sample_range(pages):
    counts = [row["requests"] for row in pages.values()]
    if not counts:
        return "–"
    return f"{min(counts)}–{max(counts)}"


def target_cell(report, name, kind="pages"):
    sizes = [str(size) for size in report["sizes"]]
    target = TARGETS.get(name) or TARGETS.get(name.split(" (")[0])
    if target is None:
        return ""
    rows = report["results"][sizes[-1]][kind]
    large = rows.get(name)
    small = report["results"][sizes[0]][kind].get(name) if len(sizes) > 1 else None
    if large is None:
        return target[0]
    return f"{target[0]}: {'met' if target[1](large, small, rows) else '**missed**'}"


# The child: one size, one database ---------------------------------------------


def measure_one_size(args):
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from bench import scale_pages

    prepare(args.one)
    result = {"size": args.one, "database": os.environ["DATABASE_URL"]}
    result["deep_pages"] = scale_pages.deep_pages()
    result["notes"] = {}
    out = Path(args.out)

    def save_partial(pages):
        # Written as rows come in, so an interrupted run leaves what it measured.
        out.write_text(json.dumps({**result, "pages": pages, "partial": True}, indent=1, ensure_ascii=False))

    result["pages"] = {}
    if args.only != "throughput":
        result["pages"] = scale_pages.measure_pages(
            requests=args.requests, budget=args.budget, notes=result["notes"], save_partial=save_partial, only=args.only
        )
    if not args.only or "article" in args.only:
        result["profile"] = scale_pages.profile_article()
    result["throughput"] = {} if args.only not in ("", "throughput") else scale_pages.measure_throughput(seconds=args.seconds)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False))


def ensure_database(url):
    """Create the benchmark's PostgreSQL database if it does not exist (never touches another)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return
    server = psycopg.connect(
        host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432, user=config["USER"],
        password=config["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )  # fmt: skip
    with server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            print(f"Creating database {config['NAME']}", flush=True)
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def prepare(size):
    """Migrate, gather static files, and generate the archive unless the database holds it already."""
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    count = Article.objects.count()
    if count == 0:
        from newsroom.demo.archive import generate_archive

        print(f"Generating {size:,} articles…", flush=True)
        report = generate_archive(articles=size, seed=SEED, batch_size=5000, sample_size=SUGGESTION_SAMPLE)
        print(f"Generated in {report.seconds}", flush=True)
    elif not math.isclose(count, size, rel_tol=0.01):
        raise SystemExit(
            f"{os.environ['DATABASE_URL']} holds {count} articles, not {size}: drop it (dropdb) to regenerate, "
            "or point BENCH_DATABASE_URL elsewhere."
        )


if __name__ == "__main__":
    main()
