"""The one place settings read the environment.

Every setting that depends on the machine goes through these helpers, so the list of
variables a deployment must provide is the list of calls in ``lms/settings``.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: object = _MISSING) -> str:
    """Return the variable, or ``default``; without a default a missing variable stops start-up."""
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default  # type: ignore[return-value]
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: object = _MISSING) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    raw = env_str(name, default if default is _MISSING else ",".join(default))  # type: ignore[arg-type]
    return [item.strip() for item in raw.split(",") if item.strip()]
