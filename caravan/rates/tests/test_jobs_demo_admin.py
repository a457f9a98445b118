import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from caravan.rates import selectors
from caravan.rates.demo import load_demo_rates
from caravan.rates.jobs import run_due
from caravan.rates.models import FetchRun, Rate, RateStatus
from caravan.rates.services import store_rate

from .conftest import seed

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def at(*args):
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def kzt_nbk(chains, settings, bank_urls):
    chains({"KZT": ["nbk"]})
    settings.CARAVAN_RATES_TRACKED = ["KZT"]
    return bank_urls


def test_run_due_skips_weekends_and_early_hours(kzt_nbk, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert run_due(at(2026, 11, 28, 12, 0)) is None  # Saturday
        assert run_due(at(2026, 11, 30, 9, 0)) is None  # Monday, before 10:45
    assert not FetchRun.objects.exists()


def test_run_due_runs_once_then_is_free(kzt_nbk, django_assert_num_queries):
    from .conftest import payload

    seed("KZT", "nbk", dt.date(2026, 11, 27), "478.00")
    kzt_nbk.expect_request("/nbk/get_rates.cfm").respond_with_data(
        # the recorded document, dated the day the job asks for
        payload("nbk_get_rates.xml").replace(b"01.04.2026", b"30.11.2026")
    )
    report = run_due(at(2026, 11, 30, 11, 0))
    assert report is not None and report.ok
    assert FetchRun.objects.filter(ok=True).count() == 1
    with django_assert_num_queries(0):
        assert run_due(at(2026, 11, 30, 11, 0, 30)) is None
    # a new process (empty cache) finds the good run in the DB: one query, no fetch
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(1):
        assert run_due(at(2026, 11, 30, 15, 0)) is None
    assert FetchRun.objects.count() == 1


def test_run_due_retries_after_failure(kzt_nbk, settings):
    settings.CARAVAN_RATES_RETRY_MINUTES = 30
    kzt_nbk.expect_request("/nbk/get_rates.cfm").respond_with_data("x", status=500)
    report = run_due(at(2026, 11, 30, 11, 0))
    assert report is not None and not report.ok
    assert run_due(at(2026, 11, 30, 11, 10)) is None  # waiting
    from django.core.cache import cache

    cache.clear()
    assert run_due(at(2026, 11, 30, 11, 20)) is None  # DB says: retry at 11:30
    assert FetchRun.objects.count() == 1
    assert run_due(at(2026, 11, 30, 11, 31)) is not None
    assert FetchRun.objects.count() == 2


def test_demo_loads_real_payloads_and_labelled_history():
    today = dt.date(2026, 11, 27)
    summary = load_demo_rates(today=today)
    assert "replayed nbk, cbu, cbr, nbt, cbt, nbkr" in summary
    assert Rate.objects.filter(source="demo").count() > 5 * 250
    # real recorded values went through the real parsers
    nbk = Rate.objects.get(source="nbk", currency__code="KZT")
    assert nbk.units_per_usd == Decimal("478.77")
    # the bad CBU TMT is held, not shown
    assert (
        Rate.objects.get(source="cbu", currency__code="TMT").status == RateStatus.HELD
    )
    # demo rows are labelled and the walk passes through the real rate
    demo = Rate.objects.filter(source="demo")
    assert set(demo.values_list("note", flat=True)) == {
        "Demo data: generated random walk through the recorded real rates."
    }
    kzt_demo = demo.get(currency__code="KZT", rate_date=dt.date(2026, 4, 1))
    assert kzt_demo.units_per_usd == Decimal("478.77")
    assert set(
        demo.filter(currency__code="TMT").values_list("units_per_usd", flat=True)
    ) == {Decimal("3.5")}
    latest = {r.code: r for r in selectors.latest_rates(today=today)}
    assert set(latest) == {"KGS", "KZT", "TJS", "UZS", "TMT"}
    assert latest["KZT"].current.is_demo
    assert "Demo data" in latest["KZT"].current.source_label
    # idempotent
    count = Rate.objects.count()
    again = load_demo_rates(today=today)
    assert "(0 stored, 0 held); 0 demo rows generated" in again
    assert Rate.objects.count() == count


def test_history_prefers_real_source_and_changes():
    for day, units in [
        (dt.date(2026, 1, 1), "500"),
        (dt.date(2026, 3, 25), "490"),
        (dt.date(2026, 3, 31), "480"),
    ]:
        store_rate(code="KZT", source="demo", day=day, units_per_usd=Decimal(units))
    seed("KZT", "nbk", dt.date(2026, 3, 31), "478.77")
    store_rate(
        code="KZT",
        source="nbk",
        day=dt.date(2026, 4, 1),
        units_per_usd=Decimal("478.00"),
    )
    series = selectors.history(code="KZT")
    assert [(p.rate_date, p.source) for p in series] == [
        (dt.date(2026, 1, 1), "demo"),
        (dt.date(2026, 3, 25), "demo"),
        (dt.date(2026, 3, 31), "nbk"),
        (dt.date(2026, 4, 1), "nbk"),
    ]
    changes = selectors.changes(code="KZT", today=dt.date(2026, 4, 2))
    assert changes[1] == Decimal(1) / Decimal("478.00") / (
        Decimal(1) / Decimal("478.77")
    ) - 1 or abs(changes[1] - (Decimal("478.77") / Decimal("478.00") - 1)) < Decimal(
        "1e-9"
    )
    assert abs(changes[7] - (Decimal("490") / Decimal("478") - 1)) < Decimal("1e-9")
    assert abs(changes[30] - (Decimal("500") / Decimal("478") - 1)) < Decimal("1e-9")
    assert changes[365] is None


def test_editor_confirms_held_rate_in_admin(client, django_user_model):
    seed("KZT", "nbk", dt.date(2026, 3, 31), "420")
    _, held = store_rate(
        code="KZT",
        source="nbk",
        day=dt.date(2026, 4, 1),
        units_per_usd=Decimal("478.77"),
    )
    assert held.status == RateStatus.HELD
    admin = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(admin)
    listing = client.get(reverse("wagtailsnippets_rates_rate:list") + "?status=held")
    assert listing.status_code == 200
    assert "moved 14.0%" in listing.content.decode()
    url = reverse("wagtailsnippets_rates_rate:edit", args=[held.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "published"})
    assert response.status_code == 302, response.content.decode()[:2000]
    held.refresh_from_db()
    assert held.status == RateStatus.PUBLISHED
    assert held.confirmed_at is not None
    assert held.units_per_usd == Decimal("478.77")  # read-only fields untouched
    [latest] = selectors.latest_rates(today=dt.date(2026, 4, 1), codes=["KZT"])
    assert latest.current.units_per_usd == Decimal("478.77")
