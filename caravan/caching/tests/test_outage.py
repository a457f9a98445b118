"""When Redis is down, refused or hung, every public page still answers 200,
rendered from the database, and a correction published meanwhile shows at once
and stays shown when Redis comes back (the purge is delivered then). A Redis
server of the test's own, stopped (SHUTDOWN, its data saved and reloaded) or
frozen (SIGSTOP) for real.

Skipped without redis-server."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

from caravan.caching import shared
from caravan.caching.models import PendingPurge
from caravan.settings.env import cache_config

from .support import reset_page_cache

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server") or shutil.which(
    "redis-server", path="/usr/bin:/usr/sbin"
)
BREAKER = 0.2


class OwnRedis:
    def __init__(self, directory):
        self.directory = directory
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--dbfilename",
                "dump.rdb",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("redis-server did not start")

    def stop(self):
        """Refused from now on; the data is saved and loaded by the next start."""
        with socket.create_connection(("127.0.0.1", self.port)) as connection:
            connection.sendall(b"SHUTDOWN SAVE\r\n")
        self.process.wait(timeout=10)

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path, settings):
    if not REDIS_SERVER:
        pytest.skip("redis-server is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    reset_page_cache(settings, enabled=True)
    settings.CACHES = {
        "default": {
            **cache_config(f"redis://127.0.0.1:{server.port}/0"),
            "KEY_PREFIX": "outage-test",
        }
    }
    settings.CARAVAN_CACHE_BREAKER_SECONDS = BREAKER
    yield server
    server.kill()
    shared.reset()


def public_urls(site) -> dict[str, str]:
    return {
        "home": "/",
        "article": site["lead"].url,
        "section": site["business"].url,
        "tag": "/tag/trade/",
        "country": "/country/kazakhstan/",
        "author": site["timur"].url,
        "people": site["people"].url,
        "search": "/search/?q=solar",
        "rates": "/rates/",
        "rates api": "/api/rates/latest",
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
    }


def all_answer(client, urls) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in urls.items()}


def publish_correction(site, django_capture_on_commit_callbacks):
    lead = site["lead"]
    lead.title = "Corrected during the outage"
    with django_capture_on_commit_callbacks(execute=True):
        lead.save_revision().publish()


def after_the_breaker():
    time.sleep(BREAKER + 0.05)


@pytest.mark.parametrize("outage", ["refused", "frozen"])
def test_pages_answer_and_a_correction_survives_the_outage(
    client, news_site, redis_server, outage, django_capture_on_commit_callbacks
):
    urls = public_urls(news_site)
    expected = dict.fromkeys(urls, 200)
    assert all_answer(client, urls) == expected
    article = urls["article"]
    assert client.get(article)["X-Cache"] == "HIT"

    (redis_server.stop if outage == "refused" else redis_server.freeze)()
    assert all_answer(client, urls) == expected
    earlier = set(PendingPurge.objects.values_list("pk", flat=True))
    publish_correction(news_site, django_capture_on_commit_callbacks)
    during = client.get(article)
    assert during.status_code == 200
    assert b"Corrected during the outage" in during.content
    kept = PendingPurge.objects.exclude(pk__in=earlier)
    assert kept.exists() and not kept.filter(bumped=True).exists()  # for later

    (redis_server.start if outage == "refused" else redis_server.thaw)()
    after_the_breaker()
    for _ in range(3):
        after = client.get(article)
        assert b"Corrected during the outage" in after.content
    assert not kept.exists()  # delivered when Redis came back
    assert client.get(article)["X-Cache"] == "HIT"


def test_a_hung_redis_is_waited_for_once_per_interval(
    client, news_site, redis_server, settings, monkeypatch
):
    settings.CARAVAN_CACHE_BREAKER_SECONDS = 60
    settings.CARAVAN_PAGE_CACHE_POLL_SECONDS = 0  # check Redis on every request
    url = news_site["lead"].url
    client.get(url)
    redis_server.freeze()
    assert client.get(url).status_code == 200  # waited one socket timeout
    assert not shared.available()
    calls = []
    real = shared.cache
    monkeypatch.setattr(shared, "cache", lambda: calls.append(1) or real())
    for _ in range(5):
        assert client.get(url).status_code == 200
    assert calls == []  # the breaker is open: Redis is not asked again
