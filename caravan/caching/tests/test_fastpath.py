"""The WSGI fast path (caravan/caching/fastpath.py), driven as a WSGI callable: a
hit it answers is the hit Django would answer; everything else reaches Django."""

import datetime as dt
import gzip

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory

from caravan.caching.fastpath import FastPath

from .support import reset_page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    reset_page_cache(settings, enabled=True)


@pytest.fixture
def django_app():
    """Django's own WSGI handler, counting the requests that reach it. The test's
    transaction must survive: no connection closing at request start/end (as
    django.test.Client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    def app(environ, start_response):
        app.calls += 1
        return app.handler(environ, start_response)

    def reload():  # middleware reads its settings once, when loaded
        app.handler = WSGIHandler()

    app.calls, app.reload = 0, reload
    reload()
    yield app
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fast(django_app):
    return FastPath(django_app)


def environ(path, method="GET", **headers):
    """A WSGI environ as a server builds it (headers as HTTP_* keys)."""
    request = RequestFactory().generic(method, path, **headers)
    return dict(request.environ)


def call(app, path, method="GET", **headers):
    """(status code, headers, body) of one WSGI call."""
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = list(response_headers)

    result = app(environ(path, method, **headers), start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer["status"], answer["headers"], body


def header(headers, name):
    values = [v for k, v in headers if k.lower() == name.lower()]
    return values[0] if values else None


def served_fast(fast, django_app, path, **headers):
    """Ask the fast path; assert Django was not reached."""
    before = django_app.calls
    answer = call(fast, path, **headers)
    assert django_app.calls == before, f"{path} went to Django"
    return answer


def through_django(fast, django_app, path, method="GET", **headers):
    before = django_app.calls
    answer = call(fast, path, method, **headers)
    assert django_app.calls == before + 1, f"{path} did not reach Django"
    return answer


def test_the_deployed_wsgi_application_is_the_fast_path():
    from caravan import wsgi
    from caravan.readership.beacon import Beacon

    assert isinstance(wsgi.application, Beacon)  # the view counter, in front
    assert isinstance(wsgi.application.application, FastPath)
    assert isinstance(wsgi.application.application.application, WSGIHandler)


REQUESTS = {
    "gzip": {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"},
    "identity": {},
    "head": {"HTTP_ACCEPT_ENCODING": "gzip", "method": "HEAD"},
    "https": {"HTTP_ACCEPT_ENCODING": "gzip", "wsgi.url_scheme": "https"},
}


@pytest.mark.parametrize("kind", REQUESTS)
def test_a_fast_hit_is_the_django_hit(fast, django_app, news_site, settings, kind):
    settings.SECURE_HSTS_SECONDS = 3600  # sent over https only, by either path
    django_app.reload()
    headers = dict(REQUESTS[kind])
    method = headers.pop("method", "GET")
    url = news_site["lead"].url
    status, first, _ = through_django(fast, django_app, url, **headers)
    assert (status, header(first, "X-Cache")) == (200, "MISS")
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False):
        expected = call(django_app, url, method, **headers)  # Django's own hit
        answer = served_fast(fast, django_app, url, method=method, **headers)
    assert header(expected[1], "X-Cache") == "HIT"
    assert answer == expected  # status, every header in order, body
    status, headers_out, body = answer
    if kind == "head":
        assert body == b"" and int(header(headers_out, "Content-Length")) > 0
    elif kind == "identity":
        assert header(headers_out, "Content-Encoding") is None
        assert b"Solar plant opens" in body
    else:
        assert header(headers_out, "Content-Encoding") == "gzip"
        assert b"Solar plant opens" in gzip.decompress(body)
    for name in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert header(headers_out, name), name
    assert bool(header(headers_out, "Strict-Transport-Security")) == (kind == "https")
    assert "Cookie" in header(headers_out, "Vary")


def test_conditional_requests_get_the_same_304(fast, django_app, news_site):
    url = news_site["lead"].url
    _, first, _ = call(fast, url, HTTP_ACCEPT_ENCODING="gzip")
    etag, modified = header(first, "ETag"), header(first, "Last-Modified")
    for condition in (
        {"HTTP_IF_NONE_MATCH": etag},
        {"HTTP_IF_NONE_MATCH": f'W/{etag}, "other"'},
        {"HTTP_IF_MODIFIED_SINCE": modified},
    ):
        with time_machine.travel(dt.datetime.now(dt.UTC), tick=False):
            expected = call(django_app, url, HTTP_ACCEPT_ENCODING="gzip", **condition)
            answer = served_fast(
                fast, django_app, url, HTTP_ACCEPT_ENCODING="gzip", **condition
            )
        assert answer == expected
        assert answer[0] == 304 and answer[2] == b""
        assert header(answer[1], "ETag") == etag
    status, _, body = served_fast(
        fast, django_app, url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH='"no"'
    )
    assert status == 200 and body


def test_editors_admin_previews_and_posts_reach_django(fast, django_app, news_site):
    from caravan.caching.keys import EDITOR_COOKIE, editor_cookie_value

    url = news_site["lead"].url
    call(fast, url)
    served_fast(fast, django_app, url)  # cached for readers
    editor = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    signed = f"{EDITOR_COOKIE}={editor_cookie_value(editor)}"
    status, headers, _ = through_django(fast, django_app, url, HTTP_COOKIE=signed)
    assert status == 200 and header(headers, "X-Cache") is None
    assert "private" in header(headers, "Cache-Control")
    # A made-up session or editor cookie is a reader's.
    for made_up in ("sessionid=abc123", f"{EDITOR_COOKIE}=1:forged:sig"):
        assert header(
            served_fast(fast, django_app, url, HTTP_COOKIE=made_up)[1], "X-Cache"
        )
    call(fast, "/admin/login/")
    status, headers, _ = through_django(fast, django_app, "/admin/login/")
    assert status == 200 and header(headers, "X-Cache") is None
    preview = f"/admin/pages/{news_site['lead'].pk}/edit/preview/"
    status, headers, _ = through_django(fast, django_app, preview)
    assert header(headers, "X-Cache") is None
    call(fast, "/search/?q=solar")
    status, headers, _ = through_django(fast, django_app, "/search/?q=solar", "POST")
    assert header(headers, "X-Cache") is None
    # Other cookies (analytics, language) do not bypass the cache.
    call(fast, url, HTTP_COOKIE="_ga=1")
    assert header(served_fast(fast, django_app, url, HTTP_COOKIE="_ga=1")[1], "X-Cache")


def test_a_publish_is_visible_at_once(fast, django_app, news_site):
    lead = news_site["lead"]
    call(fast, lead.url)
    call(fast, "/")
    served_fast(fast, django_app, lead.url)
    served_fast(fast, django_app, "/")
    lead.title = "Solar plant opens ahead of schedule"
    lead.save_revision().publish()
    for url in (lead.url, "/"):
        status, headers, body = through_django(fast, django_app, url)
        assert header(headers, "X-Cache") == "MISS"
        assert b"ahead of schedule" in body
        body = served_fast(fast, django_app, url)[2]
        assert b"ahead of schedule" in body


def test_a_stale_entry_goes_to_django(fast, django_app, news_site):
    url = news_site["lead"].url
    call(fast, url)
    served_fast(fast, django_app, url)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)):
        # past PAGE_CACHE_SECONDS (and maybe midnight): re-rendered by Django
        through_django(fast, django_app, url)


def test_languages_do_not_mix(fast, django_app, news_site):
    url = "/api/rates/latest"
    english, russian = {"HTTP_ACCEPT_LANGUAGE": "en"}, {"HTTP_ACCEPT_LANGUAGE": "ru"}
    call(fast, url, **english)
    served_fast(fast, django_app, url, **english)
    assert header(through_django(fast, django_app, url, **russian)[1], "X-Cache") == (
        "MISS"
    )
    served_fast(fast, django_app, url, **russian)
    by_cookie = {"HTTP_COOKIE": "django_language=ru"}
    assert header(served_fast(fast, django_app, url, **by_cookie)[1], "X-Cache")
    # A language prefix in the URL wins over Accept-Language, as LocaleMiddleware.
    call(fast, "/ru/", **english)
    home_ru = served_fast(fast, django_app, "/ru/", **english)
    home_en = call(fast, "/", **russian)
    assert home_ru[2] != home_en[2]


def test_hosts_do_not_mix_and_a_disallowed_host_gets_djangos_400(
    fast, django_app, news_site, settings
):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    url = news_site["lead"].url
    call(fast, url, HTTP_HOST="a.example")
    served_fast(fast, django_app, url, HTTP_HOST="a.example")
    status, headers, _ = through_django(fast, django_app, url, HTTP_HOST="b.example")
    assert header(headers, "X-Cache") == "MISS"
    status, _, _ = through_django(fast, django_app, url, HTTP_HOST="evil.example")
    assert status == 400


def test_https_redirect_is_left_to_django(fast, django_app, news_site, settings):
    url = news_site["lead"].url
    call(fast, url, **{"wsgi.url_scheme": "https"})
    settings.SECURE_SSL_REDIRECT = True  # a settings change empties the memos
    django_app.reload()
    status, headers, _ = through_django(fast, django_app, url)
    assert status == 301 and header(headers, "Location").startswith("https://")
    call(fast, url, **{"wsgi.url_scheme": "https"})  # this process's copy again
    served_fast(fast, django_app, url, **{"wsgi.url_scheme": "https"})


def test_unknown_middleware_before_the_cache_turns_it_off(
    fast, django_app, news_site, settings
):
    url = news_site["lead"].url
    call(fast, url)
    served_fast(fast, django_app, url)
    settings.MIDDLEWARE = [
        "django.middleware.common.CommonMiddleware",
        *settings.MIDDLEWARE,
    ]
    assert not fast.enabled
    through_django(fast, django_app, url)


def test_a_slot_is_filled_on_the_fast_path_once_it_is_known(
    fast, django_app, news_site
):
    import datetime as dt

    from django.utils import timezone

    from caravan.breaking.models import BreakingAlert

    url = news_site["lead"].url
    call(fast, url)
    assert b"Breaking" not in served_fast(fast, django_app, url)[2]
    BreakingAlert.objects.create(
        text="Border crossing reopens",
        language="en",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    # The banner's HTML is not known here yet: Django renders it (and keeps it).
    status, _, body = through_django(fast, django_app, url)
    assert status == 200 and b"Border crossing reopens" in body
    status, headers, body = served_fast(fast, django_app, url)
    assert b"Border crossing reopens" in body and b"<esi:include" not in body
    assert header(headers, "X-Cache") == "HIT"
