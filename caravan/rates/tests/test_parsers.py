"""Each provider's real recorded payload, fetched from a local HTTP server, parses
into the values cross-checked in data/SOURCES.md (units per USD)."""

import datetime as dt
import logging
from decimal import Decimal

import pytest

from caravan.rates.sources import cbr, cbt, cbu, nbk, nbkr, nbt, peg
from caravan.rates.sources.base import (
    NoData,
    ParseError,
    parse_day,
    parse_decimal,
)
from caravan.rates.sources.http import HttpClient

from .conftest import payload, serve_all


def q(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places))


@pytest.fixture
def client():
    return HttpClient(connect_timeout=1, read_timeout=1, retries=0, backoff=0)


@pytest.fixture
def served(bank_urls):
    serve_all(bank_urls)
    return bank_urls


def test_nbk(served, client):
    parsed = nbk.fetch(dt.date(2026, 4, 1), client=client)
    assert parsed.rate_date == dt.date(2026, 4, 1)
    assert parsed.rates["KZT"] == Decimal("478.77")
    assert parsed.usd_per_unit("KZT") == Decimal(1) / Decimal("478.77")
    # UZS is quoted per 100: 478.77 / (3.93 / 100)
    assert q(parsed.rates["UZS"], "0.01") == Decimal("12182.44")
    assert q(parsed.rates["KGS"], "0.01") == Decimal("87.53")  # 478.77 / 5.47
    assert "TMT" not in parsed.rates  # NBK does not publish TMT
    # JPY "3" per yen is too coarse (one significant digit) and is rejected
    assert "JPY" not in parsed.rates
    assert {r.currency for r in parsed.rejected} == {"JPY", "IRR"}


def test_nbkr_daily_and_weekly(served, client):
    parsed = nbkr.fetch(None, client=client)
    assert parsed.rate_date == dt.date(2026, 5, 24)  # Date attribute = in force
    assert parsed.rates["KGS"] == Decimal("87.4500")
    assert q(parsed.rates["KZT"], "0.01") == Decimal("470.41")  # 87.45 / 0.1859
    # weekly file, comma decimals: TMT 24,9857 -> 3.5000; TJS 9,4148; UZS 0,0073
    assert q(parsed.rates["TMT"], "0.0001") == Decimal("3.5000")
    assert q(parsed.rates["TJS"], "0.0001") == Decimal("9.2886")
    assert q(parsed.rates["UZS"], "1") == Decimal("11979")


def test_nbkr_without_weekly_still_gives_daily(bank_urls, client, caplog):
    bank_urls.expect_request("/nbkr/daily.xml").respond_with_data(
        payload("nbkr_daily.xml")
    )
    bank_urls.expect_request("/nbkr/weekly.xml").respond_with_data("oops", status=500)
    parsed = nbkr.fetch(None, client=client)
    assert parsed.rates["KGS"] == Decimal("87.4500")
    assert "TMT" not in parsed.rates
    assert "weekly file skipped" in caplog.text


def test_cbu(served, client):
    parsed = cbu.fetch(dt.date(2026, 4, 1), client=client)
    assert parsed.rate_date == dt.date(2026, 4, 1)
    assert parsed.rates["UZS"] == Decimal("12194.21")
    assert q(parsed.rates["KZT"], "0.01") == Decimal("477.64")  # 12194.21 / 25.53
    # The glitch in the real file: 12194.21 / 4037.68 = 3.02 TMT per USD (peg 3.50).
    # The parser reports what the file says; the service holds it (test_services).
    assert q(parsed.rates["TMT"], "0.01") == Decimal("3.02")


def test_nbt(served, client):
    parsed = nbt.fetch(dt.date(2026, 5, 18), client=client)
    assert parsed.rate_date == dt.date(2026, 5, 18)
    assert parsed.rates["TJS"] == Decimal("9.3450")
    assert parsed.rates["TMT"] == Decimal("3.5")  # 9.345 / 2.67 exactly
    assert q(parsed.rates["KZT"], "0.1") == Decimal("474.1")
    assert q(parsed.rates["KGS"], "0.01") == Decimal("87.45")
    assert q(parsed.rates["UZS"], "1") == Decimal("11981")


def test_nbt_other_date_is_no_data(bank_urls, client):
    """NBT silently returns today's file for dates outside its archive."""
    bank_urls.expect_request("/nbt/export_xml.php").respond_with_data(
        payload("nbt_export.xml")
    )
    with pytest.raises(NoData, match="asked for 2026-05-19"):
        nbt.fetch(dt.date(2026, 5, 19), client=client)


