"""Posting articles to Telegram channels through the Bot API.

An article is queued once per channel when it is first published (the unique
constraint: republishing never posts again). A worker claims a row (pending →
sending, a conditional UPDATE) before calling the API and records the result,
so two workers never post the same row; a worker that dies mid-call leaves the
row "sending", marked interrupted after the lease and not posted again.
Telegram's 429 answers carry ``parameters.retry_after``: the row waits that
long. Other temporary failures (5xx, network) back off exponentially; a 4xx
(a wrong chat, the bot not an admin) fails the row with Telegram's description.

Republishing a posted article with another headline, standfirst or address
queues an edit (TelegramChange), unpublishing it queues a deletion where the
channel asks for it; changes go through the same claim, retry and 429 rules.
Claims, leases, backoff and the attempt limit are caravan.queue's.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from caravan import queue
from caravan.news.models import ArticlePage

from .formatting import CAPTION_LIMIT, MESSAGE_LIMIT, message_html
from .models import TelegramChange, TelegramChannel, TelegramOptOut, TelegramPost

logger = logging.getLogger(__name__)
S = TelegramPost.Status
C = TelegramChange.Status
A = TelegramChange.Action
# Articles older than this when first published (an import) are not posted.
FRESH = timedelta(days=1)


def configured() -> bool:
    return bool(settings.TELEGRAM_BOT_TOKEN)


def opted_out(article_id: int) -> bool:
    return TelegramOptOut.objects.filter(article_id=article_id).exists()


def queue_article(article: ArticlePage) -> list[TelegramPost]:
    """Queue a just-published article for each channel that takes it, and an
    edit of each message already posted whose text would now differ."""
    if not configured():
        return []
    queue_edits(article)
    if opted_out(article.pk):
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


def _queue_change(post: TelegramPost, action: str) -> TelegramChange | None:
    """A waiting change of this kind, made unless one is already waiting (the
    worker reads the article when it runs, so one is enough)."""
    try:
        with transaction.atomic():
            change, _ = TelegramChange.objects.get_or_create(
                post=post, action=action, status=C.PENDING
            )
    except IntegrityError:  # another process queued it between get and create
        return None
    return change


def queue_edits(article: ArticlePage) -> list[TelegramChange]:
    """An edit for each message of this article whose text has changed; a post
    still being sent gets one too (the worker compares once it is sent)."""
    queued = []
    posts = TelegramPost.objects.filter(
        article_id=article.pk, status__in=[S.POSTED, S.SENDING]
    ).select_related("channel")
    for post in posts:
        if post.status == S.POSTED and not _changed(post, article):
            continue
        change = _queue_change(post, A.EDIT)
        if change:
            queued.append(change)
    return queued


def queue_unpublished(article: ArticlePage) -> list[TelegramChange]:
    """An unpublished article: its unsent posts are dropped (publishing it again
    queues them afresh), waiting edits are moot, and its messages are deleted
    in the channels that ask for it."""
    TelegramPost.objects.filter(article_id=article.pk, status=S.PENDING).delete()
    TelegramChange.objects.filter(
        post__article_id=article.pk, action=A.EDIT, status=C.PENDING
    ).update(status=C.CANCELLED, error="the article was unpublished")
    if not configured():
        return []
    queued = []
    posts = TelegramPost.objects.filter(
        article_id=article.pk,
        status__in=[S.POSTED, S.SENDING],
        channel__delete_when_unpublished=True,
    )
    for post in posts:
        change = _queue_change(post, A.DELETE)
        if change:
            queued.append(change)
    return queued


def set_opt_out(article: ArticlePage, out: bool, user=None) -> None:
    """Don't post this article (its unsent posts are dropped; what is already
    posted stays, and corrections still edit it), or post it again."""
    if out:
        TelegramOptOut.objects.get_or_create(
            article_id=article.pk, defaults={"created_by": user}
        )
        TelegramPost.objects.filter(article_id=article.pk, status=S.PENDING).delete()
    else:
        TelegramOptOut.objects.filter(article_id=article.pk).delete()
        if article.live:
            queue_article(article)


def _absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def _photo_url(article) -> str | None:
    if not article.hero_image_id:
        return None
    rendition = article.hero_image.get_rendition("width-1200|format-jpeg")
    return _absolute(rendition.url)


def _text(article, limit: int) -> str:
    return message_html(
        title=article.title,
        standfirst=article.standfirst,
        url=_absolute(article.url or ""),
        limit=limit,
    )


def request_for(post: TelegramPost) -> tuple[str, dict]:
    """(Bot API method, parameters) for a post."""
    article = post.article.specific
    photo = _photo_url(article) if post.channel.with_photo else None
    if photo:
        return "sendPhoto", {
            "chat_id": post.channel.chat_id,
            "photo": photo,
            "caption": _text(article, CAPTION_LIMIT),
            "parse_mode": "HTML",
        }
    return "sendMessage", {
        "chat_id": post.channel.chat_id,
        "text": _text(article, MESSAGE_LIMIT),
        "parse_mode": "HTML",
        "link_preview_options": {"url": _absolute(article.url or "")},
    }


def _edit_text(post: TelegramPost, article=None) -> str:
    """The message's text as it would be sent now (a photo's caption is
    shorter)."""
    article = (article or post.article).specific
    limit = CAPTION_LIMIT if post.method == "sendPhoto" else MESSAGE_LIMIT
    return _text(article, limit)


def _new_photo(post: TelegramPost, article=None) -> str | None:
    """The picture a photo post should now show, when it is another one than
    it shows. A text message cannot become a photo, nor a photo lose its
    picture (Telegram edits neither), and a post whose picture is not
    recorded is left as it is."""
    if post.method != "sendPhoto" or not post.photo or not post.channel.with_photo:
        return None
    photo = _photo_url((article or post.article).specific)
    return photo if photo and photo != post.photo else None


def _changed(post: TelegramPost, article) -> bool:
    return _edit_text(post, article) != post.text or bool(_new_photo(post, article))


def edit_request_for(post: TelegramPost) -> tuple[str, dict]:
    text = _edit_text(post)
    target = {"chat_id": post.channel.chat_id, "message_id": post.message_id}
    if post.method == "sendPhoto":
        photo = _new_photo(post)
        if photo:
            media = {"type": "photo", "media": photo, "caption": text}
            return "editMessageMedia", {
                **target,
                "media": {**media, "parse_mode": "HTML"},
            }
        return "editMessageCaption", {**target, "caption": text, "parse_mode": "HTML"}
    url = _absolute(post.article.specific.url or "")
    return "editMessageText", {
        **target,
        "text": text,
        "parse_mode": "HTML",
        "link_preview_options": {"url": url},
    }


class Temporary(Exception):
    def __init__(self, reason: str, wait: timedelta | None = None):
        super().__init__(reason)
        self.wait = wait


class Permanent(Exception):
    """A 4xx answer; ``description`` is Telegram's own."""

    def __init__(self, reason: str, description: str = ""):
        super().__init__(reason)
        self.description = description


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
        raise Permanent(f"{code} {description}", description)
    raise Temporary(f"{code} {description}")


