"""The project's own settings (the outlet's name), each read with its default."""

from django.conf import settings

DEFAULT_SITE_NAMES = {"en": "Newsroom", "ar": "غرفة الأخبار"}


def site_name(language) -> str:
    """The outlet's name as the edition *language* writes it (a brand is not machine-translated)."""
    names = getattr(settings, "NEWSROOM_SITE_NAMES", DEFAULT_SITE_NAMES)
    fallback = getattr(settings, "NEWSROOM_SITE_NAME", DEFAULT_SITE_NAMES["en"])
    return names.get(language, fallback)
