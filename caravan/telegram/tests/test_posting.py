"""Posting to Telegram against a local HTTP server that answers like the Bot
API (conftest.BotAPI)."""

import html
import re
from datetime import timedelta

import time_machine
from django.utils import timezone

from caravan.news.tests import factories
from caravan.telegram import posting
from caravan.telegram.models import TelegramPost


def publish(section, **fields):
    return factories.make_article(
        section, age=fields.pop("age", timedelta(minutes=1)), **fields
    )


def test_a_new_article_is_posted_once_per_channel(news_site, bot, channels):
    article = publish(
        news_site["politics"],
        title="Talks <resume> in Astana & Tashkent",
        standfirst='Ministers meet "today".',
    )
    assert posting.post_due() == 1
    [(method, params)] = bot.calls
    assert method == "sendMessage"
    assert params["chat_id"] == "@caravan"
    assert params["parse_mode"] == "HTML"
    assert params["text"].startswith(
        "<b>Talks &lt;resume&gt; in Astana &amp; Tashkent</b>\n\nMinisters meet &quot;today&quot;."
    )
    assert f'<a href="https://news.example{article.url}">' in params["text"]
    post = TelegramPost.objects.get()
    assert (post.status, post.message_id) == ("posted", 101)
    # Publishing it again (an edit) posts nothing new.
    article.save_revision().publish()
    assert posting.post_due() == 0
    assert len(bot.calls) == 1


def test_section_and_language_choose_the_channels(news_site, bot, channels):
    publish(news_site["energy"], title="Hydro plant")
    posting.post_due()
    assert sorted(p["chat_id"] for _, p in bot.calls) == ["-1002", "@caravan"]


def test_a_hero_image_goes_as_a_photo_with_a_caption_within_the_limit(
    news_site, bot, channels
):
    publish(
        news_site["politics"],
        title="Steppe",
        standfirst="word " * 400,
        hero_image=factories.make_image("Steppe"),
    )
    posting.post_due()
    [(method, params)] = bot.calls
    assert method == "sendPhoto"
    assert params["photo"].startswith("https://news.example/media/images/")
    visible = html.unescape(re.sub(r"<[^>]+>", "", params["caption"]))
    assert 1000 < len(visible) <= 1024
    assert "…" in params["caption"]


def test_429_waits_for_retry_after_then_posts(news_site, bot, channels):
    bot.script = [
        (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 42",
                "parameters": {"retry_after": 42},
            },
        )
    ]
    publish(news_site["politics"])
    assert posting.post_due() == 0
    post = TelegramPost.objects.get()
    assert post.status == "pending" and post.error.startswith("429")
    wait = post.next_attempt_at - timezone.now()
    assert timedelta(seconds=38) < wait <= timedelta(seconds=42)
    assert posting.post_due() == 0 and len(bot.calls) == 1  # not before its time
    with time_machine.travel(post.next_attempt_at + timedelta(seconds=1)):
        assert posting.post_due() == 1
    assert len(bot.calls) == 2
    assert TelegramPost.objects.get().status == "posted"


def test_a_server_error_backs_off_and_a_bad_chat_fails(news_site, bot, channels):
    bot.script = [
        (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
        (
            400,
            {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: chat not found",
            },
        ),
    ]
    publish(news_site["energy"])
    posting.post_due()
    statuses = dict(TelegramPost.objects.values_list("channel__chat_id", "status"))
    errors = dict(TelegramPost.objects.values_list("channel__chat_id", "error"))
    retrying = [c for c, s in statuses.items() if s == "pending"]
    failed = [c for c, s in statuses.items() if s == "failed"]
    assert len(retrying) == 1 and len(failed) == 1
    assert errors[failed[0]] == "400 Bad Request: chat not found"
    assert errors[retrying[0]] == "502 Bad Gateway"


def test_nothing_is_posted_without_a_token_nor_for_old_articles(
    news_site, bot, channels, settings
):
    publish(news_site["politics"], age=timedelta(days=30))  # an import
    assert not TelegramPost.objects.exists()
    settings.TELEGRAM_BOT_TOKEN = ""
    publish(news_site["politics"])
    assert posting.post_due() == 0
    assert not TelegramPost.objects.exists() and bot.calls == []


def test_a_row_another_worker_claimed_is_not_posted_again(news_site, bot, channels):
    publish(news_site["politics"])
    TelegramPost.objects.update(status="sending", claimed_at=timezone.now())
    assert posting.post_due() == 0
    later = timezone.now() + timedelta(hours=1)
    with time_machine.travel(later):
        assert posting.post_due() == 0
    assert TelegramPost.objects.get().status == "unknown" and bot.calls == []


def test_a_live_blog_is_posted_like_any_article(news_site, bot, channels):
    from caravan.liveblogs.tests.support import make_live_blog

    make_live_blog(news_site["politics"], title="Election night: live")
    assert posting.post_due() == 1
    [(method, params)] = bot.calls
    assert method == "sendMessage"
    assert params["text"].startswith("<b>Election night: live</b>")
