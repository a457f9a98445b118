"""/sitemap.xml (an index), its parts (≤ 50,000 URLs each), /news-sitemap.xml.

Written for 100k+ articles: ``values()`` rows streamed with ``iterator()``, URLs
computed from ``url_path`` and the site's root paths (no per-page ``get_url``),
and each part bounded by primary-key ranges found with one query.
"""

from datetime import UTC, timedelta
from xml.sax.saxutils import escape

from django.db.models import Max
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from caravan.news.models import ArticlePage

from .links import PathResolver, absolute

MAX_URLS = 50_000
# A part number beyond this is no part: 10 billion URLs. It also keeps the
# row offset inside PostgreSQL's bigint (the URL's <int:> takes any digits).
MAX_PARTS = 200_000
NEWS_WINDOW = timedelta(hours=48)
NEWS_MAX_URLS = 1_000  # Google News sitemaps hold at most 1,000 URLs
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XML_TYPE = "application/xml; charset=utf-8"
CACHE_CONTROL = "public, max-age=600"


def w3c(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site")
    return site


def _roots(site):
    return list(site.root_page.get_translations(inclusive=True).live())


def _article_rows(site):
    qs = ArticlePage.objects.published()
    roots = _roots(site)
    if not roots:
        return qs.none()
    from django.db.models import Q

    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return qs.filter(condition)


def _page_rows(site):
    """Every other live public page of the site (home, sections, people…)."""
    roots = _roots(site)
    if not roots:
        return Page.objects.none()
    from django.db.models import Q

    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return (
        Page.objects.live()
        .public()
        .filter(condition)
        .exclude(content_type__model="articlepage", content_type__app_label="news")
    )


def _chunk(queryset, number: int) -> tuple[int, int] | None:
    """(first pk, last pk) of the ``number``-th run of MAX_URLS rows in primary-key
    order: two single-row index lookups, whatever the table size."""
    ordered = queryset.order_by("pk").values_list("pk", flat=True)
    start = (number - 1) * MAX_URLS
    first = list(ordered[start : start + 1])
    if not first:
        return None
    last = list(ordered[start + MAX_URLS - 1 : start + MAX_URLS])
    if not last:
        last = [queryset.aggregate(m=Max("pk"))["m"]]
    return first[0], last[0]


def _chunks(queryset) -> list[tuple[int, int]]:
    total = queryset.count()
    parts = -(-total // MAX_URLS)  # ceiling division
    return [_chunk(queryset, number) for number in range(1, parts + 1)]


SECTIONS = {"pages": _page_rows, "articles": _article_rows}


def sitemap_index(request):
    site = _site(request)
    entries = []
    for name, rows in SECTIONS.items():
        queryset = rows(site)
        for number, (first, last) in enumerate(_chunks(queryset), start=1):
            lastmod = queryset.filter(pk__gte=first, pk__lte=last).aggregate(
                m=Max("last_published_at")
            )["m"]
            url = absolute(
                request,
                reverse("seo:sitemap_part", kwargs={"section": name, "number": number}),
            )
            entries.append((url, lastmod))

    def generate():
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield f'<sitemapindex xmlns="{SITEMAP_NS}">\n'
        for url, lastmod in entries:
            yield f"<sitemap><loc>{escape(url)}</loc>"
            if lastmod:
                yield f"<lastmod>{w3c(lastmod)}</lastmod>"
            yield "</sitemap>\n"
        yield "</sitemapindex>\n"

    response = StreamingHttpResponse(generate(), content_type=XML_TYPE)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def sitemap_part(request, section, number):
    site = _site(request)
    if section not in SECTIONS or not 1 <= number <= MAX_PARTS:
        raise Http404("No such sitemap")
    queryset = SECTIONS[section](site)
    bounds = _chunk(queryset, number)
    if bounds is None:
        raise Http404("No such sitemap")
    first, last = bounds
    fields = ["url_path", "locale__language_code", "last_published_at"]
    if section == "articles":
        fields += ["date_updated", "date_published"]
    rows = queryset.filter(pk__gte=first, pk__lte=last).order_by("pk").values(*fields)
    resolver = PathResolver(site)
    root = absolute(request, "/").rstrip("/")

    def generate():
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield f'<urlset xmlns="{SITEMAP_NS}">\n'
        for row in rows.iterator(chunk_size=2000):
            path = resolver.url(row["url_path"], row["locale__language_code"])
            if path is None:
                continue
            lastmod = max(
                (
                    value
                    for value in (
                        row.get("date_updated"),
                        row.get("date_published"),
                        row["last_published_at"],
                    )
                    if value
                ),
                default=None,
            )
            yield f"<url><loc>{escape(root + path)}</loc>"
            if lastmod:
                yield f"<lastmod>{w3c(lastmod)}</lastmod>"
            yield "</url>\n"
        yield "</urlset>\n"

    response = StreamingHttpResponse(generate(), content_type=XML_TYPE)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def news_sitemap(request):
    """Google News: articles published in the last 48 hours, newest first."""
    from .models import SeoSettings

    site = _site(request)
    publication = (
        SeoSettings.for_request(request).publisher_name or site.site_name or "Caravan"
    )
    since = timezone.now() - NEWS_WINDOW
    rows = (
        _article_rows(site)
        .filter(date_published__gte=since)
        .order_by("-date_published", "-pk")
        .values("url_path", "locale__language_code", "date_published", "title")[
            :NEWS_MAX_URLS
        ]
    )
    resolver = PathResolver(site)
    root = absolute(request, "/").rstrip("/")
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">\n',
    ]
    for row in rows:
        language = row["locale__language_code"]
        path = resolver.url(row["url_path"], language)
        if path is None:
            continue
        parts.append(
            f"<url><loc>{escape(root + path)}</loc><news:news><news:publication>"
            f"<news:name>{escape(publication)}</news:name>"
            f"<news:language>{escape(language)}</news:language>"
            f"</news:publication>"
            f"<news:publication_date>{w3c(row['date_published'])}"
            f"</news:publication_date>"
            f"<news:title>{escape(row['title'])}</news:title>"
            f"</news:news></url>\n"
        )
    parts.append("</urlset>\n")
    response = HttpResponse("".join(parts), content_type=XML_TYPE)
    response["Cache-Control"] = "public, max-age=300"
    return response
