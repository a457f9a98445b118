"""Shared fixtures: a small news site, and checks for the optional real services."""

import os
import socket

import pytest
from django.core.cache import cache

from caravan.caching import memo, shared
from caravan.news.tests import factories


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    cache.clear()
    memo.clear_all()  # every per-process memo (caravan/caching/memo.py)
    shared.reset()
    yield
    cache.clear()
    memo.clear_all()
    shared.reset()


@pytest.fixture
def news_site(db):
    """Home › Business (› Energy), Politics; three authors; 14 articles, one of them
    a draft and one dated in the future."""
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
