import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from caravan.rates import selectors
from caravan.rates.models import (
    FetchRun,
    ProviderAssignment,
    Rate,
    RateStatus,
    RejectedValue,
)
from caravan.rates.services import provider_chain, rates_fetch, store_rate

from .conftest import payload, seed, serve_all

pytestmark = pytest.mark.django_db

NBK_DAY = dt.date(2026, 4, 1)


def snapshot():
    return sorted(
        Rate.objects.values_list(
            "currency__code", "source", "rate_date", "units_per_usd", "value", "status"
        )
    )


@pytest.fixture
def kzt_only(chains):
    chains({"KZT": ["nbk"]})


def test_fetch_stores_exact_values(bank_urls, kzt_only):
    serve_all(bank_urls)
    report = rates_fetch(day=NBK_DAY, codes=["KZT"])
    assert report.ok and report.stored == ["KZT nbk 2026-04-01"]
    rate = Rate.objects.get()
    assert rate.units_per_usd == Decimal("478.77")
    assert rate.value == Decimal("0.00208868559016")  # 1/478.77, 12 significant
    assert rate.status == RateStatus.PUBLISHED
    assert rate.currency.name == "Kazakhstani tenge"
    assert FetchRun.objects.get().ok


def test_refetch_is_idempotent(bank_urls, kzt_only):
    serve_all(bank_urls)
    rates_fetch(day=NBK_DAY, codes=["KZT"])
    before = snapshot()
    report = rates_fetch(day=NBK_DAY, codes=["KZT"])
    assert report.stored == [] and report.unchanged == ["KZT nbk 2026-04-01"]
    assert snapshot() == before


def test_stored_rate_never_overwritten(bank_urls, kzt_only, caplog):
    seed("KZT", "nbk", NBK_DAY, "480")
    before = snapshot()
    serve_all(bank_urls)
    rates_fetch(day=NBK_DAY, codes=["KZT"])
    assert snapshot() == before
    assert "differs from stored" in caplog.text


@pytest.mark.parametrize(
    ("respond", "logged"),
    [
        ({"response_data": "<html>Bad gateway</html>", "status": 500}, "HTTP 500"),
        (
            {"response_data": "<html><body>maintenance</body></html>"},
            "unexpected root",
        ),
        ({"response_data": b"\x89PNG\r\n\x1a\n garbage"}, "not well-formed"),
        ({"response_data": "<rates><date>xx</date><item/></rates>"}, "not a date"),
    ],
)
def test_failed_fetch_changes_nothing_and_logs_why(
    bank_urls, kzt_only, caplog, respond, logged
):
    seed("KZT", "nbk", dt.date(2026, 3, 31), "481.54")
    before = snapshot()
    bank_urls.expect_request("/nbk/get_rates.cfm").respond_with_data(**respond)
    with caplog.at_level(logging.INFO, logger="caravan.rates"):
        report = rates_fetch(day=NBK_DAY, codes=["KZT"])
    assert not report.ok
    assert report.missing == ["KZT"]
    assert snapshot() == before
    assert logged in caplog.text
    assert not FetchRun.objects.get().ok


def test_timeout_changes_nothing_and_logs(bank_urls, kzt_only, caplog, settings):
    import time

    settings.CARAVAN_RATES_HTTP_TIMEOUT = (0.2, 0.2)
    settings.CARAVAN_RATES_HTTP_RETRIES = 0

    def slow(request):
        time.sleep(0.6)
        from werkzeug import Response

        return Response(payload("nbk_get_rates.xml"))

    bank_urls.expect_request("/nbk/get_rates.cfm").respond_with_handler(slow)
    with caplog.at_level(logging.INFO, logger="caravan.rates"):
        report = rates_fetch(day=NBK_DAY, codes=["KZT"])
    assert not report.ok
    assert Rate.objects.count() == 0
    assert "timed out" in caplog.text


def test_retry_then_success(bank_urls, kzt_only):
    bank_urls.expect_ordered_request("/nbk/get_rates.cfm").respond_with_data(
        "busy", status=503
    )
    bank_urls.expect_ordered_request("/nbk/get_rates.cfm").respond_with_data(
        payload("nbk_get_rates.xml")
    )
    report = rates_fetch(day=NBK_DAY, codes=["KZT"])
    assert report.ok and Rate.objects.get().units_per_usd == Decimal("478.77")


