"""Absolute links for e-mails: BASE_URL (settings.WAGTAILADMIN_BASE_URL) plus
this app's paths, which carry no language prefix (the pages speak the
subscriber's language)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from . import tokens


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def confirm_url(subscriber_id: int, list_ids: list[int]) -> str:
    token = tokens.confirm_token(subscriber_id, list_ids)
    return absolute(reverse("newsletters:confirm", args=[token]))


def unsubscribe_url(subscriber_id: int, list_id: int) -> str:
    token = tokens.reader_token(subscriber_id, list_id)
    return absolute(reverse("newsletters:unsubscribe", args=[token]))


def manage_url(subscriber_id: int) -> str:
    token = tokens.reader_token(subscriber_id)
    return absolute(reverse("newsletters:manage", args=[token]))
