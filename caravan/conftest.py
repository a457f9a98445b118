"""Shared fixtures: a small news site, and checks for the optional real services."""

import os
import shutil
import socket
import unittest

import pytest
from django.core.cache import cache
from django.db import models, transaction
from django.test import override_settings
from django.utils import translation

from caravan.caching import memo, shared
from caravan.news.tests import factories


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # A request through LocaleMiddleware, or a test, may leave another language
    # active in this thread: every test starts in the site's default.
    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()
    memo.clear_all()  # every per-process memo (caravan/caching/memo.py)
    shared.reset()
    yield
    cache.clear()
    memo.clear_all()
    shared.reset()


def _cannot_share_a_transaction(item) -> bool:
    """A transactional test flushes the database; a Django TestCase class closes the
    connection after its tests (its tearDownClass), which ends any outer transaction."""
    if isinstance(getattr(item, "cls", None), type) and issubclass(
        item.cls, unittest.TestCase
    ):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server", "django_db_serialized_rollback"}
        & set(item.fixturenames)
        or (marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(scope="module", autouse=True)
def _shared_news_site(request, tmp_path_factory):
    """Builds `news_site` once per test module, inside a transaction that is rolled
    back when the module ends; each test runs in a savepoint within it (pytest-django's
    `db`), so it sees the site as built and its own changes vanish after it.

    Building the site costs about a second and a half (fourteen publications), paid by
    some two hundred tests. A module with a transactional test (a live server, a
    browser) or a Django TestCase class builds it per test instead."""
    items = [item for item in request.session.items if item.module is request.module]
    if not any("news_site" in item.fixturenames for item in items) or any(
        _cannot_share_a_transaction(item) for item in items
    ):
        yield None
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    media = tmp_path_factory.mktemp("news-site-media")
    with blocker.unblock(), override_settings(MEDIA_ROOT=media):
        cache.clear()
        with transaction.atomic():
            built = _build_news_site()
            yield {"media": media, "site": built}
            transaction.set_rollback(True)
        cache.clear()


def _fresh(value):
    """The same rows read again, so a test that changes an instance in memory leaves
    the next test a clean one."""
    if isinstance(value, list):
        return [_fresh(each) for each in value]
    if isinstance(value, models.Model):
        return type(value)._default_manager.get(pk=value.pk)
    return value


@pytest.fixture
def news_site(db, settings, _shared_news_site):
    """Home › Business (› Energy), Politics; three authors; 14 articles, one of them
    a draft and one dated in the future."""
    if _shared_news_site is None:
        return _build_news_site()
    shutil.copytree(_shared_news_site["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
    return {name: _fresh(value) for name, value in _shared_news_site["site"].items()}


def _build_news_site():
    home = factories.make_home()
    business = factories.make_section(home, "Business & Economy", slug="business")
    energy = factories.make_section(business, "Energy", slug="energy")
    politics = factories.make_section(home, "Politics", slug="politics")
    people = factories.make_people_index(home)
    aigerim = factories.make_author(people, "Aigerim Sadykova", is_staff=True)
    timur = factories.make_author(
        people, "Timur Rakhimov", role="Business Correspondent"
    )
    idle = factories.make_author(people, "Idle Writer", role="Contributor")
    kz = factories.make_country()
    uz = factories.make_country("Uzbekistan", "uzbekistan", "UZ")
    articles = [
        factories.make_article(
            business,
            title=f"Business story {i}",
            authors=[aigerim],
            tags=["trade"],
            countries=[kz],
            age=factories.timedelta(hours=10 + i),
        )
        for i in range(11)
    ]
    lead = factories.make_article(
        energy,
        title="Solar plant opens",
        authors=[timur, aigerim],
        tags=["energy", "trade"],
        countries=[uz],
        age=factories.timedelta(minutes=5),
        hero_image=factories.make_image("Solar"),
        dateline="SAMARKAND",
    )
    draft = factories.make_article(
        politics, title="Unpublished draft", authors=[timur], tags=["trade"], live=False
    )
    future = factories.make_article(
        politics,
        title="Dated tomorrow",
        authors=[timur],
        tags=["trade"],
        age=-factories.timedelta(days=1),
    )
    return {
        "home": home,
        "business": business,
        "energy": energy,
        "politics": politics,
        "people": people,
        "aigerim": aigerim,
        "timur": timur,
        "idle": idle,
        "kz": kz,
        "uz": uz,
        "articles": articles,
        "lead": lead,
        "draft": draft,
        "future": future,
    }


def service_reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int):
    """Skip (or, with CARAVAN_REQUIRE_SERVICES=1 as in CI, fail) without the service."""
    if service_reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if os.environ.get("CARAVAN_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)
