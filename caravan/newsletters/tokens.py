"""Signed links in e-mails (django.core.signing, keyed by SECRET_KEY): nobody
can confirm, unsubscribe or read another address's lists without the link."""

from __future__ import annotations

from django.core import signing

CONFIRM_SALT = "newsletters.confirm"
READER_SALT = "newsletters.reader"
# A confirmation link works this long; after it, signing up again sends a new one.
CONFIRM_MAX_AGE = 3 * 24 * 3600


def confirm_token(subscriber_id: int, list_ids: list[int]) -> str:
    return signing.dumps(
        {"s": subscriber_id, "l": sorted(list_ids)}, salt=CONFIRM_SALT, compress=True
    )


def read_confirm_token(token: str) -> tuple[int, list[int]] | None:
    """(subscriber id, list ids), or None for a forged, damaged or expired link."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        return int(data["s"]), [int(pk) for pk in data["l"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def reader_token(subscriber_id: int, list_id: int | None = None) -> str:
    """The unsubscribe / manage link in every edition: it must keep working for
    as long as old editions sit in mailboxes, so it does not expire."""
    value = f"{subscriber_id}" if list_id is None else f"{subscriber_id}.{list_id}"
    return signing.Signer(salt=READER_SALT).sign(value)


def read_reader_token(token: str) -> tuple[int, int | None] | None:
    try:
        value = signing.Signer(salt=READER_SALT).unsign(token)
        parts = [int(part) for part in value.split(".")]
    except (signing.BadSignature, ValueError):
        return None
    if len(parts) == 1:
        return parts[0], None
    if len(parts) == 2:
        return parts[0], parts[1]
    return None
