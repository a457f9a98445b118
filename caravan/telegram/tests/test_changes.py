"""Edits on correction, deletion on unpublish and the per-article opt-out,
against the local fake Bot API (fakes.BotAPI)."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from caravan.news.tests import factories
from caravan.telegram import posting
from caravan.telegram.models import TelegramChange, TelegramOptOut, TelegramPost

from .fakes import DELETE_WINDOW, error


def publish(section, **fields):
    return factories.make_article(section, age=timedelta(minutes=1), **fields)


def republish(article, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    article.save_revision().publish()


def posted(section, **fields):
    article = publish(section, **fields)
    assert posting.post_due() >= 1
    return article


def methods(bot):
    return [method for method, _ in bot.calls]


def test_a_corrected_headline_edits_the_message(news_site, bot, channels):
    article = posted(news_site["politics"], title="Talks resume", standfirst="Old.")
    post = TelegramPost.objects.get()
    republish(article, title="Talks <resumed> & ended")
    assert posting.apply_changes_due() == 1
    method, params = bot.calls[-1]
    assert method == "editMessageText"
    assert (params["chat_id"], params["message_id"]) == ("@caravan", post.message_id)
    assert params["text"].startswith("<b>Talks &lt;resumed&gt; &amp; ended</b>\n\nOld.")
    assert params["parse_mode"] == "HTML"
    assert bot.messages[("@caravan", post.message_id)]["text"] == params["text"]
    post.refresh_from_db()
    assert post.text == params["text"] and post.edited_at is not None
    assert TelegramChange.objects.get().status == "done"
    # Republishing with the same headline and standfirst edits nothing.
    republish(article, body=[{"type": "paragraph", "value": "<p>New body.</p>"}])
    assert TelegramChange.objects.count() == 1
    assert posting.apply_changes_due() == 0
    assert methods(bot) == ["sendMessage", "editMessageText"]


def test_a_photo_message_gets_its_caption_edited(news_site, bot, channels):
    article = posted(
        news_site["politics"],
        title="Steppe",
        hero_image=factories.make_image("Steppe"),
    )
    republish(article, standfirst="A corrected standfirst.")
    posting.apply_changes_due()
    method, params = bot.calls[-1]
    assert method == "editMessageCaption"
    assert "A corrected standfirst." in params["caption"]
    assert "photo" not in params  # the picture is left as it is
    assert TelegramChange.objects.get().status == "done"


def test_a_new_hero_image_replaces_the_posted_picture(news_site, bot, channels):
    article = posted(
        news_site["politics"],
        title="Steppe",
        hero_image=factories.make_image("Steppe"),
    )
    sent = TelegramPost.objects.get(channel__chat_id="@caravan")
    assert sent.photo and bot.calls[0][1]["photo"] == sent.photo
    republish(article, hero_image=factories.make_image("Mountains"))
    assert posting.apply_changes_due() == 1
    method, params = bot.calls[-1]
    assert method == "editMessageMedia"
    assert params["media"]["type"] == "photo"
    assert params["media"]["media"] != sent.photo
    assert "Steppe" in params["media"]["caption"]  # the caption goes with it
    sent.refresh_from_db()
    assert sent.photo == bot.messages[("@caravan", sent.message_id)]["photo_url"]
    # The same picture again: nothing to send.
    republish(article, title="Steppe")
    assert posting.apply_changes_due() == 0
    assert len([c for c in bot.calls if c[0] == "editMessageMedia"]) == 1


def test_message_not_modified_counts_as_done(news_site, bot, channels):
    """An edit retried after Telegram already applied it (the worker died
    before recording it) is answered "not modified": that is success."""
    article = posted(news_site["politics"], title="First")
    republish(article, title="Second")
    posting.apply_changes_due()
    post = TelegramPost.objects.get()
    new_text = post.text
    TelegramPost.objects.update(text="as recorded before the interruption")
    TelegramChange.objects.create(post=post, action="edit")
    assert posting.apply_changes_due() == 1
    assert bot.calls[-1][0] == "editMessageText"
    last = TelegramChange.objects.order_by("-pk").first()
    assert (last.status, last.error) == ("done", "")
    assert TelegramPost.objects.get().text == new_text


def test_a_message_deleted_in_the_channel_is_marked_gone(news_site, bot, channels):
    article = posted(news_site["politics"], title="First")
    bot.messages.clear()  # someone deleted it in Telegram
    republish(article, title="Second")
    assert posting.apply_changes_due() == 0
    post = TelegramPost.objects.get()
    change = TelegramChange.objects.get()
    assert post.status == "gone"
    assert change.status == "failed"
    assert "message to edit not found" in change.error
    # Not retried, and later corrections queue nothing for it.
    republish(article, title="Third")
    assert posting.apply_changes_due() == 0
    assert methods(bot) == ["sendMessage", "editMessageText"]


def test_an_edit_waits_for_retry_after_on_429(news_site, bot, channels):
    article = posted(news_site["politics"], title="First")
    bot.script = [error(429, "Too Many Requests: retry after 7", retry_after=7)]
    republish(article, title="Second")
    assert posting.apply_changes_due() == 0
    change = TelegramChange.objects.get()
    assert change.status == "pending" and change.error.startswith("429")
    assert posting.apply_changes_due() == 0 and len(bot.calls) == 2
    with time_machine.travel(change.next_attempt_at + timedelta(seconds=1)):
        assert posting.apply_changes_due() == 1
    assert methods(bot) == ["sendMessage", "editMessageText", "editMessageText"]
    assert "Second" in TelegramPost.objects.get().text


def test_a_correction_during_a_failed_edit_leaves_one_edit_waiting(
    news_site, bot, channels, monkeypatch
):
    article = posted(news_site["politics"], title="First")
    republish(article, title="Second")
    bot.script = [error(429, "Too Many Requests: retry after 7", retry_after=7)]
    real_call = posting.call

    def correction_while_sending(method, params):
        # The editor corrects again while the edit is out: a newer change waits.
        republish(article, title="Third")
        return real_call(method, params)

    monkeypatch.setattr(posting, "call", correction_while_sending)
    assert posting.apply_changes_due(limit=1) == 0
    monkeypatch.setattr(posting, "call", real_call)
    first, newer = TelegramChange.objects.order_by("pk")
    assert first.status == "cancelled" and "newer" in first.error
    assert newer.status == "pending"
    assert posting.apply_changes_due() == 1
    assert "Third" in bot.calls[-1][1]["text"]


def test_edits_coalesce_and_use_the_latest_text(news_site, bot, channels):
    article = posted(news_site["politics"], title="First")
    republish(article, title="Second")
    republish(article, title="Third")
    assert TelegramChange.objects.filter(status="pending").count() == 1
    posting.apply_changes_due()
    assert methods(bot) == ["sendMessage", "editMessageText"]
    assert "Third" in bot.calls[-1][1]["text"]


def test_unpublishing_deletes_where_the_channel_asks(news_site, bot, channels):
    channels["all"].delete_when_unpublished = True
    channels["all"].save()
    article = publish(news_site["energy"])
    assert posting.post_due() == 2
    article.unpublish()
    assert posting.apply_changes_due() == 1
    [(method, params)] = [c for c in bot.calls if c[0] == "deleteMessage"]
    assert params["chat_id"] == "@caravan"
    statuses = dict(TelegramPost.objects.values_list("channel__chat_id", "status"))
    assert statuses == {"@caravan": "deleted", "-1002": "posted"}
    assert len(bot.messages) == 1
    # Publishing it again posts nothing twice.
    article.save_revision().publish()
    posting.post_due()
    posting.apply_changes_due()
    assert methods(bot).count("sendMessage") == 2


def test_deleting_an_article_deletes_its_messages_where_the_channel_asks(
    news_site, bot, channels, admin_client
):
    channels["all"].delete_when_unpublished = True
    channels["all"].save()
    article = publish(news_site["energy"])
    assert posting.post_due() == 2
    article.delete()  # Wagtail unpublishes a live page it deletes
    # The posts outlive the article: what was sent, and where, is still known.
    assert TelegramPost.objects.filter(article__isnull=True).count() == 2
    assert posting.apply_changes_due() == 1
    [(_method, params)] = [c for c in bot.calls if c[0] == "deleteMessage"]
    assert params["chat_id"] == "@caravan"
    statuses = dict(TelegramPost.objects.values_list("channel__chat_id", "status"))
    assert statuses == {"@caravan": "deleted", "-1002": "posted"}
    # The admin's lists still show them.
    for name in ("telegrampost", "telegramchange"):
        url = reverse(f"wagtailsnippets_telegram_{name}:list")
        page = admin_client.get(url)
        assert page.status_code == 200
        assert "a deleted article" in page.content.decode()


def test_a_message_older_than_48_hours_cannot_be_deleted(news_site, bot, channels):
    channels["all"].delete_when_unpublished = True
    channels["all"].save()
    article = posted(news_site["politics"])
    later = timezone.now() + timedelta(seconds=DELETE_WINDOW + 60)
    with time_machine.travel(later):
        article.unpublish()
        assert posting.apply_changes_due() == 0
        assert posting.apply_changes_due() == 0  # not retried
    change = TelegramChange.objects.get()
    assert change.status == "failed"
    assert "message can't be deleted for everyone" in change.error
    assert "48 hours" in change.error
    assert TelegramPost.objects.get().status == "posted"
    assert methods(bot) == ["sendMessage", "deleteMessage"]


def test_unpublished_before_it_was_posted_is_not_posted(news_site, bot, channels):
    article = publish(news_site["politics"])
    assert TelegramPost.objects.filter(status="pending").exists()
    article.unpublish()
    assert posting.post_due() == 0
    assert bot.calls == [] and not TelegramPost.objects.exists()


def test_an_editor_opts_an_article_out_from_its_edit_screen(
    news_site, bot, channels, admin_client
):
    article = factories.make_article(news_site["politics"], live=False)
    telegram_url = reverse("telegram_article", args=[article.pk])
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert telegram_url in edit.content.decode()
    page = admin_client.get(telegram_url)
    assert "Don't post this article to Telegram" in page.content.decode()
    response = admin_client.post(telegram_url, {"opt_out": "on"})
    assert response.status_code == 302
    assert TelegramOptOut.objects.filter(article=article).exists()
    republish(article, date_published=timezone.now())
    assert posting.post_due() == 0 and bot.calls == []
    assert not TelegramPost.objects.exists()
    # Ticking it off again queues the (still fresh, live) article.
    admin_client.post(telegram_url, {})
    assert not TelegramOptOut.objects.exists()
    assert posting.post_due() == 1
    assert methods(bot) == ["sendMessage"]


def test_the_telegram_admin_speaks_russian_and_leaves_wagtail_s_words_alone(
    news_site, bot, channels, client, django_user_model
):
    from wagtail.users.models import UserProfile

    article = factories.make_article(news_site["politics"], live=False)
    editor = django_user_model.objects.create_superuser("ru", "ru@example.com", "pw")
    UserProfile.get_for_user(editor).__class__.objects.filter(user=editor).update(
        preferred_language="ru"
    )
    client.force_login(editor)
    page = client.get(reverse("telegram_article", args=[article.pk])).content.decode()
    assert "Не публиковать эту статью в Telegram" in page
    assert "Вернуться к статье" in page
    assert "Don't post" not in page
    channels_page = client.get(
        reverse("wagtailsnippets_telegram_telegramchannel:list")
    ).content.decode()
    assert "Каналы Telegram" in channels_page
    # Its catalogue leaves Wagtail's own words to Wagtail: "Edit" on a page's
    # edit screen is still Wagtail's Russian.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert "Правка" not in edit.content.decode()


def test_opting_out_drops_waiting_posts(news_site, bot, channels, admin_client):
    article = publish(news_site["politics"])
    admin_client.post(reverse("telegram_article", args=[article.pk]), {"opt_out": "on"})
    assert posting.post_due() == 0 and bot.calls == []
    listing = admin_client.get(reverse("telegram_article", args=[article.pk]))
    assert "Not posted to any channel." in listing.content.decode()


def test_the_article_page_needs_edit_permission(
    news_site, bot, channels, client, django_user_model
):
    article = publish(news_site["politics"])
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    response = client.post(
        reverse("telegram_article", args=[article.pk]), {"opt_out": "on"}
    )
    assert response.status_code in (302, 403)
    assert not TelegramOptOut.objects.exists()
    assert TelegramPost.objects.filter(status="pending").exists()
