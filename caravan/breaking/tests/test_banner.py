"""The breaking-news banner: on every page, cached or not, as soon as it is
saved, gone when it expires — without purging the pages (a slot: caching.slots)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from caravan.breaking.models import BreakingAlert
from caravan.caching.keys import site_timezone
from caravan.caching.tests.support import log_in, reset_page_cache
from caravan.core.editorial import CONTRIBUTORS, EDITORS

pytestmark = pytest.mark.django_db

ALERT = "Earthquake of magnitude 5.4 shakes Almaty"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    reset_page_cache(settings, enabled=True)


def alert(language="en", minutes=30, **fields):
    return BreakingAlert.objects.create(
        text=fields.pop("text", ALERT),
        link=fields.pop("link", "/business/"),
        language=language,
        expires_at=timezone.now() + dt.timedelta(minutes=minutes),
        **fields,
    )


def test_the_banner_reaches_a_cached_page_without_purging_it(client, news_site):
    url = news_site["lead"].url
    client.get(url)
    before = client.get(url)
    assert before["X-Cache"] == "HIT" and ALERT.encode() not in before.content
    assert b"<esi:include" not in before.content
    alert()
    after = client.get(url)
    assert after["X-Cache"] == "HIT"  # the page was not purged...
    assert ALERT.encode() in after.content  # ...the banner is in it
    assert b'href="/business/"' in after.content
    assert after["ETag"] != before["ETag"]
    home = client.get("/")
    assert ALERT.encode() in home.content


def test_each_language_has_its_own_banner(client, news_site):
    alert(language="ru", text="Землетрясение в Алматы")
    page = client.get(news_site["lead"].url)
    assert "Землетрясение".encode() not in page.content


def test_the_banner_goes_away_by_itself_when_it_expires(client, news_site):
    url = news_site["lead"].url
    alert(minutes=10)
    assert ALERT.encode() in client.get(url).content
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11), tick=False):
        response = client.get(url)
        assert ALERT.encode() not in response.content
        assert b"<esi:include" not in response.content


def test_deleting_the_alert_takes_it_off_at_once(client, news_site):
    url = news_site["lead"].url
    shown = alert()
    assert ALERT.encode() in client.get(url).content
    shown.delete()
    assert ALERT.encode() not in client.get(url).content


def test_varnish_gets_the_include_and_the_slot_on_its_own(client, news_site, settings):
    settings.CARAVAN_VARNISH_URLS = ["http://127.0.0.1:9/"]
    url = news_site["lead"].url
    alert(minutes=2)
    client.get(url)
    esi = client.get(url, HTTP_SURROGATE_CAPABILITY='caravan="ESI/1.0"')
    assert b'<esi:include src="/-/slot/banner/en/"/>' in esi.content
    assert ALERT.encode() not in esi.content
    assert 'content="ESI/1.0"' in esi["Surrogate-Control"]
    assert not esi.has_header("Content-Encoding")  # Varnish compresses itself
    slot = client.get("/-/slot/banner/en/")
    assert slot.status_code == 200 and ALERT.encode() in slot.content
    assert slot["X-Cache-Tags"].split() == ["all", "banner"]
    assert 0 < int(slot["Surrogate-Control"].removeprefix("max-age=")) <= 120
    assert client.get("/-/slot/banner/xx/").status_code == 404
    assert client.get("/-/slot/nothing/en/").status_code == 404


def test_gzip_and_conditional_requests_follow_the_banner(client, news_site):
    url = news_site["lead"].url
    client.get(url)
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    alert()
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and ALERT.encode() in again.content
    import gzip

    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert ALERT.encode() in gzip.decompress(zipped.content)


def test_editors_see_it_too_and_only_editors_set_it(client, news_site):
    from django.contrib.auth.models import Group

    from caravan.core.editorial import editorial_roles_setup

    editorial_roles_setup()
    users = get_user_model()
    writer = users.objects.create_user("writer", password="pw")
    writer.groups.add(Group.objects.get(name=CONTRIBUTORS))
    editor = users.objects.create_user("chief", password="pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    add_url = "/admin/snippets/breaking/breakingalert/add/"
    log_in(client, writer)
    assert client.get(add_url).status_code in (302, 403)
    client.logout()
    log_in(client, editor)
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url,
        {
            "text": ALERT,
            "link": "/business/",
            "language": "en",
            # The admin reads times in the site's zone (caravan.core.admin_time).
            "expires_at": timezone.localtime(
                timezone.now() + dt.timedelta(hours=1), site_timezone()
            ).strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    page = client.get(news_site["lead"].url)
    assert not page.has_header("X-Cache")  # an editor's page is not cached
    assert ALERT.encode() in page.content
