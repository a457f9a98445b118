"""The demo's live blog (fictional): an earthquake in Almaty followed hour by
hour, with a pinned safety notice, key events, an update with a picture and one
contributor's update waiting for an editor. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from wagtail.images import get_image_model

from caravan.news.models import ArticleAuthor, SectionPage
from caravan.people.models import AuthorPage

from .models import LiveBlogPage, LiveBlogUpdate

SLUG = "almaty-earthquake-live"
UPDATES = [
    # minutes ago, author slug, headline, text, key event, pinned, published, image
    (
        170,
        "aigerim-sadykova",
        "Magnitude 5.4 earthquake near Almaty",
        "A magnitude 5.4 earthquake struck 40 km south of Almaty at 06:12 local "
        "time, the seismology institute said. Residents felt strong shaking for "
        "about 20 seconds.",
        True,
        False,
        True,
        False,
    ),
    (
        150,
        "aigerim-sadykova",
        "",
        "People gathered in courtyards and parks across the city; the emergency "
        "ministry asked residents to stay away from damaged buildings.",
        False,
        False,
        True,
        True,
    ),
    (
        120,
        "daniyar-omurbekov",
        "",
        "The tremor was also felt in Bishkek, where the emergency services "
        "reported no damage.",
        False,
        False,
        True,
        False,
    ),
    (
        90,
        "aigerim-sadykova",
        "Schools closed for the day",
        "The city administration closed schools and kindergartens for the day so "
        "that engineers can inspect the buildings.",
        True,
        False,
        True,
        False,
    ),
    (
        60,
        "aigerim-sadykova",
        "What to do after an earthquake",
        "Stay out of buildings with visible cracks, do not use lifts, and follow "
        "the emergency ministry's announcements. The hotline is 112.",
        False,
        True,
        True,
        False,
    ),
    (
        25,
        "timur-rakhimov",
        "",
        "The metro resumed service after a two-hour inspection of the tunnels.",
        True,
        False,
        True,
        False,
    ),
    (
        5,
        "daniyar-omurbekov",
        "",
        "Unconfirmed: an aftershock was reported in the foothills (a contributor's "
        "update, waiting for an editor).",
        False,
        False,
        False,
        False,
    ),
]


def load_demo_live_blog() -> LiveBlogPage | None:
    if LiveBlogPage.objects.filter(slug=SLUG).exists():
        return None
    section = SectionPage.objects.filter(slug="society", locale__language_code="en")
    section = section.first()
    if section is None:
        return None
    now = timezone.now()
    authors = {a.slug: a for a in AuthorPage.objects.all()}
    images = get_image_model().objects.order_by("pk")
    # the demo's section scenes ("Demo society 1", …), not an author's portrait
    image = (
        images.filter(title__startswith="Demo society").first()
        or images.filter(title__startswith="Demo ").first()
        or images.first()
    )
    blog = LiveBlogPage(
        hero_image=image,
        hero_caption="Illustration generated for the Caravan demo." if image else "",
        title="Earthquake shakes Almaty: live updates",
        slug=SLUG,
        standfirst="The latest on the earthquake south of Almaty, as it happens.",
        date_published=now - timedelta(minutes=175),
        body=[
            {
                "type": "paragraph",
                "value": "<p>Our correspondents in Almaty and Bishkek follow the "
                "earthquake and its aftermath. This page updates by itself.</p>",
            }
        ],
    )
    lead = authors.get("aigerim-sadykova")
    if lead is not None:
        blog.article_authors = [ArticleAuthor(author=lead, sort_order=0)]
    section.add_child(instance=blog)
    blog.save_revision().publish()
    for minutes, author, headline, text, key, pinned, published, pictured in UPDATES:
        LiveBlogUpdate.objects.create(
            live_blog=blog,
            posted_at=now - timedelta(minutes=minutes),
            author=authors.get(author),
            headline=headline,
            body=f"<p>{text}</p>",
            key_event=key,
            pinned=pinned,
            published=published,
            image=image if pictured else None,
            image_caption="Illustration generated for the Caravan demo."
            if pictured and image
            else "",
        )
    return blog
