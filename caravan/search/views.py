import logging
import re

from django.db import DatabaseError
from django.shortcuts import render
from django.utils import translation
from wagtail.models import Locale

from caravan.core.pagination import paginate_for_request
from caravan.news.models import ArticlePage
from caravan.news.selectors import for_listing

# Longer queries are cut, not rejected: a pasted paragraph still finds something.
MAX_QUERY_LENGTH = 200
# Characters full-text engines treat as syntax (SQLite FTS fails on a lone '"').
FTS_SYNTAX = re.compile(r'["*^:(){}\[\]]')
logger = logging.getLogger(__name__)


def clean_query(raw: str) -> str:
    """Printable text only, whitespace collapsed, at most MAX_QUERY_LENGTH chars."""
    text = "".join(
        ch if ch.isprintable() else " " for ch in raw[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(request):
    query = clean_query(request.GET.get("q", ""))
    page_obj = None
    if query:
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        articles = ArticlePage.objects.published()
        if locale is not None:
            articles = articles.filter(locale=locale)
        terms = " ".join(FTS_SYNTAX.sub(" ", query).split())
        if terms:
            results = for_listing(articles).search(terms, order_by_relevance=True)
            try:
                page_obj = paginate_for_request(request, results)
            except DatabaseError:
                # Never a 500 for a query the engine cannot parse: report no results.
                logger.warning("Search backend rejected query %r", terms, exc_info=True)
    return render(request, "search/search.html", {"query": query, "page_obj": page_obj})
