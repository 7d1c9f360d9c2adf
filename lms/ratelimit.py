"""A fixed-window counter in the shared cache, so every web process sees the same count,
and the address a request comes from."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def count_in_window(key: str, seconds: int) -> tuple[int, int]:
    """Count one more use of ``key`` in the current window of ``seconds``; return the uses
    so far in this window and the seconds until it ends."""
    now = time.time()
    window_key = f"rate:{key}:{int(now // seconds)}"
    cache.add(window_key, 0, timeout=seconds * 2)
    try:
        used = cache.incr(window_key)
    except ValueError:  # the key expired between add and incr
        cache.set(window_key, 1, timeout=seconds * 2)
        used = 1
    return used, max(1, int(seconds - now % seconds))


def client_address(request) -> str:
    """The address a request comes from, for counting and locking per address.

    ``X-Forwarded-For`` is believed only when the request reaches Manara through one of
    ``MANARA_TRUSTED_PROXIES``; anyone else could write any address there and escape every
    limit. The header is read from the right, past the trusted proxies, so an address the
    client wrote in itself (always on the left) is never taken.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = _trusted_proxies()
    if not trusted or not _is_trusted(remote, trusted):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not _is_trusted(hop, trusted):
            return hop if _is_address(hop) else remote
    return remote


def _trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(
        ipaddress.ip_network(proxy, strict=False) for proxy in settings.MANARA_TRUSTED_PROXIES
    )


def _is_trusted(address: str, trusted) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
