"""A fixed-window counter in the shared cache, so every web process sees the same count."""

import time

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
