import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from caravan.rates.models import DisplayMode, RatesSettings
from caravan.rates.services import store_rate
from caravan.rates.ticker import ticker_data

from .conftest import seed

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def rates(chains):
    chains({"KZT": ["nbk"], "UZS": ["cbu"], "TMT": ["peg"], "*": ["cbr"]})
    d = TODAY
    data = {
        "KZT": [
            (d - dt.timedelta(days=365), "470"),
            (d - dt.timedelta(days=30), "500"),
            (d - dt.timedelta(days=7), "510"),
            (d - dt.timedelta(days=1), "499.40"),
            (d, "500.00"),
        ],
        "UZS": [(d - dt.timedelta(days=1), "12010.50"), (d, "12010.45")],
        "TMT": [(d - dt.timedelta(days=1), "3.5"), (d, "3.5")],
    }
    source = {"KZT": "nbk", "UZS": "cbu", "TMT": "peg"}
    for code, points in data.items():
        for day, units in points:
            seed(code, source[code], day, units)
    return data


def render_ticker():
    return engines["jinja2"].from_string("{{ rates_ticker() }}").render({})


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
def test_ticker_accessible_list(rates, settings):
    settings.CARAVAN_RATES_TRACKED = ["KZT", "UZS", "TMT"]
    html = render_ticker()
    # the readable list appears once; the marquee copy is aria-hidden
    assert html.count("<ul") == 2
    assert html.count('aria-hidden="true">') >= 1
    assert re.search(
        r'<ul class="ticker__list ticker__list--copy" aria-hidden="true">', html
    )
    assert html.count("KZT/USD 0.0020000, down 0.12 % from 0.0020024 on 26 Nov") == 1
    # UZS: 1/12010.45 with 5 significant digits, and a tiny move shows 0.00%
    assert "UZS/USD 0.000083261, unchanged" in html
    assert "0.00%" in html and "-0" not in html and "\u22120.00" not in html
    assert "TMT/USD 0.28571, unchanged" in html
    assert 'href="/rates/' in html
    assert "ticker__item--down" in html and "▼" in html
    assert 'tabindex="-1"' in html  # hidden copy is not focusable


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
def test_ticker_units_per_usd_setting(rates, settings):
    site = Site.objects.get(is_default_site=True)
    RatesSettings.objects.create(
        site=site, tracked_currencies="KZT", display_mode=DisplayMode.UNITS_PER_USD
    )
    html = render_ticker()
    assert "USD/KZT 500.00, up 0.12 % from 499.40 on 26 Nov" in html


