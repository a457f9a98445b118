import logging
import re

from django.db import DatabaseError, connection
from django.shortcuts import render
from django.utils import translation
from wagtail import hooks
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from caravan.core.pagination import paginate_for_request
from caravan.news.models import ArticlePage
from caravan.news.selectors import for_listing

# Longer queries are cut, not rejected: a pasted paragraph still finds something.
MAX_QUERY_LENGTH = 200
# Characters full-text engines treat as syntax (SQLite FTS fails on a lone '"').
FTS_SYNTAX = re.compile(r'["*^:(){}\[\]]')
# Relevance is ranked among the newest RANKED_MATCHES matching articles, not all of
# them: ranking reads every match's index entry, and common words match most of a
# large archive (100,000 articles: seconds per query instead of milliseconds).
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
    page_obj, capped, more = None, False, []
    if query:
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        articles = ArticlePage.objects.published()
        if locale is not None:
            articles = articles.filter(locale=locale)
        terms = " ".join(FTS_SYNTAX.sub(" ", query).split())
        if terms:
            try:
                results = ranked_search(articles, terms)
                capped = results.capped
                page_obj = paginate_for_request(request, results)
                # Other kinds of page matching (podcasts: episodes), on the
                # first page of results only.
                if page_obj.number == 1:
                    for find in hooks.get_hooks("caravan_search_results"):
                        found = find(request, terms, locale)
                        if found:
                            more.append(found)
            except DatabaseError:
                # Never a 500 for a query the engine cannot parse: report no results.
                logger.warning("Search backend rejected query %r", terms, exc_info=True)
    context = {
        "query": query,
        "page_obj": page_obj,
        "capped": capped,
        "more_results": more,
        "ranked_matches": RANKED_MATCHES,
    }
    return render(request, "search/search.html", context)


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


def ranked_search(articles, terms: str) -> RankedArticles:
    """The newest RANKED_MATCHES articles matching every term, best match first
    (then newest)."""
    backend = get_search_backend()
    if connection.vendor != "postgresql":
        newest = articles.only("pk").order_by("-date_published", "-id")
        matches = newest.search(terms, order_by_relevance=False)[: RANKED_MATCHES + 1]
        ids = [article.pk for article in matches]
        ranked = ArticlePage.objects.filter(pk__in=ids[:RANKED_MATCHES]).only("pk")
        return RankedArticles(
            [a.pk for a in ranked.search(terms, order_by_relevance=True)],
            capped=len(ids) > RANKED_MATCHES,
        )
    # PostgreSQL: Wagtail's own tsquery, vectors and rank expression in one query
    # that finds the newest matches by the GIN index on title || body (migration
    # 0001) or the article_newest index, and ranks only those.
    compiler = backend.query_compiler_class(articles, terms)
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    vectors = compiler.get_index_vectors(tsquery)
    combined = vectors[0][0]
    for vector, _boost in vectors[1:]:
        combined = combined._combine(vector, "||", False)
    rank = compiler._build_rank_expression(vectors, config)
    newest = (
        articles.annotate(_vector_=combined, search_rank=rank)
        .filter(_vector_=tsquery)
        .order_by("-date_published", "-pk")
        .values_list("pk", "search_rank")[: RANKED_MATCHES + 1]
    )
    rows = list(newest)
    # A stable sort: equal ranks stay newest first.
    return RankedArticles(
        [pk for pk, _ in sorted(rows[:RANKED_MATCHES], key=lambda r: -r[1])],
        capped=len(rows) > RANKED_MATCHES,
    )