def test_offline_command_fails_cleanly(settings, kzt_only, caplog):
    settings.CARAVAN_RATES_URLS = {"nbk": "http://127.0.0.1:9/nbk"}
    settings.CARAVAN_RATES_HTTP_RETRIES = 0
    seed("KZT", "nbk", dt.date(2026, 3, 31), "481.54")
    before = snapshot()
    with pytest.raises(CommandError, match="no rates could be fetched"):
        call_command("fetch_rates", "--date", "2026-04-01")
    assert snapshot() == before
    assert "connection failed" in caplog.text
    # the site keeps showing the last good rate
    [latest] = selectors.latest_rates(today=NBK_DAY, codes=["KZT"])
    assert latest.current.units_per_usd == Decimal("481.54")


def test_command_fetches_and_rejects_bad_date(bank_urls, kzt_only, capsys):
    serve_all(bank_urls)
    call_command("fetch_rates", "--date", "2026-04-01")
    assert "stored 1" in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("fetch_rates", "--date", "01.04.2026")
    with pytest.raises(CommandError, match="between"):
        call_command("fetch_rates", "--backfill", "0")


def test_backfill_fetches_each_day(bank_urls, kzt_only):
    serve_all(bank_urls)  # only 01.04 is served: the other day fails
    call_command("fetch_rates", "--date", "2026-04-01", "--backfill", "2")
    assert FetchRun.objects.count() == 2
    assert list(Rate.objects.values_list("rate_date", flat=True)) == [NBK_DAY]


def test_jump_over_threshold_is_held(bank_urls, kzt_only):
    seed("KZT", "nbk", dt.date(2026, 3, 31), "420.00")
    serve_all(bank_urls)
    report = rates_fetch(day=NBK_DAY, codes=["KZT"])
    assert report.held == ["KZT nbk 2026-04-01"]
    held = Rate.objects.get(rate_date=NBK_DAY)
    assert held.status == RateStatus.HELD
    assert "moved 14.0%" in held.note
    [latest] = selectors.latest_rates(today=NBK_DAY, codes=["KZT"])
    assert latest.current.rate_date == dt.date(2026, 3, 31)  # held is not shown


def test_threshold_is_configurable(bank_urls, kzt_only, settings):
    settings.CARAVAN_RATES_JUMP_THRESHOLD = "0.20"
    seed("KZT", "nbk", dt.date(2026, 3, 31), "420.00")
    serve_all(bank_urls)
    assert rates_fetch(day=NBK_DAY, codes=["KZT"]).stored


def test_small_move_is_published(bank_urls, kzt_only):
    seed("KZT", "nbk", dt.date(2026, 3, 31), "481.54")
    serve_all(bank_urls)
    assert rates_fetch(day=NBK_DAY, codes=["KZT"]).stored
    [latest] = selectors.latest_rates(today=NBK_DAY, codes=["KZT"])
    assert latest.current.units_per_usd == Decimal("478.77")
    assert latest.previous.units_per_usd == Decimal("481.54")
    assert latest.change > 0  # fewer tenge per dollar: the tenge went up


def test_bad_cbu_tmt_is_held_and_peg_serves(bank_urls, chains):
    chains({"UZS": ["cbu"], "TMT": ["cbu", "peg"]})
    serve_all(bank_urls)
    report = rates_fetch(day=NBK_DAY, codes=["UZS", "TMT"])
    cbu_tmt = Rate.objects.get(currency__code="TMT", source="cbu")
    assert cbu_tmt.status == RateStatus.HELD
    assert "from the 3.50 peg" in cbu_tmt.note
    assert (cbu_tmt.peer_source, cbu_tmt.peer_units_per_usd) == ("peg", Decimal("3.5"))
    assert "TMT cbu 2026-04-01" in report.held
    tmt = {r.code: r for r in selectors.latest_rates(today=NBK_DAY, codes=["TMT"])}
    assert tmt["TMT"].current.source == "peg"
    assert tmt["TMT"].current.units_per_usd == Decimal("3.5")
    assert Rate.objects.get(currency__code="UZS").units_per_usd == Decimal("12194.21")


