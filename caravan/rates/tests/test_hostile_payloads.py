"""Hostile and broken central-bank payloads, served over real HTTP by the local
server and fetched by the real client: a bad value never reaches the ticker, and no
good value is lost because of it (it is stored, or held or rejected with a reason
an editor sees)."""

import datetime as dt
import json
import logging
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps

from caravan.rates import selectors
from caravan.rates.jobs import run_due
from caravan.rates.models import FetchRun, Rate, RateStatus, RejectedValue
from caravan.rates.services import rates_fetch
from caravan.rates.ticker import ticker_data

from .conftest import payload, seed, seed_calm_history

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 4, 1)  # the recorded NBK and CBU documents' date
NOW = dt.datetime(2026, 4, 1, 6, 0, tzinfo=dt.UTC)  # 11:00 in Almaty and Tashkent


def nbk(**values: str) -> bytes:
    """The recorded NBK document with some KZT-per-unit values replaced."""
    body = payload("nbk_get_rates.xml").decode()
    recorded = {"USD": "478.77", "KGS": "5.47", "TJS": "50.19", "RUB": "5.87"}
    for code, value in values.items():
        old = f"<title>{code}</title>\n            <description>{recorded[code]}<"
        assert old in body, code
        body = body.replace(old, f"<title>{code}</title><description>{value}<")
    return body.encode()


def cbu(**values: str) -> bytes:
    """The recorded CBU document with some UZS-per-unit values replaced."""
    rows = json.loads(payload("cbu_all.json"))
    for row in rows:
        if row["Ccy"] in values:
            row["Rate"] = values[row["Ccy"]]
    return json.dumps(rows).encode()


def serve(server, *, nbk_body=None, cbu_body=None, fdate="01.04.2026"):
    if nbk_body is not None:
        server.expect_request(
            "/nbk/get_rates.cfm", query_string={"fdate": fdate}
        ).respond_with_data(nbk_body, content_type="text/xml")
    if cbu_body is not None:
        iso = dt.datetime.strptime(fdate, "%d.%m.%Y").date().isoformat()
        server.expect_request(f"/cbu/json/all/{iso}/").respond_with_data(
            cbu_body, content_type="application/json"
        )


TRACKED = ["KZT", "KGS", "TJS", "RUB"]


def on_ticker(today=DAY) -> dict[str, Decimal]:
    """What the ticker shows: code -> units per USD of the rate it shows."""
    latest = selectors.latest_rates(today=today, codes=TRACKED)
    items = ticker_data(today=today, fresh=True)["items"]
    assert [item["code"] for item in items] == [r.code for r in latest]
    return {r.code: r.current.units_per_usd for r in latest}


@pytest.fixture
def banks(bank_urls, chains, settings):
    """NBK first for every currency here, CBU as the second provider."""
    chains({"KZT": ["nbk"], "KGS": ["nbk", "cbu"], "TJS": ["nbk"], "RUB": ["nbk"]})
    settings.CARAVAN_RATES_CHECK_PROVIDERS = ["cbu"]
    settings.CARAVAN_RATES_TRACKED = TRACKED
    return bank_urls


@pytest.fixture
def calm(banks):
    """Forty calm business days of history for each currency, just under today's."""
    for code, units in [
        ("KZT", "478.00"),
        ("KGS", "87.50"),
        ("TJS", "9.54"),
        ("RUB", "81.50"),
    ]:
        seed_calm_history(code, "nbk", DAY, units)
    return banks


# --- exponent, magnitude, digits -----------------------------------------------------


def test_exponent_costs_only_its_own_currency(calm):
    serve(calm, nbk_body=nbk(KGS="1.5e30", TJS="1.5e-30"), cbu_body=cbu())
    report = rates_fetch(day=DAY, now=NOW)
    assert report.ok
    published = dict(
        Rate.objects.published()
        .filter(rate_date=DAY)
        .values_list("currency__code", "source")
    )
    # KZT and RUB from the same document are kept; KGS falls back to CBU
    assert published == {"KZT": "nbk", "RUB": "nbk", "KGS": "cbu"}
    assert report.missing == ["TJS"]  # nothing else lists it here: yesterday's stays
    rejected = {r.currency: r for r in RejectedValue.objects.all()}
    assert rejected["KGS"].raw == "1.5e30" and "out of range" in rejected["KGS"].reason
    assert rejected["TJS"].raw == "1.5e-30"
    shown = on_ticker()
    assert shown["KZT"] == Decimal("478.77")
    assert (
        shown["KGS"]
        == Rate.objects.get(currency__code="KGS", rate_date=DAY).units_per_usd
    )
    assert shown["TJS"] < 10  # the last good value, not 10^31
    run = FetchRun.objects.get()
    assert run.ok and run.finished_at and run.rejected == 2


