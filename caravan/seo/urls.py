"""Robots and sitemaps: one per host, outside the language prefixes."""

from django.urls import path

from . import sitemaps, views

app_name = "seo"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path(
        "sitemap-<slug:section>-<int:number>.xml",
        sitemaps.sitemap_part,
        name="sitemap_part",
    ),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
]
