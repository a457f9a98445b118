"""The compact admin form: contributors add updates that wait, editors publish
them (a short form per update, reached from the live blog in the explorer)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from caravan.caching.tests.support import log_in
from caravan.core.editorial import CONTRIBUTORS, EDITORS, editorial_roles_setup
from caravan.liveblogs.models import LiveBlogUpdate
from caravan.liveblogs.tests.support import make_live_blog

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/liveblogs/liveblogupdate/add/"


def draftail(text):
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )


@pytest.fixture
def blog(news_site):
    return make_live_blog(news_site["business"], authors=[news_site["aigerim"]])


def user_in(group, name):
    editorial_roles_setup()
    user = get_user_model().objects.create_user(name, password="pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def form(blog, text, **extra):
    return {
        "live_blog": blog.pk,
        "posted_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "author": "",
        "headline": "",
        "body": draftail(text),
        "image_caption": "",
        "embed_url": "",
        **extra,
    }


def test_a_contributors_update_waits_for_an_editor(client, blog):
    log_in(client, user_in(CONTRIBUTORS, "writer"))
    page = client.get(f"{ADD}?live_blog={blog.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="published"' not in html  # not theirs to set
    # Opened from the blog: that blog is chosen already.
    assert f'name="live_blog" value="{blog.pk}"' in html
    response = client.post(ADD, form(blog, "Aftershock felt.", published="on"))
    assert response.status_code == 302, response.content[:3000]
    update = LiveBlogUpdate.objects.get()
    assert update.published is False and "Aftershock felt." in update.body
    client.logout()
    assert b"Aftershock felt." not in client.get(blog.url).content


def test_an_editor_publishes_it_and_readers_see_it(client, blog):
    editor = user_in(EDITORS, "chief")
    log_in(client, editor)
    assert 'name="published"' in client.get(ADD).content.decode()
    response = client.post(
        ADD, form(blog, "Metro running again.", published="on", key_event="on")
    )
    assert response.status_code == 302, response.content[:3000]
    update = LiveBlogUpdate.objects.get()
    assert update.published and update.key_event
    client.logout()
    assert b"Metro running again." in client.get(blog.url).content


def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, blog):
    log_in(client, user_in(EDITORS, "chief"))
    response = client.post(ADD, form(blog, "", embed_url="not a url"))
    assert response.status_code == 200
    assert (
        b"error-message" in response.content or b"Enter a valid URL" in response.content
    )
    assert not LiveBlogUpdate.objects.exists()
    bad_blog = client.get(f"{ADD}?live_blog=nonsense")
    assert bad_blog.status_code == 200


def test_the_explorer_offers_updates_for_a_live_blog_only(client, blog, news_site):
    log_in(client, user_in(CONTRIBUTORS, "writer"))
    listing = client.get(f"/admin/pages/{news_site['business'].pk}/").content.decode()
    assert f"liveblogupdate/add/?live_blog={blog.pk}" in listing
    assert f"?live_blog={news_site['lead'].pk}" not in listing


def test_the_list_shows_one_blogs_updates(client, blog, news_site):
    other = make_live_blog(news_site["politics"], title="Election night", slug="vote")
    LiveBlogUpdate.objects.create(live_blog=blog, body="<p>In Almaty</p>")
    LiveBlogUpdate.objects.create(live_blog=other, body="<p>At the polls</p>")
    log_in(client, user_in(EDITORS, "chief"))
    listing = client.get(
        f"/admin/snippets/liveblogs/liveblogupdate/?live_blog={blog.pk}"
    ).content.decode()
    assert "In Almaty" in listing and "At the polls" not in listing