def backoff(attempts: int) -> timedelta:
    return queue.backoff(attempts, base=30)


def _failed(row, reason: str, *, permanent=True, retry_after=None, **given_up):
    """A post or change whose call failed: tried again after Telegram's wait or
    the backoff, or failed for good (a 4xx, the last attempt). A change that
    a newer one of its kind replaced while it was being sent is cancelled:
    the newer one will do."""
    queue.record_failure(
        row,
        reason,
        backoff=backoff,
        max_attempts=settings.TELEGRAM_MAX_ATTEMPTS,
        retry_after=retry_after,
        give_up=permanent,
        given_up=given_up,
        conflict={"status": C.CANCELLED, "error": "failed; a newer one is waiting"}
        if isinstance(row, TelegramChange)
        else None,
    )


def _call_failed(row, exc: Exception, what: str, **given_up) -> None:
    """Record what went wrong: Temporary (a 429: after its retry_after) is tried
    again, Permanent (a 4xx) and anything unexpected fail the row."""
    if isinstance(exc, Temporary):
        _failed(row, str(exc), permanent=False, retry_after=exc.wait, **given_up)
    elif isinstance(exc, Permanent):
        _failed(row, str(exc), **given_up)
    else:
        logger.exception("Telegram %s %s failed", what, row.pk)
        _failed(row, repr(exc), **given_up)


def post_due(now=None, limit: int = 20) -> int:
    """Post up to `limit` due rows; returns how many were posted."""
    if not configured():
        return 0
    now = now or timezone.now()
    lease = timedelta(seconds=settings.TELEGRAM_CLAIM_LEASE)
    # A post interrupted mid-call may be in the channel: it is not posted again.
    queue.expired(TelegramPost.objects.all(), now, lease).update(
        status=S.UNKNOWN, error="interrupted while posting"
    )
    posted = 0
    for pk in queue.claim_due(TelegramPost.objects.order_by("pk"), now, limit):
        post = TelegramPost.objects.select_related("channel").get(pk=pk)
        posted += _post(post)
    return posted


