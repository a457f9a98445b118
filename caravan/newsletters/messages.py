"""An edition as e-mail: rendered and its CSS inlined once per edition, then
per recipient only the unsubscribe and manage links are put in."""

from __future__ import annotations

from dataclasses import dataclass

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from . import links
from .editions import stories
from .models import Edition

# Placeholders the per-recipient links replace (not valid in a URL, so no
# article text can contain them by chance after escaping).
UNSUBSCRIBE = "{{nl-unsubscribe}}"
MANAGE = "{{nl-manage}}"


@dataclass
class RenderedEdition:
    edition_id: int
    list_id: int
    subject: str
    html: str
    text: str

    def message(self, subscriber_id: int, email: str, connection=None):
        unsubscribe = links.unsubscribe_url(subscriber_id, self.list_id)
        manage = links.manage_url(subscriber_id)

        def fill(body):
            return body.replace(UNSUBSCRIBE, unsubscribe).replace(MANAGE, manage)

        message = EmailMultiAlternatives(
            self.subject,
            fill(self.text),
            settings.NEWSLETTER_FROM_EMAIL,
            [email],
            connection=connection,
            headers={
                # RFC 8058: a POST to this URL unsubscribes, no page to visit.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"<{self.list_id}.newsletters.{_host()}>",
                "Precedence": "bulk",
            },
        )
        message.attach_alternative(fill(self.html), "text/html")
        return message

    def preview_html(self) -> str:
        return self.html.replace(UNSUBSCRIBE, "#").replace(MANAGE, "#")


def _host() -> str:
    return settings.WAGTAILADMIN_BASE_URL.split("://")[-1].split("/")[0].split(":")[0]


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else links.absolute(url)


def render_edition(edition: Edition) -> RenderedEdition:
    newsletter = edition.newsletter
    context = {
        "edition": edition,
        "newsletter": newsletter,
        "stories": [
            {
                "title": a.title,
                "standfirst": a.standfirst,
                "url": _absolute(a.url or ""),
            }
            for a in stories(edition)
        ],
        "site_name": settings.NEWSLETTER_SITE_NAME,
        "site_url": links.absolute("/"),
        "unsubscribe_url": UNSUBSCRIBE,
        "manage_url": MANAGE,
    }
    with translation.override(newsletter.language):
        html = render_to_string("newsletters/email/edition.html", context)
        text = render_to_string("newsletters/email/edition.txt", context)
    return RenderedEdition(
        edition_id=edition.pk,
        list_id=newsletter.pk,
        subject=edition.subject,
        html=css_inline.inline(html),
        text=text,
    )
