"""Fill in the countries of articles that have none, from the gazetteer: only
countries the site already has (matched by ISO code), never created."""

from __future__ import annotations

from caravan.news.models import ArticlePage, Country

from .gazetteer import detect_countries
from .text import article_parts


def suggested_countries(article: ArticlePage) -> list[Country]:
    parts = article_parts(article)
    codes = detect_countries(
        headline=parts["headline"], text=f"{parts['standfirst']}\n{parts['body']}"
    )
    by_code = {
        c.iso_code.upper(): c for c in Country.objects.filter(iso_code__in=codes)
    }
    return [by_code[code] for code in codes if code in by_code]


def fill_countries(articles) -> list[tuple[ArticlePage, list[Country]]]:
    """For each article without countries: the countries found, set in a new
    revision (published if the article is live). Returns what was found."""
    found = []
    for article in articles:
        if article.countries.exists():
            continue
        countries = suggested_countries(article)
        if countries:
            article.countries.set(countries)
            revision = article.save_revision()
            if article.live:
                revision.publish()
        found.append((article, countries))
    return found