def test_cbt_unreachable_falls_back_to_peg(settings, chains):
    chains({"TMT": ["cbt", "peg"]})
    settings.CARAVAN_RATES_URLS = {"cbt": "http://127.0.0.1:9/{year}/{ddmmyyyy}.xml"}
    settings.CARAVAN_RATES_HTTP_RETRIES = 0
    report = rates_fetch(day=dt.date(2026, 5, 20), codes=["TMT"])
    assert report.ok
    rate = Rate.objects.get()
    assert (rate.source, rate.units_per_usd) == ("peg", Decimal("3.5"))
    assert rate.value == Decimal("0.2857142857140000")


def test_fallback_to_cbr_when_primary_fails(bank_urls, chains):
    chains({"KZT": ["nbk", "cbr"]})
    seed("KZT", "nbk", dt.date(2026, 4, 24), "463.50")
    serve_all(bank_urls)  # NBK only has 01.04, CBR only 25.04
    report = rates_fetch(day=dt.date(2026, 4, 25), codes=["KZT"])
    assert report.stored == ["KZT cbr 2026-04-25"]


def test_every_tracked_currency_from_its_primary(bank_urls):
    """Default chains; each file has its own date so each day is asked separately."""
    serve_all(bank_urls)
    rates_fetch(day=NBK_DAY, codes=["KZT"])
    rates_fetch(day=dt.date(2026, 5, 18), codes=["TJS"])
    rates_fetch(day=dt.date(2026, 5, 20), codes=["TMT"])
    rates_fetch(day=dt.date(2026, 4, 1), codes=["UZS"])
    rates_fetch(codes=["KGS"])
    got = {
        code: (source, units)
        for code, source, units in Rate.objects.values_list(
            "currency__code", "source", "units_per_usd"
        )
    }
    assert got == {
        "KZT": ("nbk", Decimal("478.77")),
        "TJS": ("nbt", Decimal("9.345")),
        "TMT": ("cbt", Decimal("3.5")),
        "UZS": ("cbu", Decimal("12194.21")),
        "KGS": ("nbkr", Decimal("87.45")),
    }


def test_new_currency_without_code(bank_urls, chains):
    """Tracking AZN needs no code: '*' chain, Currency row from the ISO table."""
    chains({"*": ["cbr"]})
    serve_all(bank_urls)
    rates_fetch(day=dt.date(2026, 4, 25), codes=["AZN", "CNY"])
    azn = Rate.objects.get(currency__code="AZN")
    assert azn.currency.name == "Azerbaijani manat"
    assert azn.units_per_usd.quantize(Decimal("0.0001")) == Decimal("1.7000")
    assert Rate.objects.filter(currency__code="CNY").exists()


def test_admin_provider_assignment_overrides_setting(chains):
    chains({"KZT": ["nbk", "cbr"]})
    assert provider_chain("KZT") == ["nbk", "cbr"]
    ProviderAssignment.objects.create(currency="KZT", providers="cbr, nbk")
    from django.core.cache import cache

    cache.clear()
    assert provider_chain("KZT") == ["cbr", "nbk"]


def test_store_rejects_non_positive():
    with pytest.raises(ValueError):
        store_rate(code="KZT", source="nbk", day=NBK_DAY, units_per_usd=Decimal("0"))
    with pytest.raises(ValueError):
        store_rate(code="KZT", source="nbk", day=NBK_DAY, units_per_usd=Decimal("-1"))
    assert not Rate.objects.exists()


def test_store_refuses_a_date_far_ahead_of_the_fetch():
    """Whatever the caller, no row can be dated where it would block a future
    day's real value."""
    fetched = dt.datetime(2026, 4, 1, 20, tzinfo=dt.UTC)
    outcome, rate = store_rate(
        code="KZT",
        source="nbk",
        day=dt.date(2031, 1, 1),
        units_per_usd=Decimal("478.77"),
        fetched_at=fetched,
    )
    assert (outcome, rate) == ("rejected", None)
    assert not Rate.objects.exists()
    assert "more than two days after" in RejectedValue.objects.get().reason
    tomorrow = store_rate(
        code="TMT",
        source="peg",
        day=dt.date(2026, 4, 2),
        units_per_usd=Decimal("3.5"),
        fetched_at=fetched,
    )
    assert tomorrow[0] == "stored"
