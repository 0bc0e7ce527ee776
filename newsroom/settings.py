"""Settings for Newsroom, read from the environment.

Production is the default: with ``DJANGO_DEBUG`` unset the site refuses to
start without a secret key and allowed hosts, and turns on the protections
``check --deploy`` asks for. Development is asked for explicitly
(``DJANGO_DEBUG=1``, which ``make run`` and the test settings set) and then
needs nothing else: SQLite, the local-memory cache and a development key.
"""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from articles import conf as articles_conf
from jobs import conf as jobs_conf
from newsroom import conf as newsroom_conf
from newsroom.banners import conf as banners_conf
from newsroom.cache import cache_from_url
from newsroom.csp import READER_DIRECTIVES
from newsroom.env import env_bool, env_choice, env_int, env_json_object, env_list, env_str
from wordpress import conf as wordpress_conf

BASE_DIR = Path(__file__).resolve().parent.parent


# Off unless asked for: a server started without configuration must not run in
# development mode with a public key.
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (set DJANGO_DEBUG=1 for development)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    # Before the admin, so the project's admin templates (branding, language menu) win.
    "newsroom",
    # django.contrib.admin, with the index ordered for a newsroom (newsroom/admin_site.py).
    "newsroom.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    # Login throttling (newsroom/auth.py).
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Its templates write the sitemap index and sitemaps (newsroom/sitemaps.py).
    "django.contrib.sitemaps",
    "django_prose_editor",
    "csp",
    # Revisions of articles (history, compare, restore, recover): articles/revisions.py.
    "reversion",
    "articles",
    "translations",
    "newsroom.banners",
    # The site footer's links, editable per edition (newsroom/footer/).
    "newsroom.footer",
    # The outlet's own pages (about us, contact, corrections policy) in each edition (newsroom/pages/).
    "newsroom.pages",
    # Old addresses answering with a 301 (imported permalinks; later, changed slugs).
    "addresses",
    # manage.py import_wordpress: a WordPress archive moved in.
    "wordpress",
    # The newsroom's roles as groups, written by its migrations (newsroom/roles/roles.py).
    "newsroom.roles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Reader pages gzipped (not the admin's, which carry CSRF tokens): newsroom/middleware.py. Above the
    # page cache, so a stored page is kept plain and compressed for each reader who accepts gzip.
    "newsroom.middleware.ReaderPageCompressionMiddleware",
    # Stored reader pages for anonymous readers, answered before anything below runs (newsroom/page_cache.py);
    # after SecurityMiddleware, which redirects plain HTTP and adds HSTS to every answer.
    "newsroom.page_cache.PageCacheMiddleware",
    # ETag on pages that carry none, and 304 for a browser or proxy that already holds the page.
    "django.middleware.http.ConditionalGetMiddleware",
    # Content-Security-Policy (newsroom/csp.py) and Permissions-Policy on every response.
    "newsroom.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the query or the form, after the edition is known (so the 400 page speaks it).
    "newsroom.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A 404 at an address an article used to have becomes a 301 to it; after Locale and Common
    # middleware in the list, so it sees the 404 before they redirect it elsewhere.
    "addresses.middleware.OldAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.edition",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles a plan it expects to be costly: on the admin's archive-wide
    # lists it spent longer compiling (seconds) than running. Pages here are short queries.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An unknown scheme is an error, not a silent fall-back to a per-process cache.
CACHES = {"default": cache_from_url(env_str("CACHE_URL", "locmem://"))}