def test_cbt(served, client):
    parsed = cbt.fetch(dt.date(2026, 5, 20), client=client)
    assert parsed.rate_date == dt.date(2026, 5, 20)
    assert parsed.rates["TMT"] == Decimal("3.5")
    assert parsed.rates["KZT"] == Decimal("471.44")
    assert parsed.rates["KGS"] == Decimal("87.45")
    assert parsed.rates["UZS"] == Decimal("12014.27")
    assert parsed.rates["TJS"] == Decimal("9.24")
    # EUR's rate_usd is USD per euro (market convention): 1.1614 -> inverted
    assert q(parsed.rates["EUR"], "0.0001") == q(1 / Decimal("1.1614"), "0.0001")


def test_cbt_iso_date_variant():
    body = payload("cbt_kurs.xml").replace(b"<date>20.05.2026", b"<date>2022-05-20")
    assert cbt.parse(body).rate_date == dt.date(2022, 5, 20)


def test_cbr_windows_1251(served, client):
    parsed = cbr.fetch(dt.date(2026, 4, 25), client=client)
    assert parsed.rate_date == dt.date(2026, 4, 25)
    assert parsed.rates["RUB"] == Decimal("75.5273")
    assert q(parsed.rates["KZT"], "0.01") == Decimal("462.87")
    assert q(parsed.rates["KGS"], "0.01") == Decimal("87.40")
    assert q(parsed.rates["UZS"], "1") == Decimal("12020")
    assert q(parsed.rates["TJS"], "0.001") == Decimal("9.431")
    assert q(parsed.rates["TMT"], "0.001") == Decimal("3.500")


def test_cbr_same_document_in_utf8_parses_identically():
    raw = payload("cbr_xml_daily.xml")
    utf8 = raw.decode("cp1251").replace("windows-1251", "utf-8").encode("utf-8")
    assert cbr.parse(utf8).rates == cbr.parse(raw).rates


def test_cbr_value_over_nominal_when_vunitrate_missing():
    raw = payload("cbr_xml_daily.xml").decode("cp1251")
    import re

    stripped = re.sub(r"<VunitRate>[^<]*</VunitRate>", "", raw).encode("cp1251")
    assert q(cbr.parse(stripped).rates["UZS"], "1") == Decimal("12020")


def test_cbr_dynamic():
    series = cbr.parse_dynamic(payload("cbr_xml_dynamic.xml"))
    assert series == {
        dt.date(2026, 3, 3): Decimal("54.7468"),
        dt.date(2026, 3, 4): Decimal("55.1336"),
        dt.date(2026, 3, 5): Decimal("54.4295"),
    }


def test_peg(settings):
    assert peg.peg_for("TMT", dt.date(2015, 1, 1)) == Decimal("3.50")
    assert peg.peg_for("TMT", dt.date(2014, 12, 31)) is None
    assert peg.peg_for("KZT", dt.date(2026, 1, 1)) is None
    assert peg.fetch(dt.date(2026, 5, 1)).rates == {"TMT": Decimal("3.50")}
    with pytest.raises(NoData):
        peg.fetch(dt.date(2014, 1, 1))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("87,4500", Decimal("87.4500")),
        (" 478.77 ", Decimal("478.77")),
        ("5,39256E-05", Decimal("0.0000539256")),
        ("0,0073", Decimal("0.0073")),
    ],
)
def test_parse_decimal(raw, expected):
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "not a number"),
        ("abc", "not a number"),
        ("NaN", "not a number"),
        ("-Infinity", "not a number"),
        ("sNaN", "not a number"),
        ("1,234.5", "not a number"),
        ("1 234", "not a number"),
        (None, "missing"),
        # exponent and magnitude: each would overflow the 28-digit arithmetic
        ("1.5e30", "out of range"),
        ("1.5e-30", "out of range"),
        ("1E999", "out of range"),
        ("9" * 14, "out of range"),  # 10^14 written out
        ("0,0000000000000001", "out of range"),
        # digits: huge strings are refused before any arithmetic
        ("1" * 5000, "too long"),
        ("0." + "0" * 5000 + "1", "too long"),
        ("1.23456789012345678901", "more than 20 digits"),
    ],
)
def test_parse_decimal_rejects(raw, reason):
    with pytest.raises(ValueError, match=reason):
        parse_decimal(raw)


