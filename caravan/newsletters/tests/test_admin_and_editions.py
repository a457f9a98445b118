"""Automatic editions, and the admin: compose, preview, test send, delivery
progress, a subscriber's data exported and deleted."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone

from caravan.caching.tests.support import log_in
from caravan.core.editorial import EDITORS, editorial_roles_setup
from caravan.news.models import ArticlePage
from caravan.newsletters import delivery, editions
from caravan.newsletters.models import Delivery, Edition, Subscriber, Subscription

from .conftest import subscribed
from .test_delivery import compose


@pytest.fixture
def editor(client, db):
    editorial_roles_setup()
    user = get_user_model().objects.create_user(
        "chief", password="pw", email="chief@news.example"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    log_in(client, user)
    return user


def test_the_daily_edition_is_built_once_at_its_hour_lead_story_first(
    news_site, lists, smtp
):
    daily = lists["daily"]
    daily.frequency, daily.send_hour, daily.story_count = "daily", 6, 4
    daily.save()
    home = news_site["home"]
    chosen = news_site["articles"][5]  # the editors' lead, not the newest
    home.lead_article = chosen
    home.save_revision().publish()
    subscribed(daily, 2)
    # The site's stories are dated relative to the moment the test runs: move
    # them all to a fixed day, so the hour the test runs at does not matter.
    now = datetime(2026, 6, 10, 5, 0, tzinfo=UTC)
    ArticlePage.objects.update(
        date_published=F("date_published") + (now + timedelta(hours=1) - timezone.now())
    )
    with time_machine.travel(now, tick=False):
        assert editions.build_due_editions(now) == []  # before its hour
    later = now.replace(hour=7)
    with time_machine.travel(later, tick=False):
        built = editions.build_due_editions(later)
        assert editions.build_due_editions(later) == []  # once per period
    [edition] = [e for e in built if e.newsletter == daily]
    stories = editions.stories(edition)
    assert stories[0] == chosen
    assert stories[1] == news_site["lead"]  # then the newest
    assert len(stories) == 4
    assert news_site["draft"] not in stories and news_site["future"] not in stories
    assert edition.period == later.date().isoformat()
    assert edition.status == "scheduled"


def test_a_section_list_takes_only_its_sections_stories(news_site, lists):
    energy = lists["weekly"]
    energy.section = news_site["energy"]
    energy.save()
    picked = editions.top_stories(energy, news_site["lead"].date_published)
    assert picked == [news_site["lead"]]
    monday = datetime(2026, 11, 30, 9, tzinfo=UTC)
    assert editions.period_for(energy, monday + timedelta(days=1))[0] == "2026-W49"


def test_an_editor_composes_previews_and_sends_a_test(
    rf, client, editor, news_site, lists, smtp
):
    add = client.post(
        "/admin/snippets/newsletters/edition/add/",
        {
            "newsletter": lists["daily"].pk,
            "subject": "Our pick",
            "intro": "Hello",
            "status": "draft",
            "send_at": "",
            "stories-TOTAL_FORMS": "2",
            "stories-INITIAL_FORMS": "0",
            "stories-MIN_NUM_FORMS": "0",
            "stories-MAX_NUM_FORMS": "1000",
            "stories-0-article": news_site["articles"][3].pk,
            "stories-0-ORDER": "1",
            "stories-0-id": "",
            "stories-0-DELETE": "",
            "stories-1-article": news_site["lead"].pk,
            "stories-1-ORDER": "2",
            "stories-1-id": "",
            "stories-1-DELETE": "",
        },
    )
    assert add.status_code == 302, add.content.decode()[:3000]
    edition = Edition.objects.get(subject="Our pick")
    assert [a.title for a in editions.stories(edition)] == [
        "Business story 3",
        "Solar plant opens",
    ]
    preview = edition.serve_preview(rf.get("/"), edition.default_preview_mode)
    preview.render()
    assert b"Business story 3" in preview.content and b"<img" not in preview.content

    test_url = f"/admin/newsletters/editions/{edition.pk}/test/"
    assert b"Send the test" in client.get(test_url).content
    assert client.post(test_url).status_code == 302
    [message] = smtp.to("chief@news.example")
    assert message["Subject"] == "[Test] Our pick"
    assert "Business story 3" in smtp.parts(message)[0]
    edition.refresh_from_db()
    assert edition.status == "draft"  # a test sends nothing to subscribers
    assert not Delivery.objects.exists()


def test_the_editions_list_shows_delivery_progress(
    client, editor, news_site, lists, smtp
):
    subscribed(lists["daily"], 3)
    smtp.refuse["reader2@example.org"] = "550 No such user"
    edition = compose(lists["daily"], [news_site["lead"]])
    delivery.queue_due_editions(edition.created_at + timedelta(seconds=1))
    delivery.send_batch()
    listing = client.get("/admin/snippets/newsletters/edition/").content.decode()
    assert "2 of 3 sent, 1 failed" in listing


def test_a_subscribers_data_is_exported_and_deleted(client, editor, lists, smtp):
    from caravan.core.editorial import ADMINISTRATORS

    editor.groups.set([Group.objects.get(name=ADMINISTRATORS)])
    reader = Subscriber.objects.create(email="me@example.org")
    Subscription.objects.create(subscriber=reader, newsletter=lists["daily"])
    export = client.get(f"/admin/newsletters/subscribers/{reader.pk}/export/")
    assert export["Content-Disposition"].startswith("attachment")
    data = json.loads(export.content)
    assert data["email"] == "me@example.org"
    assert data["subscriptions"][0]["newsletter"] == "Daily briefing"
    deleted = client.post(f"/admin/snippets/newsletters/subscriber/delete/{reader.pk}/")
    assert deleted.status_code == 302
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()


def test_editors_cannot_export_subscribers(client, editor, lists):
    reader = Subscriber.objects.create(email="me@example.org")
    refused = client.get(f"/admin/newsletters/subscribers/{reader.pk}/export/")
    assert refused.status_code in (302, 403)
    assert b"me@example.org" not in refused.content
