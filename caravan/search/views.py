from django.shortcuts import render
from django.utils import translation
from wagtail.models import Locale

from caravan.core.pagination import paginate_for_request
from caravan.news.models import ArticlePage
from caravan.news.selectors import for_listing

# Longer queries are cut, not rejected: a pasted paragraph still finds something.
MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """Printable text only, whitespace collapsed, at most MAX_QUERY_LENGTH chars."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw[: MAX_QUERY_LENGTH * 4])
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(request):
    query = clean_query(request.GET.get("q", ""))
    page_obj = None
    if query:
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        articles = ArticlePage.objects.published()
        if locale is not None:
            articles = articles.filter(locale=locale)
        results = for_listing(articles).search(query, order_by_relevance=True)
        page_obj = paginate_for_request(request, results)
    return render(
        request, "search/search.html", {"query": query, "page_obj": page_obj}
    )
