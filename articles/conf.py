"""The articles app's settings, each read with its default.

App code asks these functions rather than ``django.conf.settings`` directly, so
a project that leaves a setting out gets the documented default instead of an
``AttributeError`` on a reader page, and tests can still change a setting with
``override_settings`` (it is read on every call). ``newsroom/settings.py`` fills
them from the environment with the same defaults.
"""

from django.conf import settings

DEFAULTS = {
    # Teasers per list page (edition home, section, tag and author pages).
    "NEWSROOM_ARTICLES_PER_PAGE": 10,
    # Related articles under each story.
    "NEWSROOM_RELATED_COUNT": 4,
    # How many days before or after a story an automatic suggestion may be published.
    "NEWSROOM_RELATED_MAX_AGE_DAYS": 365,
    # Seconds an anonymous reader's page is kept in the page cache (0: no page cache).
    "NEWSROOM_PAGE_CACHE_SECONDS": 300,
    # Megabytes of stored pages each app server process also keeps in its own memory, so a hit does not
    # fetch the whole page from the shared cache (its key versions are still checked; 0: none kept).
    "NEWSROOM_PAGE_CACHE_SERVER_MEMORY_MB": 32,
    # Seconds a piece of a reader page (related block, the story's versions, the section menu) is kept,
    # purged with its article like whole pages (0: not kept).
    "NEWSROOM_FRAGMENT_CACHE_SECONDS": 3600,
    # Uploaded images: the largest file (bytes) and picture (pixels) accepted, and the re-encoding quality.
    "NEWSROOM_IMAGE_MAX_BYTES": 20 * 1024 * 1024,
    "NEWSROOM_IMAGE_MAX_PIXELS": 40_000_000,
    "NEWSROOM_IMAGE_QUALITY": 85,
    # The widths (pixels) of the resized copies made of each featured image (articles/variants.py).
    "NEWSROOM_IMAGE_WIDTHS": (320, 480, 800, 1200, 1600),
    # Hours a preview share link (articles/preview.py) stays readable.
    "NEWSROOM_PREVIEW_LINK_HOURS": 72,
    # The Arabic edition's digits ("western" 123 or "arabic-indic" ١٢٣) and month names
    # ("levantine" كانون الثاني… or "egyptian" يناير…), on the site and in the admin alike.
    # The front page (selectors.front_page): top stories after the lead, and stories per section block.
    "NEWSROOM_FRONT_PAGE_TOP_STORIES": 4,
    "NEWSROOM_FRONT_PAGE_SECTION_STORIES": 3,
    # "Most read" on the front page (articles/reads.py): how many stories, over how many days (today
    # included), and how many reads are added up in the cache before a flush job writes them (0: reads
    # are not counted).
    "NEWSROOM_MOST_READ_COUNT": 5,
    "NEWSROOM_MOST_READ_DAYS": 2,
    "NEWSROOM_READ_COUNT_BATCH": 20,
    "NEWSROOM_ARABIC_DIGITS": "western",
    "NEWSROOM_ARABIC_MONTHS": "levantine",
}

#: The values each of those two settings may take.
ARABIC_DIGIT_STYLES = ("western", "arabic-indic")
ARABIC_MONTH_STYLES = ("levantine", "egyptian")


def _get(name):
    return getattr(settings, name, DEFAULTS[name])


def articles_per_page() -> int:
    return _get("NEWSROOM_ARTICLES_PER_PAGE")


def related_count() -> int:
    return _get("NEWSROOM_RELATED_COUNT")


def related_max_age_days() -> int:
    return _get("NEWSROOM_RELATED_MAX_AGE_DAYS")


def image_max_bytes() -> int:
    return _get("NEWSROOM_IMAGE_MAX_BYTES")


def image_max_pixels() -> int:
    return _get("NEWSROOM_IMAGE_MAX_PIXELS")


def image_quality() -> int:
    return _get("NEWSROOM_IMAGE_QUALITY")


def page_cache_seconds() -> int:
    return _get("NEWSROOM_PAGE_CACHE_SECONDS")


def page_cache_server_memory_bytes() -> int:
    return int(_get("NEWSROOM_PAGE_CACHE_SERVER_MEMORY_MB") * 1024 * 1024)


def fragment_cache_seconds() -> int:
    return _get("NEWSROOM_FRAGMENT_CACHE_SECONDS")


def preview_link_hours() -> int:
    return _get("NEWSROOM_PREVIEW_LINK_HOURS")


def arabic_digits() -> str:
    return _get("NEWSROOM_ARABIC_DIGITS")


def arabic_months() -> str:
    return _get("NEWSROOM_ARABIC_MONTHS")


def front_page_top_stories() -> int:
    return _get("NEWSROOM_FRONT_PAGE_TOP_STORIES")


def front_page_section_stories() -> int:
    return _get("NEWSROOM_FRONT_PAGE_SECTION_STORIES")


def most_read_count() -> int:
    return _get("NEWSROOM_MOST_READ_COUNT")


def most_read_days() -> int:
    return _get("NEWSROOM_MOST_READ_DAYS")


def read_count_batch() -> int:
    return _get("NEWSROOM_READ_COUNT_BATCH")


def image_widths() -> list[int]:
    return sorted(_get("NEWSROOM_IMAGE_WIDTHS"))
