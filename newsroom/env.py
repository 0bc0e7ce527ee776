"""Reading settings from environment variables, with errors that name the variable.

``int(os.environ["X"])`` fails with ``invalid literal for int()`` and no hint of
which variable was wrong; these helpers raise ``ImproperlyConfigured`` naming
the variable and the value instead, so a typo in a deployment fails at start-up
with a message an operator can act on. Each returns *default* when the
variable is unset (an empty value counts as unset).
"""

import json
import os

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def _raw(name):
    value = os.environ.get(name, "").strip()
    return value or None


def env_str(name, default=""):
    value = _raw(name)
    return default if value is None else value


def env_bool(name, default):
    """A yes/no variable: 1/true/yes/on or 0/false/no/off, in any case."""
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off, not {value!r}.")


def env_int(name, default, *, minimum=0):
    """A whole number no smaller than *minimum* (settings here are counts and durations)."""
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value!r}.")
    return number


def env_list(name, default=""):
    """A comma-separated list; blanks around and between items are ignored."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_json_object(name, default=None):
    """A JSON object (``{"bucket_name": "news-media"}``), e.g. the options of a storage backend."""
    value = _raw(name)
    if value is None:
        return dict(default or {})
    try:
        parsed = json.loads(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {value!r} ({error}).") from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {value!r}.")
    return parsed


def env_choice(name, default, choices):
    """One of *choices* (a setting with named values, such as a digit style)."""
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value
