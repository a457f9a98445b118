"""Security headers on public pages (rendered, and replayed from the page cache by
the WSGI fast path) and on the admin."""

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory

from caravan.caching import memo
from caravan.caching.fastpath import FastPath

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.fixture
def app(settings):
    """The production WSGI stack (fast path over Django), counting what reaches
    Django. The test's transaction must survive the requests."""
    settings.CARAVAN_PAGE_CACHE = True
    settings.CARAVAN_VARNISH_URLS = []
    memo.clear_all()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    handler = WSGIHandler()

    def django(environ, start_response):
        django.calls += 1
        return handler(environ, start_response)

    django.calls = 0
    fast = FastPath(django)
    fast.django = django
    yield fast
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def get(app, path, **headers):
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = {k.lower(): v for k, v in response_headers}

    environ = dict(RequestFactory().get(path, **headers).environ)
    b"".join(app(environ, start_response))
    return answer["status"], answer["headers"]


def directives(csp: str) -> dict[str, str]:
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in csp.split(";")
        if part.strip()
    }


def test_public_pages_carry_the_strict_policy_on_a_miss_and_on_a_hit(app, news_site):
    for path in ["/", news_site["lead"].url, "/tag/trade/", "/rates/", "/search/?q=x"]:
        calls = app.django.calls
        status, miss = get(app, path)
        assert status == 200 and miss["x-cache"] == "MISS", path
        status, hit = get(app, path)
        assert hit["x-cache"] == "HIT", path
        if path != "/search/?q=x":
            assert app.django.calls == calls + 1, path  # the hit never reached Django
        for name in SECURITY_HEADERS:
            assert hit.get(name.lower()) == miss.get(name.lower()) is not None, (
                path,
                name,
            )
        csp = directives(miss["content-security-policy"])
        assert csp["script-src"] == "'none'"  # no script runs on the public site
        assert "unsafe-inline" not in miss["content-security-policy"]
        assert csp["frame-ancestors"] == "'none'"
        assert csp["object-src"] == "'none'" and csp["base-uri"] == "'self'"
        assert miss["x-frame-options"] == "DENY"
        assert "camera=()" in miss["permissions-policy"]
        assert "geolocation=()" in miss["permissions-policy"]


def test_the_public_templates_hold_no_inline_script_or_style(news_site, client):
    """What makes the strict policy possible: JSON-LD data blocks only."""
    import re

    for path in ["/", news_site["lead"].url, "/rates/", "/people/"]:
        html = client.get(path).content.decode()
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert all('type="application/ld+json"' in attrs for attrs in scripts), path
        assert not re.search(r"\son[a-z]+=", html), path
        assert " style=" not in html and "<style" not in html, path


def test_the_admin_has_its_own_working_policy(client, db):
    response = client.get("/admin/login/")
    csp = directives(response["Content-Security-Policy"])
    # Wagtail's files and (Wagtail 8's editor needs them) inline scripts; nothing
    # from another origin may load, connect or receive a form.
    assert csp["script-src"] == "'self' 'unsafe-inline'"
    assert csp["connect-src"] == "'self' https://releases.wagtail.org"
    assert csp["form-action"] == "'self'" and csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'self'"  # the admin frames its previews
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
