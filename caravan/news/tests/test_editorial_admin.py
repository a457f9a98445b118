"""The newsroom's admin: a dashboard by role, sections made by editors only, a
new article with the writer's byline, people chosen by name, five-minute
pickers, and a confirmation that says when a scheduled story goes live."""

import datetime as dt
import html
import re

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.utils import timezone

from caravan.core.editorial import CONTRIBUTORS, EDITORS
from caravan.core.tests.test_permissions import article_form
from caravan.news.models import ArticlePage
from caravan.news.tests import factories

pytestmark = pytest.mark.django_db


def user_in(group_name: str, username=None) -> User:
    user = User.objects.create_user(username or group_name.lower(), password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_contributor_dashboard_offers_sections_and_drafts_not_scheduler_health(
    client, news_site
):
    contributor = user_in(CONTRIBUTORS)
    draft = factories.make_article(
        news_site["politics"], title="My half-written story", live=False
    )
    ArticlePage.objects.filter(pk=draft.pk).update(owner=contributor)
    client.force_login(contributor)
    page = client.get("/admin/").content.decode()
    assert "Write an article" in page
    add_business = f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/"
    assert f'href="{add_business}"' in page
    assert "My drafts" in page and "My half-written story" in page
    assert "data-overdue-panel" not in page  # scheduler health: not theirs


def test_editor_dashboard_shows_scheduler_health_and_what_is_scheduled(
    client, news_site
):
    article = factories.make_article(
        news_site["politics"], title="Tomorrow's story", live=False
    )
    when = timezone.now() + dt.timedelta(days=1)
    article.go_live_at = when
    article.save_revision(approved_go_live_at=when)
    client.force_login(user_in(EDITORS))
    page = client.get("/admin/").content.decode()
    assert "data-overdue-panel" in page
    scheduled = page.split("data-scheduled-panel", 1)[1].split("</section>", 1)[0]
    assert "Tomorrow&#x27;s story" in scheduled or "Tomorrow's story" in scheduled


def test_only_editors_create_sections(client, news_site):
    url = f"/admin/pages/add/news/sectionpage/{news_site['home'].pk}/"
    client.force_login(user_in(CONTRIBUTORS))
    refused = client.get(url)
    assert refused.status_code in (302, 403)  # Wagtail sends them to the dashboard
    assert 'name="title"' not in refused.content.decode()
    client.force_login(user_in(EDITORS))
    assert client.get(url).status_code == 200


def test_a_new_article_starts_with_the_writers_byline_chosen_by_name(client, news_site):
    contributor = user_in(CONTRIBUTORS)
    timur = news_site["timur"]
    timur.user = contributor
    timur.save_revision().publish()
    client.force_login(contributor)
    page = client.get(
        f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/"
    ).content.decode()
    select = re.search(
        r'<select name="article_authors-0-author"[^>]*>(.*?)</select>', page, re.S
    )
    assert select, "the byline is a list of people, not a page chooser"
    options = re.findall(
        r'<option value="(\d+)"( selected)?>([^<]+)</option>', select[1]
    )
    assert [name for _pk, _sel, name in options] == sorted(
        name for _pk, _sel, name in options
    )
    assert [html.unescape(name) for _pk, sel, name in options if sel] == [
        "Timur Rakhimov"
    ]
    assert ">Headline" in page
    # The scheduling fields' pickers step by five minutes.
    for field in ("date_published", "go_live_at"):
        config = re.search(rf'initDateTimeChooser\("id_{field}", (\{{.*?\}})\)', page)
        assert config and '"step": 5' in config[1], field


def test_publishing_a_future_go_live_says_when_it_goes_live(client, news_site):
    client.force_login(user_in(EDITORS))
    when = timezone.localtime(timezone.now() + dt.timedelta(days=2)).replace(
        minute=15, second=0, microsecond=0
    )
    url = f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/"
    response = client.post(
        url,
        article_form(
            news_site["timur"],
            slug="scheduled-by-editor",
            go_live_at=when.strftime("%Y-%m-%d %H:%M"),
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ArticlePage.objects.get(slug="scheduled-by-editor")
    assert not article.live
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(
        "is scheduled: it goes live on" in m and when.strftime("%H:%M") in m
        for m in said
    ), said


def test_the_newsroom_panels_speak_russian(client, news_site):
    from wagtail.users.models import UserProfile

    contributor = user_in(CONTRIBUTORS)
    UserProfile.objects.create(user=contributor, preferred_language="ru")
    client.force_login(contributor)
    page = client.get("/admin/").content.decode()
    for text in ("Написать статью", "Мои черновики", "Запланировано"):
        assert text in page, text
    add = client.get(
        f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/"
    ).content.decode()
    assert "Заголовок" in add and "Время по часовому поясу Asia/Almaty." in add


@pytest.mark.parametrize("publish", [False, True])
@pytest.mark.parametrize(
    "rows, initial",
    [
        ("twice", 1),  # the same person in two rows
        ("replaced", 1),  # a row removed and the same person added again
        ("stale", 0),  # a form opened before the byline was saved (no row ids)
    ],
)
def test_a_byline_edit_never_gives_a_500(client, news_site, rows, initial, publish):
    from wagtail.test.utils.form_data import inline_formset

    client.force_login(user_in(EDITORS, "byline-desk"))
    article = news_site["articles"][0]
    byline = article.article_authors.get()
    aigerim = news_site["aigerim"]
    forms = {
        "twice": [{"id": byline.pk, "author": aigerim.pk}, {"author": aigerim.pk}],
        "replaced": [
            {"id": byline.pk, "author": aigerim.pk, "DELETE": "1"},
            {"author": aigerim.pk},
        ],
        "stale": [{"author": aigerim.pk}],
    }[rows]
    data = article_form(
        aigerim,
        title=article.title,
        slug=article.slug,
        article_authors=inline_formset(forms, initial=initial),
    )
    if publish:
        data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{article.pk}/edit/", data)
    if rows == "twice":
        assert response.status_code == 200
        assert "Please correct the duplicate values below." in response.content.decode()
    else:
        assert response.status_code == 302
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert [a.author_id for a in draft.article_authors.all()] == [aigerim.pk]
    assert list(article.article_authors.values_list("author", flat=True)) == [
        aigerim.pk
    ]