# Login throttling (django-axes, newsroom/auth.py): failures counted in the
# database per address and per username, so every worker sees them and a cache
# outage does not switch the throttle off.
AUTHENTICATION_BACKENDS = ["newsroom.auth.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("NEWSROOM_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.auth.client_ip"
NEWSROOM_CLIENT_IP_HEADER = env_str("DJANGO_CLIENT_IP_HEADER")
# Lockouts are listed and lifted with manage.py axes_list_attempts / axes_reset_username / axes_reset_ip.
AXES_ENABLE_ADMIN = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the editions of the site. English is the first, so it is the
# fallback for shared vocabulary that has no Arabic name yet.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "ar")
# The tabbed translation fields in the admin need jQuery UI tabs; a local stand-in
# replaces modeltranslation's default CDN copy (its setting is plain JQUERY_UI_URL), so the admin works offline.
JQUERY_UI_URL = "newsroom/admin/translation_tabs.js"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Damascus")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "newsroom_language"
# One digit policy for the Arabic edition, on reader pages and in the admin alike
# (articles/editions.py): "western" (123) or "arabic-indic" (١٢٣) digits, and
# "levantine" (كانون الثاني) or "egyptian" (يناير) month names.
NEWSROOM_ARABIC_DIGITS = env_choice(
    "NEWSROOM_ARABIC_DIGITS", articles_conf.DEFAULTS["NEWSROOM_ARABIC_DIGITS"], articles_conf.ARABIC_DIGIT_STYLES
)
NEWSROOM_ARABIC_MONTHS = env_choice(
    "NEWSROOM_ARABIC_MONTHS", articles_conf.DEFAULTS["NEWSROOM_ARABIC_MONTHS"], articles_conf.ARABIC_MONTH_STYLES
)
# The Arabic date and number formats (day month year, not Django's US order) used by the admin.
FORMAT_MODULE_PATH = ["newsroom.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# The web fonts, copied from npm packages by `manage.py install_fonts` (newsroom/fonts.py) and
# served as static/fonts/; absent without npm, when pages fall back to the system's fonts.
NEWSROOM_FONTS_DIR = Path(env_str("NEWSROOM_FONTS_DIR", BASE_DIR / "build" / "fonts"))
STATICFILES_DIRS = [("fonts", NEWSROOM_FONTS_DIR)] if NEWSROOM_FONTS_DIR.is_dir() else []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded images. Several app servers must share them: either MEDIA_ROOT on a shared
# volume (the default backend), or object storage through django-storages, e.g.
# DJANGO_MEDIA_STORAGE=storages.backends.s3.S3Storage with its options as JSON in
# DJANGO_MEDIA_STORAGE_OPTIONS (see the README).
STORAGES = {
    "default": {
        "BACKEND": env_str("DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json_object("DJANGO_MEDIA_STORAGE_OPTIONS"),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

# Newsroom's own knobs.
# The outlet's name as each edition writes it (a brand is not machine-translated).
NEWSROOM_SITE_NAME = env_str("NEWSROOM_SITE_NAME", newsroom_conf.DEFAULT_SITE_NAMES["en"])
NEWSROOM_SITE_NAMES = {
    "en": NEWSROOM_SITE_NAME,
    "ar": env_str("NEWSROOM_SITE_NAME_AR", newsroom_conf.DEFAULT_SITE_NAMES["ar"]),
}
NEWSROOM_ARTICLES_PER_PAGE = env_int("NEWSROOM_ARTICLES_PER_PAGE", articles_conf.DEFAULTS["NEWSROOM_ARTICLES_PER_PAGE"], minimum=1)
# Reader-support banners: how long a closed appeal stays hidden, how long the
# list of live banners is cached (0: read it on every page, one query; the
# default in development, so every page costs the same), and how many
# impressions are added up in the cache before one database write (0 turns
# impression counting off).
NEWSROOM_BANNER_DISMISS_DAYS = env_int("NEWSROOM_BANNER_DISMISS_DAYS", banners_conf.DEFAULTS["NEWSROOM_BANNER_DISMISS_DAYS"])
NEWSROOM_BANNER_CACHE_SECONDS = env_int(
    "NEWSROOM_BANNER_CACHE_SECONDS", 0 if DEBUG else banners_conf.DEFAULTS["NEWSROOM_BANNER_CACHE_SECONDS"]
)
NEWSROOM_BANNER_IMPRESSION_BATCH = env_int(
    "NEWSROOM_BANNER_IMPRESSION_BATCH", banners_conf.DEFAULTS["NEWSROOM_BANNER_IMPRESSION_BATCH"]
)
# "Most read" on the front page: how many stories, over how many days (today included), and
# how many article reads are added up in the cache before one flush job writes them (0: not counted).
NEWSROOM_MOST_READ_COUNT = env_int("NEWSROOM_MOST_READ_COUNT", articles_conf.DEFAULTS["NEWSROOM_MOST_READ_COUNT"], minimum=1)
NEWSROOM_MOST_READ_DAYS = env_int("NEWSROOM_MOST_READ_DAYS", articles_conf.DEFAULTS["NEWSROOM_MOST_READ_DAYS"], minimum=1)
NEWSROOM_READ_COUNT_BATCH = env_int("NEWSROOM_READ_COUNT_BATCH", articles_conf.DEFAULTS["NEWSROOM_READ_COUNT_BATCH"])
# A reader's clicks on one banner's button count once in this many seconds
# (0: every click counts), so reloading or re-clicking cannot inflate the count.
NEWSROOM_BANNER_CLICK_WINDOW_SECONDS = env_int(
    "NEWSROOM_BANNER_CLICK_WINDOW_SECONDS", banners_conf.DEFAULTS["NEWSROOM_BANNER_CLICK_WINDOW_SECONDS"]
)
# Related articles under each story: how many, and how far apart in time
# (days before or after the story) automatic suggestions may be.
# Whole reader pages kept for anonymous readers (articles/page_cache.py); 0 switches the
# page cache off, the development default, so every change shows at once while working.
NEWSROOM_PAGE_CACHE_SECONDS = env_int(
    "NEWSROOM_PAGE_CACHE_SECONDS", 0 if DEBUG else articles_conf.DEFAULTS["NEWSROOM_PAGE_CACHE_SECONDS"]
)
# Megabytes of those pages each app server process also keeps in memory (articles/page_cache.py's
# ServerMemory): a hit then need not fetch the page from the shared cache, only check it is current. 0: none.
NEWSROOM_PAGE_CACHE_SERVER_MEMORY_MB = env_int(
    "NEWSROOM_PAGE_CACHE_SERVER_MEMORY_MB", articles_conf.DEFAULTS["NEWSROOM_PAGE_CACHE_SERVER_MEMORY_MB"]
)
# Pieces of reader pages kept per article (related block, the story's versions, the section menu), purged
# with the article like whole pages; they work with the page cache off. 0 switches them off (development).
NEWSROOM_FRAGMENT_CACHE_SECONDS = env_int(
    "NEWSROOM_FRAGMENT_CACHE_SECONDS", 0 if DEBUG else articles_conf.DEFAULTS["NEWSROOM_FRAGMENT_CACHE_SECONDS"]
)
NEWSROOM_RELATED_COUNT = env_int("NEWSROOM_RELATED_COUNT", articles_conf.DEFAULTS["NEWSROOM_RELATED_COUNT"])
NEWSROOM_RELATED_MAX_AGE_DAYS = env_int(
    "NEWSROOM_RELATED_MAX_AGE_DAYS", articles_conf.DEFAULTS["NEWSROOM_RELATED_MAX_AGE_DAYS"]
)
# Uploaded images (articles/images.py): the largest file and pixel count
# accepted (the pixel cap also bounds the memory a worker spends decoding one),
# and the quality JPEG and WebP are re-encoded at.
NEWSROOM_IMAGE_MAX_BYTES = env_int("NEWSROOM_IMAGE_MAX_BYTES", articles_conf.DEFAULTS["NEWSROOM_IMAGE_MAX_BYTES"])
NEWSROOM_IMAGE_MAX_PIXELS = env_int("NEWSROOM_IMAGE_MAX_PIXELS", articles_conf.DEFAULTS["NEWSROOM_IMAGE_MAX_PIXELS"])
NEWSROOM_IMAGE_QUALITY = env_int("NEWSROOM_IMAGE_QUALITY", articles_conf.DEFAULTS["NEWSROOM_IMAGE_QUALITY"])
# The widths of the resized copies of each featured image (articles/variants.py), e.g. "320,480,800,1200,1600".
try:
    NEWSROOM_IMAGE_WIDTHS = sorted(
        {int(width) for width in env_list("NEWSROOM_IMAGE_WIDTHS", ",".join(map(str, articles_conf.DEFAULTS["NEWSROOM_IMAGE_WIDTHS"])))}
    )
except ValueError:
    raise ImproperlyConfigured("NEWSROOM_IMAGE_WIDTHS must be widths in pixels separated by commas.") from None
# The admin's "Import from WordPress" page (wordpress/uploads.py): a server folder of
# wp-content/uploads copies it may offer (unset: none), and the limits of an uploads .zip.
NEWSROOM_WORDPRESS_UPLOADS_ROOT = env_str(
    "NEWSROOM_WORDPRESS_UPLOADS_ROOT", wordpress_conf.DEFAULTS["NEWSROOM_WORDPRESS_UPLOADS_ROOT"]
)
NEWSROOM_WORDPRESS_ZIP_MAX_BYTES = env_int(
    "NEWSROOM_WORDPRESS_ZIP_MAX_BYTES", wordpress_conf.DEFAULTS["NEWSROOM_WORDPRESS_ZIP_MAX_BYTES"], minimum=1
)
NEWSROOM_WORDPRESS_ZIP_MAX_FILES = env_int(
    "NEWSROOM_WORDPRESS_ZIP_MAX_FILES", wordpress_conf.DEFAULTS["NEWSROOM_WORDPRESS_ZIP_MAX_FILES"], minimum=1
)
# How long a preview share link for a draft (articles/preview.py) can be read without a login.
NEWSROOM_PREVIEW_LINK_HOURS = env_int(
    "NEWSROOM_PREVIEW_LINK_HOURS", articles_conf.DEFAULTS["NEWSROOM_PREVIEW_LINK_HOURS"], minimum=1
)

# Background jobs -------------------------------------------------------------
# Django's Tasks framework (the django-tasks backport; django.tasks from Django 6).
# "database" keeps jobs in the site's own database, enqueued in the transaction of
# the write that caused them, and run by `manage.py db_worker` (the production
# default). "immediate" runs each job in the process that enqueued it, once the
# transaction commits: development and tests need no worker.
NEWSROOM_TASKS_BACKEND = env_str("NEWSROOM_TASKS_BACKEND", "immediate" if DEBUG else "database")
if NEWSROOM_TASKS_BACKEND not in jobs_conf.BACKENDS:
    raise ImproperlyConfigured(f"NEWSROOM_TASKS_BACKEND must be one of {', '.join(jobs_conf.BACKENDS)}.")
TASKS = {"default": {"BACKEND": jobs_conf.BACKENDS[NEWSROOM_TASKS_BACKEND]}}
# The job admin lives in "jobs"; the library's app gives it a table and the worker command.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "jobs"]
# Retries of a failed job, and when a running job counts as lost (jobs/conf.py).
NEWSROOM_JOB_ATTEMPTS = env_int("NEWSROOM_JOB_ATTEMPTS", jobs_conf.DEFAULTS["NEWSROOM_JOB_ATTEMPTS"], minimum=1)
NEWSROOM_JOB_RETRY_SECONDS = env_int("NEWSROOM_JOB_RETRY_SECONDS", jobs_conf.DEFAULTS["NEWSROOM_JOB_RETRY_SECONDS"])
NEWSROOM_JOB_STALE_SECONDS = env_int("NEWSROOM_JOB_STALE_SECONDS", jobs_conf.DEFAULTS["NEWSROOM_JOB_STALE_SECONDS"], minimum=1)
# End of background jobs ------------------------------------------------------

# Production hardening: on whenever DEBUG is off, each switchable for a
# deployment behind a proxy that terminates TLS differently.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe the workers over plain HTTP; a redirect would read as "down".
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    # Trust X-Forwarded-Proto only when told a TLS proxy sets it (and strips it from clients).
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
# Reader pages run no inline script and load nothing from elsewhere; the admin's additions are in newsroom/csp.py.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": READER_DIRECTIVES}
# The language choice is not needed on requests other sites start (nor by scripts).
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
