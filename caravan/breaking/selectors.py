from django.utils import timezone

from .models import BreakingAlert


def active_alert(*, language: str) -> BreakingAlert | None:
    """The newest alert of the language that has not expired."""
    return (
        BreakingAlert.objects.filter(language=language, expires_at__gt=timezone.now())
        .order_by("-created_at", "-pk")
        .first()
    )


def next_change(*, language: str) -> float | None:
    """When what the banner shows changes with nothing purging it (the shown
    alert, or an earlier one hidden behind it, expiring), as a UNIX time."""
    first = (
        BreakingAlert.objects.filter(language=language, expires_at__gt=timezone.now())
        .order_by("expires_at")
        .values_list("expires_at", flat=True)
        .first()
    )
    return first.timestamp() if first else None
