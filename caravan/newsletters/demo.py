"""The demo's newsletter lists, so the sign-up form shows on its pages (in
each language). Idempotent. Nothing is sent unless someone confirms a sign-up
and the scheduler runs with a mail server."""

from __future__ import annotations

from .models import NewsletterList

LISTS = [
    # slug, name, language, frequency, description
    (
        "daily-briefing",
        "Daily briefing",
        "en",
        NewsletterList.Frequency.DAILY,
        "the day's top stories from Central Asia, every morning",
    ),
    (
        "weekly-digest",
        "Weekly digest",
        "en",
        NewsletterList.Frequency.WEEKLY,
        "the week's most important stories, on Mondays",
    ),
    (
        "daily-briefing-ru",
        "Ежедневная сводка",
        "ru",
        NewsletterList.Frequency.DAILY,
        "главные новости Центральной Азии за день, каждое утро",
    ),
]


def load_demo_newsletters() -> int:
    for slug, name, language, frequency, description in LISTS:
        NewsletterList.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "language": language,
                "frequency": frequency,
                "description": description,
                "public": True,
            },
        )
    return len(LISTS)