@time_machine.travel(dt.datetime(2026, 12, 10, 12, tzinfo=dt.UTC))
def test_ticker_stale_says_as_of(rates, settings):
    settings.CARAVAN_RATES_TRACKED = ["KZT"]
    html = render_ticker()
    assert "as of 27 Nov" in html


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
def test_ticker_cached_and_invalidated(
    rates,
    settings,
    django_assert_max_num_queries,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    settings.CARAVAN_RATES_TRACKED = ["KZT"]
    from caravan.rates.services import provider_chains

    provider_chains()  # warm the (separately cached) provider chains
    with django_assert_max_num_queries(2):
        ticker_data()
    with django_assert_max_num_queries(2):
        first = render_ticker()  # rendered once per process, from the rates
    with django_assert_num_queries(0):
        assert render_ticker() == first
    with django_capture_on_commit_callbacks(execute=True):
        store_rate(
            code="KZT",
            source="nbk",
            day=TODAY + dt.timedelta(days=-2),
            units_per_usd=Decimal("499"),
        )  # any stored rate drops the data and bumps the "ticker" tag
    with django_assert_max_num_queries(2):
        ticker_data()
    with CaptureQueriesContext(connection) as rebuilt:
        assert render_ticker() == first  # an older rate: the same ticker, re-read
    assert 1 <= len(rebuilt.captured_queries) <= 2


def test_ticker_empty_without_rates():
    assert "<ul" not in render_ticker()


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
def test_rates_page(client, rates, settings):
    settings.CARAVAN_RATES_TRACKED = ["KZT", "UZS", "TMT"]
    response = client.get("/rates/")
    assert response.status_code == 200
    html = response.content.decode()
    # five significant digits in both columns
    assert "500.00 KZT" in html
    assert "0.0020000 USD" in html
    assert "12,010 UZS" in html
    assert "<svg" in html and 'role="img"' in html
    assert "Show as a table" in html
    assert "history.csv?currency=KZT" in html
    # 30-day change of USD per KZT: 500 -> 500 units = 0.00 %
    row = html.split('id="rate-KZT"')[1].split("</tr>")[0]
    assert "down 0.12 %" in row  # 1 day
    assert "up 2.00 %" in row  # 7 days: 510 -> 500 units per USD
    assert "unchanged" in row  # 30 days
    assert "down 6.00 %" in row  # 1 year: 470 -> 500


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
@pytest.mark.parametrize(
    "query",
    [
        "?range=1y",
        "?range=all",
        "?range=bogus",
        "?amount=abc&source=USD&target=KZT",
        "?amount=-1&source=XXX&target=KZT",
        "?amount=1e999999&source=USD&target=KZT",
        "?range=%00",
    ],
)
def test_rates_page_bad_input_never_500(client, rates, query):
    assert client.get("/rates/" + query).status_code == 200


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
def test_converter_crosses_through_usd(client, rates, settings):
    settings.CARAVAN_RATES_TRACKED = ["KZT", "UZS", "TMT"]
    html = client.get("/rates/?amount=1000&source=KZT&target=UZS").content.decode()
    # 1000 KZT / 500 * 12010.45 = 24020.90 UZS: five significant digits or more
    assert "1,000 KZT = <strong>24,021 UZS</strong>" in html
    html = client.get("/rates/?amount=100&source=USD&target=TMT").content.decode()
    assert "<strong>350.00 TMT</strong>" in html
    html = client.get("/ru/rates/?amount=1000&source=KZT&target=UZS").content.decode()
    assert "1\xa0000 KZT = <strong>24\xa0021 UZS</strong>" in html


def test_history_csv(client, rates):
    response = client.get("/rates/history.csv?currency=kzt&from=2026-11-01")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["date", "currency", "usd_per_unit", "units_per_usd", "source"]
    assert rows[-1][:4] == ["2026-11-27", "KZT", "0.002", "500"]
    assert len(rows) == 1 + 3
    assert client.get("/rates/history.csv?currency=ZZZ").status_code == 400


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
def test_api_latest(client, rates, settings):
    settings.CARAVAN_RATES_TRACKED = ["KZT", "UZS", "TMT"]
    response = client.get("/api/rates/latest")
    assert response.status_code == 200
    assert "max-age=300" in response["Cache-Control"]
    body = response.json()
    kzt = next(r for r in body["rates"] if r["currency"] == "KZT")
    assert kzt["units_per_usd"] == "500"
    assert kzt["usd_per_unit"] == "0.002"
    assert kzt["date"] == "2026-11-27"
    assert Decimal(kzt["change_1d"]) == Decimal("-0.001200")
    etag = response["ETag"]
    again = client.get("/api/rates/latest", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_api_history(client, rates):
    response = client.get(
        "/api/rates/history?currency=KZT&from=2026-11-20&to=2026-11-26"
    )
    assert response.status_code == 200
    assert [r["date"] for r in response.json()["rates"]] == ["2026-11-20", "2026-11-26"]
    assert response["ETag"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "'currency' is required"),
        ("?currency=K1", "three-letter"),
        ("?currency=ZZZ", "no rates for ZZZ"),
        ("?currency=KZT&from=2025-13-01", "'from' must be a date"),
        ("?currency=KZT&to=yesterday", "'to' must be a date"),
        ("?currency=KZT&from=2025-02-01&to=2025-01-01", "must not be after"),
        ("?currency=KZT&from=2000-01-01&to=2025-01-01", "at most"),
        ("?currency=%00%ff", "three-letter"),
    ],
)
def test_api_history_bad_params(client, rates, query, message):
    response = client.get("/api/rates/history" + query)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_api_rejects_post(client):
    assert client.post("/api/rates/latest").status_code == 405


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
def test_rates_page_in_russian_groups_thousands_the_russian_way(
    client, rates, settings
):
    """/ru/rates/ exists, its numbers use Russian separators, its links stay
    in Russian; /rates/ groups with commas."""
    settings.CARAVAN_RATES_TRACKED = ["KZT", "UZS", "TMT"]
    ru = client.get("/ru/rates/")
    assert ru.status_code == 200
    html = ru.content.decode()
    assert "12\xa0010 UZS" in html
    assert "\u22120,12%" in html and "\u22120.12%" not in html
    assert "0,0020000 USD" in html
    assert "500,00 KZT" in html
    assert 'action="/ru/rates/"' in html
    assert "снижение на 0,12 %" in html and "down 0.12 %" not in html
    english = client.get("/rates/").content.decode()
    assert "12,010 UZS" in english
    assert 'action="/rates/"' in english


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
def test_ticker_in_russian_uses_russian_separators(rates, settings):
    from django.utils import translation

    settings.CARAVAN_RATES_TRACKED = ["KZT", "UZS", "TMT"]
    with translation.override("ru"):
        html = render_ticker()
    assert '<span class="ticker__value">0,0020000</span>' in html
    assert "\u22120,12%" in html  # the change too
    # What a screen reader says is Russian too, month names included.
    assert "KZT/USD 0,0020000, снижение на 0,12 %, было 0,0020024 на 26 ноября" in html
    with translation.override("en"):
        english = render_ticker()
    assert '<span class="ticker__value">0.0020000</span>' in english
    assert "KZT/USD 0.0020000, down 0.12 % from 0.0020024 on 26 Nov" in english
