from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group, User
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from caravan.core.editorial import ADMINISTRATORS, CONTRIBUTORS, EDITORS
from caravan.news.models import ArticlePage

from .support import free_port

pytestmark = pytest.mark.django_db


def user_in(group_name: str) -> User:
    user = User.objects.create_user(group_name.lower(), password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def article_form(author, **extra):
    return nested_form_data(
        {
            "title": "Contributor's story",
            "slug": "contributors-story",
            "standfirst": "A draft.",
            "body": streamfield([("paragraph", rich_text("<p>Text</p>"))]),
            "article_authors": inline_formset([{"author": author.pk}]),
            "article_type": "news",
            "tags": "",
            **extra,
        }
    )


def test_roles_exist_with_the_right_powers(news_site):
    section = news_site["business"]
    contributor, editor, admin = (
        user_in(g) for g in (CONTRIBUTORS, EDITORS, ADMINISTRATORS)
    )
    assert section.permissions_for_user(contributor).can_add_subpage()
    assert not section.permissions_for_user(contributor).can_publish_subpage()
    assert not news_site["articles"][0].permissions_for_user(contributor).can_publish()
    assert news_site["articles"][0].permissions_for_user(editor).can_publish()
    assert news_site["articles"][0].permissions_for_user(admin).can_delete()


def test_contributor_cannot_publish_but_can_submit_for_review(client, news_site):
    contributor = user_in(CONTRIBUTORS)
    client.force_login(contributor)
    section = news_site["business"]
    url = f"/admin/pages/add/news/articlepage/{section.pk}/"
    response = client.post(
        url, article_form(news_site["timur"], **{"action-publish": "1"})
    )
    assert response.status_code in (200, 302, 403)
    page = ArticlePage.objects.filter(slug="contributors-story").first()
    assert page is None or not page.live  # publishing is refused

    response = client.post(
        url,
        article_form(
            news_site["timur"], slug="submitted-story", **{"action-submit": "1"}
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ArticlePage.objects.get(slug="submitted-story")
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_editor_can_publish(client, news_site):
    client.force_login(user_in(EDITORS))
    url = f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/"
    response = client.post(
        url,
        article_form(
            news_site["timur"], slug="editors-story", **{"action-publish": "1"}
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ArticlePage.objects.get(slug="editors-story").live


class _Inbox:
    """aiosmtpd handler that keeps every message the SMTP server accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.original_content))
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on loopback; Django sends through it over SMTP."""
    inbox = _Inbox()
    port = free_port()  # aiosmtpd checks the port it is given
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        yield inbox
    finally:
        controller.stop()


def test_submitting_for_review_emails_the_editors_over_smtp(
    client, news_site, smtp_inbox, django_capture_on_commit_callbacks
):
    editor = user_in(EDITORS)
    editor.email = "editor@example.org"
    editor.save()
    contributor = user_in(CONTRIBUTORS)
    client.force_login(contributor)
    url = f"/admin/pages/add/news/articlepage/{news_site['business'].pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            article_form(
                news_site["timur"], slug="for-review", **{"action-submit": "1"}
            ),
        )
    assert response.status_code == 302

    assert [rcpt for rcpt, _ in smtp_inbox.messages] == [["editor@example.org"]]
    message = smtp_inbox.messages[0][1]
    assert "Contributor's story" in message["Subject"]
    assert "submitted" in message["Subject"].lower()