@pytest.mark.parametrize("raw", ["1e12", "9.99E+12", "1e-12", "1234567.8901234567890"])
def test_parse_decimal_accepts_the_bounds(raw):
    assert parse_decimal(raw) == Decimal(raw)


@pytest.mark.parametrize("hostile", [b"1.5e30", b"1.5e-30", b"1" * 4000, b"NaN"])
def test_hostile_value_costs_only_its_own_currency(hostile):
    """One bad number is rejected with its reason; every other rate is kept."""
    good = nbk.parse(payload("nbk_get_rates.xml"))
    body = payload("nbk_get_rates.xml").replace(
        b"<description>5.47</description>",
        b"<description>" + hostile + b"</description>",
    )
    parsed = nbk.parse(body)
    assert "KGS" not in parsed.rates
    assert parsed.rates == {c: v for c, v in good.rates.items() if c != "KGS"}
    [rejected] = [r for r in parsed.rejected if r.currency == "KGS"]
    assert len(rejected.raw) <= 80  # a 4,000-digit string is not logged whole


@pytest.mark.parametrize(
    ("quant", "reason"),
    [
        (b"1e30", "out of range"),  # the Nominal itself
        (b"1e12", "per US dollar (per 1e12) is outside"),  # 10^13 TJS per dollar
    ],
)
def test_hostile_nominal_is_rejected_alone(quant, reason):
    tjs = b"<description>50.19</description>\n            <quant>1</quant>"
    body = payload("nbk_get_rates.xml")
    assert tjs in body
    parsed = nbk.parse(
        body.replace(
            tjs, b"<description>50.19</description><quant>" + quant + b"</quant>"
        )
    )
    assert "TJS" not in parsed.rates
    [rejected] = [r for r in parsed.rejected if r.currency == "TJS"]
    assert reason in rejected.reason
    assert parsed.rates["KZT"] == Decimal("478.77")
    assert q(parsed.rates["KGS"], "0.01") == Decimal("87.53")


def test_implausible_usd_quote_fails_the_document():
    body = payload("nbk_get_rates.xml").replace(
        b"<description>478.77</description>", b"<description>123456789012</description>"
    )
    with pytest.raises(ParseError, match="USD quote .* not a plausible rate"):
        nbk.parse(body)


def test_parse_day_formats():
    assert parse_day("01.04.2026") == dt.date(2026, 4, 1)
    assert parse_day("2026-05-18") == dt.date(2026, 5, 18)
    with pytest.raises(ParseError):
        parse_day("31.02.2026")


def test_bad_values_rejected_one_by_one_and_logged(caplog):
    body = (
        payload("nbk_get_rates.xml")
        .replace(b"<description>5.47</description>", b"<description>abc</description>")
        .replace(b"<description>50.19</description>", b"<description>-5</description>")
        .replace(b"<description>5.87</description>", b"<description>0</description>")
    )
    with caplog.at_level(logging.WARNING, logger="caravan.rates"):
        parsed = nbk.parse(body)
    assert parsed.rates["KZT"] == Decimal("478.77")
    assert not {"KGS", "TJS", "RUB"} & parsed.rates.keys()
    reasons = {r.currency: r.reason for r in parsed.rejected}
    assert "not a number" in reasons["KGS"]
    assert "not positive" in reasons["TJS"]
    assert "not positive" in reasons["RUB"]
    assert "rejected KGS value 'abc'" in caplog.text


@pytest.mark.parametrize(
    ("module", "body"),
    [
        (nbk, b"<html><body>Service unavailable</body></html>"),
        (nbk, b"\x00\x01garbage"),
        (cbu, b"<html>not json</html>"),
        (cbu, b'{"error": "x"}'),
        (cbr, b""),
        (nbt, b'<?xml version="1.0"?><ValCurs Date="2026-05-18"></ValCurs>'),
        (cbt, b"<cbt_currency_rate><date>x</date></cbt_currency_rate>"),
        (nbkr, b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'),
    ],
)
def test_garbage_raises_parse_error(module, body):
    with pytest.raises(ParseError):
        module.parse(body)


def test_without_usd_quote_nothing_can_be_crossed():
    body = payload("nbkr_daily.xml").replace(b'ISOCode="USD"', b'ISOCode="XXX"')
    with pytest.raises(ParseError, match="no valid USD"):
        nbkr.parse(body)


def test_nbk_empty_day_is_no_data():
    body = b"<?xml version='1.0'?><rates><date>04.04.2026</date></rates>"
    with pytest.raises(NoData):
        nbk.parse(body)
