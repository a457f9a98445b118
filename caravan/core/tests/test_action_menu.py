"""A page's action menu offers one publish action: what a contributor and an
editor see, for a draft, a page in review, and one with a go-live time."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset

from caravan.core.editorial import CONTRIBUTORS, EDITORS
from caravan.core.tests.test_permissions import article_form
from caravan.news.models import ArticlePage

pytestmark = pytest.mark.django_db

PUBLISH_LIKE = re.compile(r"publish|approve", re.I)


def user_in(group_name: str) -> User:
    user = User.objects.create_user(group_name.lower(), password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def menu(client, url) -> list[str]:
    """The labels of the page's action menu (its footer), in order."""
    html = client.get(url).content.decode()
    footer = re.search(r"<footer.*?</footer>", html, re.S)[0]
    buttons = re.findall(
        r"<button[^>]*(?:name=\"action-|data-workflow-action-name=|action-save)[^>]*>"
        r"(.*?)</button>",
        footer,
        re.S,
    )
    return [" ".join(re.sub(r"<[^>]+>", " ", b).split()) for b in buttons]


@pytest.fixture
def in_review(client, news_site):
    """A contributor's article submitted to the editorial review."""
    contributor = user_in(CONTRIBUTORS)
    client.force_login(contributor)
    response = client.post(
        f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/",
        article_form(news_site["timur"], **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ArticlePage.objects.get(slug="contributors-story")
    assert article.current_workflow_state is not None
    return contributor, article


def test_a_contributor_submits_and_never_publishes(client, news_site, in_review):
    contributor, article = in_review
    client.force_login(contributor)
    new = menu(client, f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/")
    assert new == ["Save draft", "Submit to Editorial review"]
    labels = menu(client, f"/admin/pages/{article.pk}/edit/")
    # In review the page is locked for its writer, who may withdraw it.
    assert "Cancel workflow" in labels
    assert not [label for label in labels if PUBLISH_LIKE.search(label)], labels


def test_an_editor_sees_one_publish_action_for_a_new_page(client, news_site):
    client.force_login(user_in(EDITORS))
    labels = menu(
        client, f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/"
    )
    assert [label for label in labels if PUBLISH_LIKE.search(label)] == ["Publish"]


def test_an_editor_approves_a_page_in_review_with_one_action(
    client, news_site, in_review
):
    _contributor, article = in_review
    client.force_login(user_in(EDITORS))
    labels = menu(client, f"/admin/pages/{article.pk}/edit/")
    assert [label for label in labels if PUBLISH_LIKE.search(label)] == [
        "Approve and publish"
    ], labels
    assert "Request changes" in labels


def test_with_a_go_live_time_the_approval_says_it_schedules(
    client, news_site, in_review
):
    _contributor, article = in_review
    editor = user_in(EDITORS)
    client.force_login(editor)
    when = timezone.now() + dt.timedelta(days=1)
    draft = article.get_latest_revision_as_object()
    draft.go_live_at = when
    draft.save_revision(user=editor)
    labels = menu(client, f"/admin/pages/{article.pk}/edit/")
    assert [label for label in labels if PUBLISH_LIKE.search(label)] == [
        "Approve and schedule to publish"
    ], labels

    # And it does what it says: the page is scheduled, not live.
    byline = draft.article_authors.get()
    response = client.post(
        f"/admin/pages/{article.pk}/edit/",
        article_form(
            news_site["timur"],
            article_authors=inline_formset(
                [{"id": byline.pk, "author": news_site["timur"].pk}], initial=1
            ),
            go_live_at=timezone.localtime(when).strftime("%Y-%m-%d %H:%M"),
            **{"action-workflow-action": "true", "workflow-action-name": "approve"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at is not None
