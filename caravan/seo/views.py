from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

from .links import absolute, language_prefix


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    for code, _name in settings.LANGUAGES:
        lines.append(f"Disallow: {language_prefix(code)}search/")
    lines += [
        "",
        f"Sitemap: {absolute(request, reverse('seo:sitemap'))}",
        f"Sitemap: {absolute(request, reverse('seo:news_sitemap'))}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