def test_bad_value_does_not_make_the_job_fail_and_retry(calm, settings):
    serve(calm, nbk_body=nbk(KGS="1" * 4000), cbu_body=cbu())
    morning = dt.datetime(2026, 4, 1, 11, 0, tzinfo=dt.UTC)  # a Wednesday, due
    report = run_due(morning)
    assert report is not None and report.ok
    assert run_due(morning + dt.timedelta(minutes=31)) is None  # done for the day
    assert FetchRun.objects.count() == 1
    [kgs] = RejectedValue.objects.all()
    assert "too long" in kgs.reason and len(kgs.raw) == 80


# --- the first value of a currency ---------------------------------------------------


def test_first_value_confirmed_by_a_second_provider_is_published(banks):
    serve(banks, nbk_body=nbk(), cbu_body=cbu())
    rates_fetch(day=DAY, codes=["RUB"], now=NOW)
    rub = Rate.objects.get(currency__code="RUB")
    assert rub.status == RateStatus.PUBLISHED
    assert rub.peer_source == "cbu"
    assert abs(rub.peer_units_per_usd - Decimal("81.31")) < Decimal("0.01")


def test_first_value_1000x_off_is_held_with_both_values(banks):
    serve(banks, nbk_body=nbk(RUB="0.00587"), cbu_body=cbu())
    report = rates_fetch(day=DAY, codes=["RUB"], now=NOW)
    assert report.held == ["RUB nbk 2026-04-01"]
    rub = Rate.objects.get(currency__code="RUB")
    assert rub.status == RateStatus.HELD
    assert abs(rub.units_per_usd - Decimal("81562.18")) < 1
    assert rub.peer_source == "cbu"
    assert "first value of this currency" in rub.note
    assert "differs: 1003 times (margin 3.0%)" in rub.note
    assert "RUB" not in on_ticker()
    assert [r.pk for r in selectors.review_queue(today=DAY).held] == [rub.pk]


def test_first_value_without_a_second_provider_is_held(banks, settings):
    settings.CARAVAN_RATES_CHECK_PROVIDERS = []
    serve(banks, nbk_body=nbk())
    rates_fetch(day=DAY, codes=["RUB"], now=NOW)
    rub = Rate.objects.get(currency__code="RUB")
    assert rub.status == RateStatus.HELD
    assert "no second provider lists it" in rub.note
    assert "RUB" not in on_ticker()


def test_first_value_agreeing_with_either_of_two_providers_is_published(
    banks, settings
):
    """A broken second provider does not hold a good first value when a third one
    confirms it (CBR, CBU and NBKR cross-list most currencies)."""
    settings.CARAVAN_RATES_CHECK_PROVIDERS = ["cbr", "cbu"]
    cbr_body = (
        payload("cbr_xml_daily.xml")
        .replace(b'Date="25.04.2026"', b'Date="01.04.2026"')
        .replace(b"0,163172", b"1,63172")  # KZT ten times too dear
    )
    banks.expect_request(
        "/cbr/XML_daily.asp", query_string={"date_req": "01/04/2026"}
    ).respond_with_data(cbr_body, content_type="text/xml")
    serve(banks, nbk_body=nbk(), cbu_body=cbu())
    rates_fetch(day=DAY, codes=["KZT"], now=NOW)
    kzt = Rate.objects.get(currency__code="KZT")
    assert kzt.status == RateStatus.PUBLISHED
    assert kzt.peer_source == "cbu"


# --- dates -----------------------------------------------------------------------------


def test_future_dated_document_is_rejected_with_a_log_line(calm, chains, caplog):
    chains({"KZT": ["nbk", "cbu"]})
    serve(
        calm,
        nbk_body=payload("nbk_get_rates.xml").replace(b"01.04.2026", b"01.01.2031"),
        cbu_body=cbu(),
    )
    with caplog.at_level(logging.WARNING, logger="caravan.rates"):
        report = rates_fetch(day=DAY, codes=["KZT"], now=NOW)
    assert (
        "nbk document rejected, not stored: dated 2031-01-01, 1736 days after the "
        "bank's today (2026-04-01)" in caplog.text
    )
    assert not Rate.objects.filter(rate_date__gt=DAY).exists()
    [rejected] = RejectedValue.objects.all()
    assert (rejected.currency, rejected.rate_date) == ("KZT", dt.date(2031, 1, 1))
    assert rejected.units_per_usd == Decimal("478.77")
    # no good value lost: the second provider's value for the day is published
    assert report.stored == ["KZT cbu 2026-04-01"]
    assert on_ticker()["KZT"] == Rate.objects.get(source="cbu").units_per_usd


