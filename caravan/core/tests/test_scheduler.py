from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from caravan.core import scheduler
from caravan.core.models import SchedulerHeartbeat
from caravan.core.overdue import overdue_items
from caravan.news.models import ArticlePage
from caravan.news.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_publishing(settings):
    settings.CARAVAN_SCHEDULED_JOBS = ["caravan.core.scheduler.publish_scheduled"]


def schedule(news_site, *, go_live_at, title="Scheduled story"):
    article = factories.make_article(
        news_site["politics"],
        title=title,
        authors=[news_site["timur"]],
        tags=["trade"],
        live=False,
        date_published=None,
    )
    article.go_live_at = go_live_at
    article.save_revision(approved_go_live_at=go_live_at)
    return article


def test_scheduled_article_goes_live_on_the_next_run_even_hours_late(
    client, news_site, only_publishing, time_machine
):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    article = schedule(news_site, go_live_at=start + timedelta(minutes=10))
    scheduler.run_once()
    assert not ArticlePage.objects.get(pk=article.pk).live  # not yet due

    # The scheduler was down for six hours; the first run afterwards publishes it.
    time_machine.move_to(start + timedelta(hours=6), tick=False)
    assert [r.object_id for r in overdue_items()["to_publish"]] == [str(article.pk)]
    assert scheduler.run_once() == {"publish_scheduled": "ok"}
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    # dated when it went live, so it leads the listings
    assert article.date_published == start + timedelta(hours=6)
    assert overdue_items()["to_publish"] == []
    for url in ["/", news_site["politics"].url, "/tag/trade/", news_site["timur"].url]:
        assert "Scheduled story" in client.get(url).content.decode(), url


def test_expired_article_is_unpublished(news_site, only_publishing):
    article = news_site["articles"][0]
    ArticlePage.objects.filter(pk=article.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    scheduler.run_once()
    assert not ArticlePage.objects.get(pk=article.pk).live


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(settings, news_site):
    settings.CARAVAN_SCHEDULED_JOBS = [
        "caravan.core.tests.test_scheduler.broken_job",
        "caravan.core.scheduler.publish_scheduled",
    ]
    results = scheduler.run_once()
    assert results["broken_job"].startswith("RuntimeError")
    assert results["publish_scheduled"] == "ok"
    assert SchedulerHeartbeat.objects.get(job="broken_job").last_error


def broken_job(now):
    raise RuntimeError("provider down")


def test_the_loop_survives_a_run_that_fails_and_runs_again(
    news_site, only_publishing, monkeypatch
):
    real_run_once, calls = scheduler.run_once, []

    def flaky_run_once():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real_run_once()

    monkeypatch.setattr(scheduler, "run_once", flaky_run_once)
    # The loop drops broken connections around each run; here that would close the
    # connection holding this test's transaction (PostgreSQL), so count the calls.
    closes = []
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: closes.append(1))
    scheduler.run_forever(interval=0, max_runs=2)
    assert len(calls) == 2
    assert len(closes) == 4
    assert SchedulerHeartbeat.objects.get(job="publish_scheduled").last_error == ""


def test_a_heartbeat_that_cannot_be_written_does_not_stop_the_jobs(
    news_site, only_publishing, monkeypatch
):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(SchedulerHeartbeat.objects, "update_or_create", locked)
    article = schedule(news_site, go_live_at=timezone.now() - timedelta(minutes=1))
    assert scheduler.run_once() == {"publish_scheduled": "ok"}
    assert ArticlePage.objects.get(pk=article.pk).live


def test_run_scheduler_once_command(news_site, only_publishing, capsys):
    call_command("run_scheduler", "--once")
    assert "publish_scheduled: ok" in capsys.readouterr().out


def test_dashboard_lists_overdue_items_and_a_stopped_scheduler(
    admin_client, news_site, only_publishing
):
    schedule(
        news_site, go_live_at=timezone.now() - timedelta(hours=2), title="Late story"
    )
    html = admin_client.get("/admin/").content.decode()
    assert "data-overdue-panel" in html
    assert "Late story" in html and "was due to go live" in html
    assert "The scheduler has never run" in html
    scheduler.run_once()
    html = admin_client.get("/admin/").content.decode()
    assert "Nothing scheduled is overdue." in html
    assert "The scheduler is running" in html


def test_the_scheduler_logs_what_it_published_and_unpublished(
    news_site, only_publishing, time_machine, caplog
):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    article = schedule(news_site, go_live_at=start + timedelta(minutes=1))
    expired = news_site["articles"][0]
    ArticlePage.objects.filter(pk=expired.pk).update(expire_at=start)
    time_machine.move_to(start + timedelta(minutes=2), tick=False)
    with caplog.at_level("INFO", logger="caravan.core.scheduler"):
        scheduler.run_once()
    lines = [
        r.getMessage() for r in caplog.records if r.name == "caravan.core.scheduler"
    ]
    assert any(
        line.startswith("Scheduler published “Scheduled story”")
        and f"page {article.pk}" in line
        for line in lines
    ), lines
    assert any(
        line.startswith(f"Scheduler unpublished “{expired.title}”") for line in lines
    ), lines
    caplog.clear()
    with caplog.at_level("INFO", logger="caravan.core.scheduler"):
        scheduler.run_once()  # nothing left to do: nothing logged
    assert not [r for r in caplog.records if r.name == "caravan.core.scheduler"]
