"""Editions: the stories of an edition, and automatic editions built on the
list's schedule from the editors' front-page choices, then the newest."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from wagtail.models import Locale

from caravan.news.models import ArticlePage, HomePage

from .models import Edition, EditionStory, NewsletterList


def stories(edition: Edition) -> list[ArticlePage]:
    """The edition's live articles in the editor's order."""
    return [
        story.article
        for story in edition.stories.select_related("article").order_by("sort_order")
        if story.article.live
    ]


def period_for(newsletter: NewsletterList, now) -> tuple[str, object] | None:
    """(period key, period start) of the edition due at `now`, or None when the
    list sends no automatic edition yet (before its hour; weekly: not Monday)."""
    if newsletter.frequency == NewsletterList.Frequency.MANUAL:
        return None
    if now.hour < newsletter.send_hour:
        return None
    day = now.date()
    if newsletter.frequency == NewsletterList.Frequency.DAILY:
        return day.isoformat(), now - timedelta(days=1)
    monday = day - timedelta(days=day.weekday())
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}", now - timedelta(days=7)


def top_stories(newsletter: NewsletterList, since) -> list[ArticlePage]:
    """The front page's lead and sticky articles, then the newest, published
    since `since` in the list's language (and section, if it has one)."""
    articles = ArticlePage.objects.published().filter(date_published__gte=since)
    locale = Locale.objects.filter(language_code=newsletter.language).first()
    if locale is not None:
        articles = articles.filter(locale=locale)
    if newsletter.section_id:
        articles = articles.in_section(newsletter.section)
    chosen = []
    home = HomePage.objects.filter(locale=locale).first() if locale else None
    if home and home.lead_article_id:
        chosen += list(articles.filter(pk=home.lead_article_id))
    chosen += list(articles.filter(is_sticky=True).order_by("-date_published"))
    seen = {a.pk for a in chosen}
    newest = articles.exclude(pk__in=seen).order_by("-date_published", "-pk")
    chosen += list(newest[: newsletter.story_count])
    return chosen[: newsletter.story_count]


def build_due_editions(now) -> list[Edition]:
    """One automatic edition per list and period, scheduled at once. Nothing
    published in the period: no edition (and none is built later for it)."""
    built = []
    for newsletter in NewsletterList.objects.exclude(frequency="manual"):
        due = period_for(newsletter, now)
        if due is None:
            continue
        period, since = due
        if Edition.objects.filter(newsletter=newsletter, period=period).exists():
            continue
        articles = top_stories(newsletter, since)
        try:
            with transaction.atomic():
                edition = Edition.objects.create(
                    newsletter=newsletter,
                    subject=f"{newsletter.name}: {articles[0].title}"
                    if articles
                    else newsletter.name,
                    period=period,
                    status=Edition.Status.SCHEDULED
                    if articles
                    else Edition.Status.SENT,
                    send_at=now,
                    finished_at=None if articles else now,
                )
                EditionStory.objects.bulk_create(
                    EditionStory(edition=edition, article=a, sort_order=i)
                    for i, a in enumerate(articles)
                )
        except IntegrityError:  # another scheduler built it meanwhile
            continue
        if articles:
            built.append(edition)
    return built