def test_future_date_never_blocks_that_days_real_value(calm):
    future = payload("nbk_get_rates.xml").replace(b"01.04.2026", b"01.01.2031")
    serve(calm, nbk_body=future)
    rates_fetch(day=DAY, codes=["KZT"], now=NOW)
    assert not Rate.objects.filter(rate_date__gt=DAY).exists()
    # 2031: the bank publishes the real rate for that day
    seed_calm_history("KZT", "nbk", dt.date(2031, 1, 1), "520")
    real = payload("nbk_get_rates.xml").replace(b"01.04.2026", b"01.01.2031")
    real = real.replace(b"<description>478.77<", b"<description>521.30<")
    serve(calm, nbk_body=real, fdate="01.01.2031")
    new_year = dt.datetime(2031, 1, 1, 6, tzinfo=dt.UTC)
    report = rates_fetch(day=dt.date(2031, 1, 1), codes=["KZT"], now=new_year)
    assert report.stored == ["KZT nbk 2031-01-01"]
    assert on_ticker(dt.date(2031, 1, 1))["KZT"] == Decimal("521.30")


def test_nbt_future_document_is_rejected_for_review_not_skipped(bank_urls, chains):
    """NBT's fetch checks the date itself (its archive answers old dates with
    today's file); a document dated in the future reaches the editors."""
    chains({"TJS": ["nbt"]})
    body = payload("nbt_export.xml").replace(b'Date="2026-05-18"', b'Date="2031-01-01"')
    bank_urls.expect_request("/nbt/export_xml.php").respond_with_data(body)
    rates_fetch(
        day=dt.date(2026, 5, 18),
        codes=["TJS"],
        now=dt.datetime(2026, 5, 18, 6, tzinfo=dt.UTC),
    )
    assert not Rate.objects.exists()
    [rejected] = RejectedValue.objects.all()
    assert rejected.rate_date == dt.date(2031, 1, 1)
    assert rejected.reason.startswith("dated 2031-01-01, 1689 days after")


def test_latest_document_dated_beyond_tomorrow_is_rejected(bank_urls, chains):
    chains({"KGS": ["nbkr"]})
    daily = payload("nbkr_daily.xml").replace(
        b'Date="24.05.2026"', b'Date="26.05.2026"'
    )
    bank_urls.expect_request("/nbkr/daily.xml").respond_with_data(daily)
    bank_urls.expect_request("/nbkr/weekly.xml").respond_with_data(
        payload("nbkr_weekly.xml")
    )
    saturday = dt.datetime(2026, 5, 23, 12, tzinfo=dt.UTC)  # the file is stamped +1
    report = rates_fetch(codes=["KGS"], now=saturday)
    assert not Rate.objects.exists()
    assert "dated 2026-05-26, 3 days after the bank's today" in report.summary()
    # the real file (stamped tomorrow, as NBKR does) is accepted
    bank_urls.clear()
    bank_urls.expect_request("/nbkr/daily.xml").respond_with_data(
        payload("nbkr_daily.xml")
    )
    bank_urls.expect_request("/nbkr/weekly.xml").respond_with_data(
        payload("nbkr_weekly.xml")
    )
    rates_fetch(codes=["KGS"], now=saturday)
    assert Rate.objects.get().rate_date == dt.date(2026, 5, 24)


@pytest.mark.parametrize(
    ("asked", "reason"),
    [
        (dt.date(2026, 11, 30), "243 days before the date asked for (2026-11-30)"),
        (dt.date(2026, 3, 29), "3 days after the date asked for (2026-03-29)"),
    ],
)
def test_document_far_from_the_date_asked_for_is_rejected(calm, asked, reason):
    serve(calm, nbk_body=payload("nbk_get_rates.xml"), fdate=asked.strftime("%d.%m.%Y"))
    now = dt.datetime.combine(max(asked, DAY), dt.time(6), tzinfo=dt.UTC)
    report = rates_fetch(day=asked, codes=["KZT"], now=now)
    assert not Rate.objects.filter(rate_date=DAY).exists()
    assert reason in RejectedValue.objects.get().reason
    assert report.missing == ["KZT"]


def test_rows_stored_ahead_before_the_checks_are_discarded_then_replaced(calm):
    """A 2031 row stored (published) by the old code is discarded by the data
    migration; the real value, fetched in 2031, replaces it."""
    stored = seed(
        "KZT",
        "nbk",
        dt.date(2031, 1, 1),
        "478.77",
        fetched_at=dt.datetime(2026, 4, 8, tzinfo=dt.UTC),
    )
    kept = seed("KZT", "nbk", dt.date(2026, 4, 2), "478", fetched_at=NOW)  # +1 day
    migration = import_module(
        "caravan.rates.migrations.0003_discard_rates_dated_ahead_of_fetch"
    )
    migration.discard_rates_dated_ahead(apps, None)
    stored.refresh_from_db()
    kept.refresh_from_db()
    assert stored.status == RateStatus.REJECTED
    assert "dated 1729 days after it was fetched" in stored.note
    assert kept.status == RateStatus.PUBLISHED  # fetched after its date: fine
    seed_calm_history("KZT", "nbk", dt.date(2031, 1, 1), "520")
    real = payload("nbk_get_rates.xml").replace(b"01.04.2026", b"01.01.2031")
    serve(calm, nbk_body=real.replace(b">478.77<", b">521.30<"), fdate="01.01.2031")
    rates_fetch(
        day=dt.date(2031, 1, 1),
        codes=["KZT"],
        now=dt.datetime(2031, 1, 1, 6, tzinfo=dt.UTC),
    )
    stored.refresh_from_db()
    assert (stored.status, stored.units_per_usd) == ("published", Decimal("521.30"))


