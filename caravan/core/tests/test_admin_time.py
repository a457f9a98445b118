"""The admin shows and reads times in the site's time zone (Asia/Almaty by
default) unless the user chose their own zone in their Wagtail account."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Site
from wagtail.users.models import UserProfile

from caravan.caching import memo
from caravan.core.editorial import EDITORS
from caravan.core.models import SiteSettings
from caravan.core.tests.test_permissions import article_form
from caravan.news.models import ArticlePage

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def editor(username="desk") -> User:
    user = User.objects.create_user(username, password="pw")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def schedule_at_ten(client, news_site, slug):
    """An editor sets "go live at 10:00" on a new article and publishes."""
    response = client.post(
        f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/",
        article_form(
            news_site["timur"],
            slug=slug,
            go_live_at="2031-03-14 10:00",
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArticlePage.objects.get(slug=slug)


def go_live_input(html: str) -> str:
    return re.search(r'<input[^>]*name="go_live_at"[^>]*value="([^"]*)"', html)[1]


def test_ten_oclock_is_ten_in_the_site_zone_stored_as_utc(client, news_site):
    client.force_login(editor())
    article = schedule_at_ten(client, news_site, "ten-almaty")
    stored = article.get_latest_revision().approved_go_live_at
    assert stored == dt.datetime(2031, 3, 14, 10, 0, tzinfo=ALMATY)
    assert stored.astimezone(dt.UTC).hour == 5  # Almaty is UTC+5

    edit = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert go_live_input(edit) == "2031-03-14 10:00"
    assert "Time in Asia/Almaty." in edit
    # The status side panel shows the go-live time 24-hour, with the zone.
    assert "14 Mar 2031, 10:00 +05" in edit
    dashboard = client.get("/admin/").content.decode()
    scheduled = dashboard.split("data-scheduled-panel", 1)[1].split("</section>")[0]
    assert "14 Mar 2031, 10:00 +05" in scheduled


def test_the_admin_follows_a_change_of_the_site_zone(client, news_site):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.time_zone = "Asia/Tashkent"
    site_settings.save()
    memo.clear_all()
    client.force_login(editor())
    article = schedule_at_ten(client, news_site, "ten-tashkent")
    assert article.get_latest_revision().approved_go_live_at == dt.datetime(
        2031, 3, 14, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Tashkent")
    )


def test_a_user_who_chose_a_zone_keeps_it(client, news_site):
    user = editor("traveller")
    UserProfile.objects.create(user=user, current_time_zone="Europe/Berlin")
    client.force_login(user)
    article = schedule_at_ten(client, news_site, "ten-berlin")
    assert article.get_latest_revision().approved_go_live_at == dt.datetime(
        2031, 3, 14, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")
    )
    edit = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert go_live_input(edit) == "2031-03-14 10:00"
    assert "Time in Europe/Berlin." in edit


def test_nothing_is_written_to_a_users_profile(client, news_site):
    user = editor()
    client.force_login(user)
    client.get("/admin/")
    schedule_at_ten(client, news_site, "ten-no-profile")
    # Wagtail's account page offers the user's own choice, still "none".
    assert not UserProfile.objects.filter(user=user).exclude(current_time_zone="")
    account = client.get("/admin/account/").content.decode()
    select = re.search(
        r'<select name="locale-current_time_zone".*?</select>', account, re.S
    )
    assert select and 'value="Asia/Almaty" selected' not in select[0]
