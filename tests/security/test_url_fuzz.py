"""Property-based fuzzing of every public address: whatever is in the path or the query, never a 500.

The addresses come from the URLconf itself (everything but the admin, whose
own hostile query strings are tested with it), each edition's prefix
expanded, so a new reader page is fuzzed as soon as it is routed. Hypothesis
fills each path argument and a handful of query parameters with real slugs
and ids, unicode of every kind (NUL and direction overrides included, lone
surrogates excluded, as no UTF-8 request can carry them), huge and odd
numbers, and raw percent-encoded bytes that need not even be UTF-8. Each
request is sent as a GET and as a POST; any answer below 500 is fine (400
for a NUL byte, 404, 405, a redirect...), a server error is not.

Examples per address are bounded by a Hypothesis profile; under ``CI=true``
the run is derandomized, so CI fails (or passes) the same way every time.
"""

import os
import re
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import preview
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

settings.register_profile(
    "newsroom-fuzz",
    max_examples=50,
    deadline=None,  # a shared CI machine's pauses are not bugs
    derandomize=os.environ.get("CI", "").lower() == "true",
    database=None,  # nothing written into the work tree; a failure prints its reproduction blob
    print_blob=True,
    # The Django test client and database are shared by a test's examples on purpose: they only read
    # (or bump a counter), and a fresh database per example would cost far more than the fuzzing.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Sections of the URLconf that are not public.
PRIVATE_PREFIXES = ("admin/",)
_ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            for code, _name in django_settings.LANGUAGES:
                yield from _routes(pattern.url_patterns, f"{prefix}{code}/")
            continue
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if route.startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


#: Every public route (``""`` is the front door that sends readers to an edition).
PUBLIC_ROUTES = ["", *dict.fromkeys(_routes(get_resolver().url_patterns))]

# --- What goes into an address ---------------------------------------------------------------

ODD = [
    "\x00", "%00", "a\x00b", "\u202e", "\ufeff", "\u200f", "%", "%%", "%ZZ", "%C0%AF", "%FF%FE", "..", "../../etc",
    "\\", "//", "٣٤", "²", "🇸🇾", "ـــ", "\ud7ff", "\U0010ffff", " ", "\t\n", "NaN", "-0", "1e309", "0x10",
    "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1" * 400,
]
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
numbers = st.integers(min_value=-(10**40), max_value=10**40).map(str)
raw_bytes = st.binary(max_size=24).map(lambda value: quote_from_bytes(value, safe=""))
hostile_value = st.one_of(text, numbers, st.sampled_from(ODD))
QUERY_NAMES = ["page", "article", "next", "url", "language", "q", "term", "exclude", "utm_source", "published_at__year"]


def segment(real):
    """A path argument: a real slug or id, or something hostile, percent-encoded or as raw bytes."""
    return st.one_of(st.sampled_from(real), hostile_value.map(lambda value: quote(value, safe="")), raw_bytes)


query = st.one_of(
    st.dictionaries(st.one_of(st.sampled_from(QUERY_NAMES), text), hostile_value, max_size=4).map(
        lambda params: urlencode(params)
    ),
    raw_bytes,  # a query string that is not even name=value pairs
)


@pytest.fixture
def reals(db):
    """Real rows, so generated addresses also reach the views' deeper paths, and their slugs and ids."""
    tag, author, section = TagFactory(), AuthorFactory(), SectionFactory()
    english = ArticleFactory(tags=[tag], authors=[author], section=section)
    arabic = ArticleFactory(arabic=True, tags=[tag], authors=[author], section=section)
    banner = BannerFactory()
    slugs = [english.slug, arabic.slug, tag.slug_en, tag.slug_ar, author.slug, section.slug_en, section.slug_ar]
    draft = ArticleFactory(draft=True)
    return {
        "slug": [quote(slug) for slug in slugs],
        "pk": [str(banner.pk)],
        "path": ["nothing.png"],
        # An old WordPress upload address (wordpress/views.py), as written and at a size WordPress cut.
        "name": ["2024/05/market.jpg", "2024/05/market-1024x683.jpg"],
        # Sitemaps of the index (newsroom/sitemaps.py).
        "section": ["articles-en", "sections-ar", "news-en"],
        # Preview share links: a real one for a draft and for a live story.
        "token": [preview.token_for(draft), preview.token_for(english)],
    }


def address(data, route, reals):
    """*route* with each argument drawn, plus a drawn query string."""

    def fill(match):
        name = match["name"] or match["group"]
        if name not in reals:
            pytest.fail(f"Public route {route!r} takes {name!r}: add real values for it to `reals`.", pytrace=False)
        return data.draw(segment(reals[name]), label=name)

    path = "/" + _ARGUMENT.sub(fill, route)
    return path, data.draw(query, label="query")


@pytest.mark.django_db
@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=lambda route: route or "front-door")
@settings(settings.get_profile("newsroom-fuzz"))
@given(data=st.data())
def test_no_public_address_answers_with_a_server_error(reals, route, data):
    path, query_string = address(data, route, reals)
    client = Client()  # re-raises a view's exception, so a failure shows where it broke
    get = client.get(f"{path}?{query_string}")
    assert get.status_code < 500
    post = client.post(f"{path}?{query_string}", data=query_string, content_type="application/x-www-form-urlencoded")
    assert post.status_code < 500


def test_the_fuzz_reaches_every_kind_of_reader_page():
    """Guards the walk over the URLconf: if it found nothing, the fuzz would pass for nothing."""
    for expected in ("en/articles/<uslug:slug>/", "ar/tags/<uslug:slug>/", "en/authors/<slug:slug>/",
                     "ar/banners/<int:pk>/go/", "en/banners/<int:pk>/dismiss/", "ar/untranslated/", "i18n/setlang/",
                     "preview/<str:token>/"):
        assert expected in PUBLIC_ROUTES
    assert not any(route.startswith("admin/") for route in PUBLIC_ROUTES)