# --- day-on-day moves ------------------------------------------------------------------


def test_nine_percent_move_on_a_calm_currency_is_held(banks):
    seed_calm_history("KZT", "nbk", DAY, "439.24")  # 478.77 is +9.0 %
    serve(banks, nbk_body=nbk(), cbu_body=cbu())
    report = rates_fetch(day=DAY, codes=["KZT"], now=NOW)
    assert report.held == ["KZT nbk 2026-04-01"]
    kzt = Rate.objects.get(rate_date=DAY)
    assert "moved 9.0% from" in kzt.note
    assert "its usual daily move is 0.4%" in kzt.note
    assert "threshold" not in kzt.note  # under the fixed 10 %
    # both values are kept for the editor
    assert kzt.previous_date == dt.date(2026, 3, 31)
    assert kzt.previous_source == "nbk"
    assert kzt.units_per_usd == Decimal("478.77")
    assert on_ticker()["KZT"] == kzt.previous_units_per_usd


def test_nine_percent_move_on_a_volatile_currency_is_published(banks):
    day = DAY
    for i in range(40):  # a currency that swings ±4 % a day
        day -= dt.timedelta(days=1)
        seed("KZT", "nbk", day, "439.24" if i % 2 == 0 else "422.35")
    serve(banks, nbk_body=nbk(), cbu_body=cbu())
    report = rates_fetch(day=DAY, codes=["KZT"], now=NOW)
    assert report.stored == ["KZT nbk 2026-04-01"]
    assert on_ticker()["KZT"] == Decimal("478.77")


# --- two providers ---------------------------------------------------------------------


def test_two_providers_disagreeing_is_published_and_shown_for_review(calm, settings):
    serve(calm, nbk_body=nbk(), cbu_body=cbu(KZT="23.60"))  # CBU: 516.7 KZT/USD
    rates_fetch(day=DAY, codes=["KZT"], now=NOW)
    kzt = Rate.objects.get(rate_date=DAY)
    assert kzt.status == RateStatus.PUBLISHED  # NBK's own rate, a normal move
    assert (kzt.peer_source, kzt.peer_date) == ("cbu", DAY)
    assert f"{kzt.peer_gap:.1%}" == "7.3%"
    assert [r.pk for r in selectors.review_queue(today=DAY).disagreements] == [kzt.pk]
    settings.CARAVAN_RATES_PROVIDER_MARGIN = "0.10"
    assert selectors.review_queue(today=DAY).disagreements == []


# --- all at once -----------------------------------------------------------------------


def test_hostile_day_the_ticker_shows_no_bad_value_and_loses_no_good_one(calm):
    """One run: an exponent (KGS), a 1000x first value (RUB, no history), a 9 %
    move on a calm currency (TJS) and a second provider that disagrees (KZT)."""
    Rate.objects.filter(currency__code__in=["RUB", "TJS"]).delete()
    seed_calm_history("TJS", "nbk", DAY, "8.75")  # 9.539 is +9.0 %
    serve(
        calm,
        nbk_body=nbk(KGS="1.5e30", RUB="0.00587"),
        cbu_body=cbu(KZT="23.60"),
    )
    before = on_ticker()
    rates_fetch(day=DAY, now=NOW)
    shown = on_ticker()
    # good values are on the ticker: KZT (NBK's), KGS from the second provider
    assert shown["KZT"] == Decimal("478.77")
    assert (
        shown["KGS"]
        == Rate.objects.get(source="cbu", currency__code="KGS").units_per_usd
    )
    # bad ones are not: TJS keeps yesterday's, RUB has none yet
    assert shown["TJS"] == before["TJS"]
    assert "RUB" not in shown
    # ... and every one of them waits for an editor with its reason
    queue = selectors.review_queue(today=DAY)
    assert {(r.currency.code, r.source) for r in queue.held} == {
        ("RUB", "nbk"),
        ("TJS", "nbk"),
    }
    assert [r.currency.code for r in queue.disagreements] == ["KZT"]
    assert [r.currency for r in queue.rejected] == ["KGS"]
