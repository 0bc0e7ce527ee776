"""CPU per request by part: where one page's own time goes, from a profile of repeated requests.

``profile(call, requests)`` runs *call* under ``cProfile`` and gives each part
(``PARTS``: the ORM, templates, ``reverse()``, the related block…) as its share
of the profiled time, with how often it was called per request. The profiler
slows every call, so ``bench/scale_pages.py`` turns shares into milliseconds
with the page's CPU measured without it. Parts nest (templates run lazy
queries, the view contains both): shares are inclusive and do not add up.
"""

import cProfile
import pstats
import time

#: (label, file path suffix, function name): inclusive time of that function.
PARTS = (
    ("view: the context (queries, selectors), before rendering", "django/views/generic/base.py", "view"),
    ("  ORM: queries built, run, rows to objects", "django/db/models/sql/compiler.py", "execute_sql"),
    ("  ORM: querysets evaluated (SQL and objects)", "django/db/models/query.py", "_fetch_all"),
    ("  templates rendered (with their lazy queries)", "django/template/base.py", "_render"),
    ("  reverse()", "django/urls/base.py", "reverse"),
    ("  related block (selector, when not kept)", "articles/selectors.py", "related_articles"),
    ("  story's versions (selector; cached on the article)", "translations/selectors.py", "published_versions"),
    ("  JSON-LD (structured data, when not kept)", "newsroom/structured_data.py", "article_graph"),
    ("  appeal chosen", "newsroom/banners/services.py", "appeal_for_page"),
    ("  next change by the clock (cache lifetime)", "newsroom/views.py", "next_changes_by_the_clock"),
    ("  kept pieces read from the cache (related, versions, byline, JSON-LD, menu, footer)", "articles/page_cache.py", "fragments"),
)


def profile(call, *, requests):
    """``{label: {"share": fraction of the whole request, "calls": per request}}`` for each part, and the whole."""
    profiler = cProfile.Profile(time.process_time)
    for _ in range(requests):
        profiler.runcall(call)
    stats = pstats.Stats(profiler).stats
    total = sum(inline for _calls, _primitive, inline, _cumulative, _callers in stats.values())
    parts = {"whole request": {"share": 1.0, "calls": 1}}
    for label, suffix, name in PARTS:
        cumulative, calls = 0.0, 0
        for (filename, _line, function), (primitive, _n, _inline, inclusive, _callers) in stats.items():
            if function == name and filename.endswith(suffix):
                cumulative, calls = cumulative + inclusive, calls + primitive
        if calls:
            parts[label] = {"share": round(cumulative / total, 3), "calls": round(calls / requests, 1)}
    return parts
