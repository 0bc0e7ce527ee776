"""Button addresses become https-only: existing http:// ones are upgraded before the constraint arrives.

Upgrading, not clearing: a live banner must have a button address in every
edition it targets (``live_banner_has_<code>_copy``), so clearing would stop
running appeals without a word to the newsroom, while a support or payment
page that still answers on plain http is one any reader's network can read or
replace, and the outlets readers are sent to serve https. An address with any
other scheme was never followed (the click-through answered 404), so it is
cleared and its banner switched off, the one way to keep it from running.
"""

from django.db import migrations

LANGUAGE_CODES = ("en", "ar")  # the languages when this migration was written; their columns exist here
COLUMNS = ("cta_url", *(f"cta_url_{code}" for code in LANGUAGE_CODES))


def _https(address):
    """The https:// form of *address*, "" if it cannot have one (``None`` stays ``None``)."""
    if address is None or address == "" or address.startswith("https://"):
        return address
    scheme, separator, rest = address.strip().partition("://")
    if separator and scheme.lower() in {"http", "https"}:
        return f"https://{rest}"
    return ""


def upgrade_to_https(apps, schema_editor):
    Banner = apps.get_model("banners", "Banner")
    for banner in Banner.objects.all().iterator():
        changed = {column: _https(getattr(banner, column)) for column in COLUMNS}
        changed = {column: value for column, value in changed.items() if value != getattr(banner, column)}
        if not changed:
            continue
        if any(value == "" for value in changed.values()):
            changed["is_active"] = False
        Banner.objects.filter(pk=banner.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("banners", "0001_initial")]

    operations = [migrations.RunPython(upgrade_to_https, migrations.RunPython.noop)]
