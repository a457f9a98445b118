"""Sign-in lockout (django-axes): the client's address, and unlocking."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings


def client_ip(request) -> str:
    """The address axes counts failures for: the header a trusted proxy sets
    (CLIENT_IP_HEADER, e.g. nginx's X-Real-IP), else the connection's. Behind a
    proxy the connection's address is the proxy's, the same for everyone."""
    header = getattr(settings, "CARAVAN_CLIENT_IP_HEADER", "")
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        if value.strip():
            return value.split(",")[0].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")


def locked_attempts():
    """Accounts and addresses at or over the failure limit, newest first."""
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")


def unlock(attempt: AccessAttempt) -> int:
    """Forget the failures of the attempt's account and address."""
    count = 0
    if attempt.username:
        count += reset(username=attempt.username)
    if attempt.ip_address:
        count += reset(ip=attempt.ip_address)
    return count
