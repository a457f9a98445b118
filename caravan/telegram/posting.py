"""Posting articles to Telegram channels through the Bot API.

An article is queued once per channel when it is first published (the unique
constraint: republishing never posts again). A worker claims a row (pending →
sending, a conditional UPDATE) before calling the API and records the result,
so two workers never post the same row; a worker that dies mid-call leaves the
row "sending", marked interrupted after the lease and not posted again.
Telegram's 429 answers carry ``parameters.retry_after``: the row waits that
long. Other temporary failures (5xx, network) back off exponentially; a 4xx
(a wrong chat, the bot not an admin) fails the row with Telegram's description.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import requests
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from caravan.news.models import ArticlePage

from .formatting import CAPTION_LIMIT, MESSAGE_LIMIT, message_html
from .models import TelegramChannel, TelegramPost

logger = logging.getLogger(__name__)
S = TelegramPost.Status
# Articles older than this when first published (an import) are not posted.
FRESH = timedelta(days=1)


def configured() -> bool:
    return bool(settings.TELEGRAM_BOT_TOKEN)


def queue_article(article: ArticlePage) -> list[TelegramPost]:
    """Queue a just-published article for each channel that takes it."""
    if not configured():
        return []
    published = article.date_published or timezone.now()
    if published < timezone.now() - FRESH:
        return []
    language = article.locale.language_code
    queued = []
    for channel in TelegramChannel.objects.filter(enabled=True, language=language):
        if channel.section_id and not (
            ArticlePage.objects.filter(pk=article.pk)
            .in_section(channel.section)
            .exists()
        ):
            continue
        post, created = TelegramPost.objects.get_or_create(
            channel=channel, article_id=article.pk
        )
        if created:
            queued.append(post)
    return queued


def _absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def request_for(post: TelegramPost) -> tuple[str, dict]:
    """(Bot API method, parameters) for a post."""
    article = post.article.specific
    url = _absolute(article.url or "")
    if post.channel.with_photo and article.hero_image_id:
        rendition = article.hero_image.get_rendition("width-1200|format-jpeg")
        return "sendPhoto", {
            "chat_id": post.channel.chat_id,
            "photo": _absolute(rendition.url),
            "caption": message_html(
                title=article.title,
                standfirst=article.standfirst,
                url=url,
                limit=CAPTION_LIMIT,
            ),
            "parse_mode": "HTML",
        }
    return "sendMessage", {
        "chat_id": post.channel.chat_id,
        "text": message_html(
            title=article.title,
            standfirst=article.standfirst,
            url=url,
            limit=MESSAGE_LIMIT,
        ),
        "parse_mode": "HTML",
        "link_preview_options": {"url": url},
    }


class Temporary(Exception):
    def __init__(self, reason: str, wait: timedelta | None = None):
        super().__init__(reason)
        self.wait = wait


class Permanent(Exception):
    pass


def call(method: str, params: dict) -> dict:
    """POST to the Bot API; the result, or Temporary / Permanent."""
    url = f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}"
    try:
        response = requests.post(url, json=params, timeout=settings.TELEGRAM_TIMEOUT)
    except requests.RequestException as exc:
        raise Temporary(f"{type(exc).__name__}") from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    if response.status_code == 200 and body.get("ok"):
        return body.get("result") or {}
    description = str(body.get("description") or response.reason)[:200]
    code = body.get("error_code") or response.status_code
    if code == 429:
        retry_after = (body.get("parameters") or {}).get("retry_after", 30)
        try:
            wait = timedelta(seconds=max(1, min(int(retry_after), 24 * 3600)))
        except (TypeError, ValueError):
            wait = timedelta(seconds=30)
        raise Temporary(f"429 {description}", wait)
    if isinstance(code, int) and 400 <= code < 500:
        raise Permanent(f"{code} {description}")
    raise Temporary(f"{code} {description}")


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def post_due(now=None, limit: int = 20) -> int:
    """Post up to `limit` due rows; returns how many were posted."""
    if not configured():
        return 0
    now = now or timezone.now()
    lease = timedelta(seconds=settings.TELEGRAM_CLAIM_LEASE)
    TelegramPost.objects.filter(status=S.SENDING, claimed_at__lt=now - lease).update(
        status=S.UNKNOWN, error="interrupted while posting"
    )
    due = (
        TelegramPost.objects.filter(status=S.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    posted = 0
    for pk in list(due):
        if not TelegramPost.objects.filter(pk=pk, status=S.PENDING).update(
            status=S.SENDING, claimed_at=timezone.now()
        ):
            continue
        post = TelegramPost.objects.select_related("channel").get(pk=pk)
        posted += _post(post)
    return posted


def _post(post: TelegramPost) -> int:
    attempts = post.attempts + 1
    try:
        method, params = request_for(post)
        result = call(method, params)
    except Temporary as exc:
        if attempts >= settings.TELEGRAM_MAX_ATTEMPTS:
            _update(post, status=S.FAILED, attempts=attempts, error=str(exc))
        else:
            wait = exc.wait or backoff(attempts)
            _update(
                post,
                status=S.PENDING,
                attempts=attempts,
                error=str(exc)[:255],
                next_attempt_at=timezone.now() + wait,
            )
        return 0
    except Permanent as exc:
        _update(post, status=S.FAILED, attempts=attempts, error=str(exc)[:255])
        return 0
    except Exception as exc:
        logger.exception("Telegram post %s failed", post.pk)
        _update(post, status=S.FAILED, attempts=attempts, error=repr(exc)[:255])
        return 0
    _update(
        post,
        status=S.POSTED,
        attempts=attempts,
        error="",
        posted_at=timezone.now(),
        message_id=result.get("message_id"),
    )
    return 1


def _update(post, **fields):
    TelegramPost.objects.filter(pk=post.pk).update(**fields)
