import logging
from urllib.parse import urlencode

from django.db import DatabaseError, transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from wagtail import hooks
from wagtail.models import Locale

from caravan.core.pagination import paginate_for_request
from caravan.news.models import ArticlePage
from caravan.news.selectors import for_listing

from . import engine, suggest

# Longer queries are cut, not rejected: a pasted paragraph still finds something.
MAX_QUERY_LENGTH = 200
# Results are ordered among the newest RANKED_MATCHES matching articles, not all
# of them: scoring reads every match's index entry, and common words match most
# of a large archive (100,000 articles: seconds per query instead of milliseconds).
RANKED_MATCHES = 500
logger = logging.getLogger(__name__)


def clean_query(raw: str) -> str:
    """Printable text only, whitespace collapsed, at most MAX_QUERY_LENGTH chars."""
    text = "".join(
        ch if ch.isprintable() else " " for ch in raw[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(request):
    query = clean_query(request.GET.get("q", ""))
    sort = engine.sort_order(request.GET.get("sort"))
    page_obj, capped, suggestion, more = None, False, None, []
    if query:
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        articles = ArticlePage.objects.published()
        if locale is not None:
            articles = articles.filter(locale=locale)
        words = engine.query_words(query)
        results = find(articles, words, sort)
        capped = results.capped
        page_obj = paginate_for_request(request, results)
        if len(results) < suggest.FEW_RESULTS:
            suggestion = better_query(articles, words, len(results))
        if page_obj.number == 1 and words:
            more = other_results(request, " ".join(words), locale)
    context = {
        "query": query,
        "sort": sort,
        "sort_links": sort_links(query, sort),
        "suggestion": suggestion,
        "suggestion_url": search_url(suggestion, sort) if suggestion else None,
        "page_obj": page_obj,
        "capped": capped,
        "more_results": more,
        "ranked_matches": RANKED_MATCHES,
    }
    return render(request, "search/search.html", context)


def other_results(request, terms: str, locale) -> list[dict]:
    """Other kinds of page matching (podcasts: episodes), on the first page of
    results only; apps above this one answer through a hook (and keep a query
    the engine rejects to themselves)."""
    more = []
    for find_more in hooks.get_hooks("caravan_search_results"):
        found = find_more(request, terms, locale)
        if found:
            more.append(found)
    return more


def find(articles, words: list[str], sort: str) -> "RankedArticles":
    try:
        with transaction.atomic():
            found = engine.matches(
                articles,
                words,
                limit=RANKED_MATCHES + 1,
                scored=sort == "relevance",
            )
    except DatabaseError:
        # Never a 500 for a query the engine cannot parse: report no results.
        logger.warning("Search backend rejected query %r", words, exc_info=True)
        found = []
    return RankedArticles(
        engine.ranked(found[:RANKED_MATCHES], words, sort),
        capped=len(found) > RANKED_MATCHES,
    )


def better_query(articles, words: list[str], found: int) -> str | None:
    """A corrected query that finds more articles than this one, if any."""
    try:
        corrected = suggest.corrected_query(articles, words)
        if corrected is None:
            return None
        with transaction.atomic():
            more = engine.matches(
                articles, engine.query_words(corrected), limit=found + 1, scored=False
            )
    except DatabaseError:
        logger.warning("No suggestion for %r", words, exc_info=True)
        return None
    return corrected if len(more) > found else None


def search_url(query: str, sort: str) -> str:
    params = {"q": query}
    if sort != engine.SORTS[0]:
        params["sort"] = sort
    return f"{reverse('search:search')}?{urlencode(params)}"


def sort_links(query: str, sort: str) -> list[dict]:
    labels = {
        "relevance": translation.gettext("Best match"),
        "newest": translation.gettext("Newest first"),
    }
    return [
        {"label": labels[name], "url": search_url(query, name), "current": name == sort}
        for name in engine.SORTS
    ]


class RankedArticles:
    """Article ids in rank order; a slice loads just those articles, for the cards."""

    def __init__(self, ids: list[int], *, capped: bool = False):
        self.ids = ids
        self.capped = capped  # more articles match than were ranked

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        wanted = self.ids[index]
        found = for_listing(ArticlePage.objects.filter(pk__in=wanted))
        by_id = {article.pk: article for article in found}
        return [by_id[pk] for pk in wanted if pk in by_id]
