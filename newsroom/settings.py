"""Settings for Newsroom, read from the environment.

Production is the default: with ``DJANGO_DEBUG`` unset the site refuses to
start without a secret key and allowed hosts, and turns on the protections
``check --deploy`` asks for. Development is asked for explicitly
(``DJANGO_DEBUG=1``, which ``make run`` and the test settings set) and then
needs nothing else: SQLite, the local-memory cache and a development key.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a server started without configuration must not run in
# development mode with a public key.
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
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
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "articles",
    "translations",
    "newsroom.banners",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}}

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
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Damascus")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "newsroom_language"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

# Newsroom's own knobs.
# The outlet's name as each edition writes it (a brand is not machine-translated).
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
NEWSROOM_SITE_NAMES = {
    "en": NEWSROOM_SITE_NAME,
    "ar": os.environ.get("NEWSROOM_SITE_NAME_AR", "غرفة الأخبار"),
}
NEWSROOM_ARTICLES_PER_PAGE = int(os.environ.get("NEWSROOM_ARTICLES_PER_PAGE", "10"))
# Reader-support banners: how long a closed appeal stays hidden, how long the
# list of live banners is cached (0: read it on every page, one query; the
# default in development, so every page costs the same), and how many
# impressions are added up in the cache before one database write (0 turns
# impression counting off).
NEWSROOM_BANNER_DISMISS_DAYS = int(os.environ.get("NEWSROOM_BANNER_DISMISS_DAYS", "30"))
NEWSROOM_BANNER_CACHE_SECONDS = int(os.environ.get("NEWSROOM_BANNER_CACHE_SECONDS", "0" if DEBUG else "60"))
NEWSROOM_BANNER_IMPRESSION_BATCH = int(os.environ.get("NEWSROOM_BANNER_IMPRESSION_BATCH", "20"))
# Related articles under each story: how many, and how far apart in time
# (days before or after the story) automatic suggestions may be.
NEWSROOM_RELATED_COUNT = int(os.environ.get("NEWSROOM_RELATED_COUNT", "4"))
NEWSROOM_RELATED_MAX_AGE_DAYS = int(os.environ.get("NEWSROOM_RELATED_MAX_AGE_DAYS", "365"))

# Background jobs -------------------------------------------------------------
# Django's Tasks framework (the django-tasks backport; django.tasks from Django 6).
# "database" keeps jobs in the site's own database, enqueued in the transaction of
# the write that caused them, and run by `manage.py db_worker` (the production
# default). "immediate" runs each job in the process that enqueued it, once the
# transaction commits: development and tests need no worker.
NEWSROOM_TASKS_BACKEND = os.environ.get("NEWSROOM_TASKS_BACKEND", "immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if NEWSROOM_TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"NEWSROOM_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[NEWSROOM_TASKS_BACKEND]}}
# The job admin lives in "jobs"; the library's app gives it a table and the worker command.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "jobs"]
# A failed job runs again up to NEWSROOM_JOB_ATTEMPTS times in all, waiting
# NEWSROOM_JOB_RETRY_SECONDS, then twice as long before each further attempt.
NEWSROOM_JOB_ATTEMPTS = int(os.environ.get("NEWSROOM_JOB_ATTEMPTS", "3"))
NEWSROOM_JOB_RETRY_SECONDS = int(os.environ.get("NEWSROOM_JOB_RETRY_SECONDS", "30"))
# A job still "running" this long after it started is taken to have lost its
# worker and is queued again (`manage.py run_scheduled_work`, `requeue_stale_jobs`).
NEWSROOM_JOB_STALE_SECONDS = int(os.environ.get("NEWSROOM_JOB_STALE_SECONDS", "900"))
# End of background jobs ------------------------------------------------------

# Production hardening: on whenever DEBUG is off, each switchable for a
# deployment behind a proxy that terminates TLS differently.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Trust X-Forwarded-Proto only when told a TLS proxy sets it (and strips it from clients).
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
