"""Sign-up limits per address and per client, counted in the shared cache.

Owner: this module. Key: ``nl-rl:<kind>:<hash>``, one counter per address or
client, expiring with its window (the bound: one small integer per address or
client seen in the last window). Nothing invalidates it but time."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The proxy's CLIENT_IP_HEADER if set, else the connection's address (the
    same rule as sign-in lockout, caravan.security.lockout)."""
    from caravan.security.lockout import client_ip as security_client_ip

    return security_client_ip(request)


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{kind}:{value}".lower().encode()).hexdigest()[:32]
    return f"nl-rl:{kind}:{digest}"


def allow(kind: str, value: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False once `limit` were counted within `window` s."""
    key = _key(kind, value)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit


def signup_allowed(email: str, client: str) -> bool:
    per_client = allow(
        "client",
        client,
        limit=settings.NEWSLETTER_SIGNUPS_PER_CLIENT,
        window=settings.NEWSLETTER_SIGNUP_WINDOW,
    )
    per_address = allow(
        "email",
        email,
        limit=settings.NEWSLETTER_SIGNUPS_PER_ADDRESS,
        window=settings.NEWSLETTER_SIGNUP_WINDOW,
    )
    return per_client and per_address