def _post(post: TelegramPost) -> int:
    if not ArticlePage.objects.filter(pk=post.article_id, live=True).exists():
        _update(post, status=S.CANCELLED, error="unpublished before it was posted")
        return 0
    if opted_out(post.article_id):
        _update(post, status=S.CANCELLED, error="an editor chose not to post it")
        return 0
    try:
        method, params = request_for(post)
        result = call(method, params)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        _call_failed(post, exc, "post")
        return 0
    queue.record_success(
        TelegramPost,
        post.pk,
        status=S.POSTED,
        posted_at=timezone.now(),
        message_id=result.get("message_id"),
        method=method,
        text=params.get("text") or params.get("caption") or "",
        photo=params.get("photo", ""),
    )
    return 1


def _update(post, **fields):
    TelegramPost.objects.filter(pk=post.pk).update(**fields)


# Telegram's descriptions (https://core.telegram.org/bots/api#editmessagetext,
# #deletemessage): the first means the edit is already there.
NOT_MODIFIED = "message is not modified"
EDIT_NOT_FOUND = "message to edit not found"
DELETE_NOT_FOUND = "message to delete not found"
CANT_DELETE = "message can't be deleted"


def apply_changes_due(now=None, limit: int = 20) -> int:
    """Send up to `limit` due edits and deletions; returns how many were done.
    A change interrupted mid-call is simply tried again: editing to the same
    text or deleting a deleted message changes nothing."""
    if not configured():
        return 0
    now = now or timezone.now()
    lease = timedelta(seconds=settings.TELEGRAM_CLAIM_LEASE)
    queue.release_expired(
        TelegramChange.objects.all(),
        now,
        lease,
        # A newer one of its kind is already waiting (one waiting per post
        # and action): that one will do.
        conflict={
            "status": C.CANCELLED,
            "error": "interrupted; a newer one is waiting",
        },
    )
    done = 0
    for pk in queue.claim_due(TelegramChange.objects.order_by("pk"), now, limit):
        change = TelegramChange.objects.select_related("post__channel").get(pk=pk)
        done += _apply(change)
    return done


def _done(change, note=""):
    queue.record_success(
        TelegramChange, change.pk, status=C.DONE, error=note, done_at=timezone.now()
    )


def _cancel(change, reason):
    """Not needed after all: no attempt was made."""
    TelegramChange.objects.filter(pk=change.pk).update(
        status=C.CANCELLED, error=reason[:255], done_at=timezone.now()
    )


def _change_failed(change, reason, **options):
    _failed(change, reason, done_at=timezone.now(), **options)


def _apply(change: TelegramChange) -> int:
    post = change.post
    try:
        if post.status == S.SENDING:
            raise Temporary("the message is still being posted")
        if post.status != S.POSTED or not post.message_id:
            _cancel(change, f"no message ({post.get_status_display()})")
            return 0
        if change.action == A.EDIT:
            return _edit(change, post)
        return _delete(change, post)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        _call_failed(change, exc, "change", done_at=timezone.now())
        return 0


def _edit(change: TelegramChange, post: TelegramPost) -> int:
    method, params = edit_request_for(post)
    media = params.get("media") or {}
    text = params.get("text") or params.get("caption") or media.get("caption")
    if text == post.text and not media:
        _cancel(change, "the text has not changed")
        return 0
    try:
        call(method, params)
    except Permanent as exc:
        if NOT_MODIFIED in exc.description:
            pass  # Telegram already shows this text
        elif EDIT_NOT_FOUND in exc.description:
            _update(post, status=S.GONE, error=str(exc)[:255])
            _change_failed(change, f"{exc} (deleted in the channel?)")
            return 0
        else:
            raise
    _update(
        post, text=text, photo=media.get("media", post.photo), edited_at=timezone.now()
    )
    _done(change)
    return 1


def _delete(change: TelegramChange, post: TelegramPost) -> int:
    params = {"chat_id": post.channel.chat_id, "message_id": post.message_id}
    try:
        call("deleteMessage", params)
    except Permanent as exc:
        if DELETE_NOT_FOUND in exc.description:
            _update(post, status=S.GONE, error=str(exc)[:255])
            _done(change, f"{exc} (already deleted)")
            return 1
        if CANT_DELETE in exc.description:
            _change_failed(
                change,
                f"{exc}: bots can delete only messages less than 48 hours old; "
                "delete it in the channel",
            )
            return 0
        raise
    _update(post, status=S.DELETED, deleted_at=timezone.now())
    _done(change)
    return 1
