"""Two-factor authentication for the admin, on django-otp.

Each user may add one authenticator app (TOTP) and receives recovery codes
(single-use static tokens) with it; members of the groups named by
``CARAVAN_2FA_REQUIRED_GROUPS`` (and superusers, when any group is named) must.
Views and the middleware call these functions; nothing here knows HTTP.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def is_required(user) -> bool:
    groups = list(getattr(settings, "CARAVAN_2FA_REQUIRED_GROUPS", []))
    if not groups or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=groups).exists()


def is_enabled(user) -> bool:
    """Has the user a confirmed authenticator app?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_any_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_app(user) -> TOTPDevice:
    """The authenticator app being set up (unconfirmed), created on first use:
    reloading the set-up page shows the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret, in groups of four, for typing into an app by hand."""
    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG data URI (no request leaves the admin)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4)


@transaction.atomic
def confirm_app(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the app with its first code; returns fresh recovery codes, or None
    when the code is wrong. Any app confirmed before is replaced."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(
        pk=device.pk
    ).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes; each works once. Shown only now."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [
        StaticToken.random_token() for _ in range(settings.CARAVAN_2FA_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def verify(user, token: str):
    """The device that accepts ``token`` (an app code or a recovery code), else
    None. Each device throttles wrong guesses itself (django-otp)."""
    token = token.strip().replace(" ", "").lower()
    if not token:
        return None
    with transaction.atomic():
        devices = [
            *TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True),
            *StaticDevice.objects.select_for_update().filter(user=user, confirmed=True),
        ]
        for device in devices:
            if device.verify_token(token):
                return device
    return None


def throttled_seconds(user) -> int:
    """How long until the app accepts another guess (0: now)."""
    from django.utils import timezone

    latest = 0
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            latest = max(latest, (data["locked_until"] - timezone.now()).seconds + 1)
    return latest


@transaction.atomic
def disable(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
