"""The rates dashboard in the admin: an editor sees everything held, disagreeing or
rejected with the reason and both values, and confirms, discards or dismisses it."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import ModelLogEntry

from caravan.core.editorial import CONTRIBUTORS, EDITORS
from caravan.rates import selectors
from caravan.rates.models import Rate, RateStatus, RejectedValue
from caravan.rates.services import rejection_record, store_rate

from .conftest import seed, seed_calm_history

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 4, 1)
URL = "/admin/rates-review/"


@pytest.fixture(autouse=True)
def _on_the_day():
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


def user_in(group: str) -> User:
    user = User.objects.create_user(group.lower(), password="pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client):
    user = user_in(EDITORS)
    client.force_login(user)
    return user


@pytest.fixture
def queue(chains):
    """A held 9 % move (both values), a published rate CBU disagrees with, a
    rejected exponent."""
    chains({"KZT": ["nbk"], "TJS": ["nbk"]})
    seed_calm_history("KZT", "nbk", DAY, "439.24")
    _, held = store_rate(
        code="KZT", source="nbk", day=DAY, units_per_usd=Decimal("478.77")
    )
    seed_calm_history("TJS", "nbk", DAY, "9.50")
    disagreeing = seed(
        "TJS",
        "nbk",
        DAY,
        "9.539",
        peer_units_per_usd=Decimal("10.4"),
        peer_date=DAY,
        peer_source="cbu",
    )
    rejected = rejection_record(
        source="nbk",
        code="KGS",
        rate_date=DAY,
        raw="1.5e30",
        reason="out of range: '1.5e30'",
    )
    return {"held": held, "disagreeing": disagreeing, "rejected": rejected}


def test_reverse_and_menu(editor, client, queue):
    assert reverse("rates_review:index") == URL
    home = client.get("/admin/")
    assert URL in home.content.decode()  # menu item and the home panel's link
    assert "1 rate held. Providers disagree on 1 rate. 1 value rejected." in " ".join(
        home.content.decode().split()
    )


def test_dashboard_shows_reason_and_both_values(editor, client, queue):
    held = queue["held"]
    assert held.status == RateStatus.HELD
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Held for confirmation (1)" in html
    assert "478.77" in html  # the new value ...
    assert "439.24" in html  # ... and the previous one
    assert "moved 9.0% from 439.24 (nbk, 2026-03-31)" in html
    assert "Providers more than 3.0% apart (1)" in html
    assert "10.4" in html and "8.3% apart" in html
    assert "Rejected values (1)" in html
    assert "1.5e30" in html and "out of range" in html


def test_dashboard_queries_do_not_grow_with_the_queue(editor, client, queue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for i in range(5):
        rejection_record(
            source="cbr", code="KGS", rate_date=DAY, raw=f"{i}e30", reason="range"
        )
        seed("UZS", "cbu", DAY - dt.timedelta(days=i), "12000", status="held")
    with CaptureQueriesContext(connection) as large:
        html = client.get(URL).content.decode()
    assert "Held for confirmation (6)" in html and "Rejected values (6)" in html
    assert len(large.captured_queries) == len(small.captured_queries)
    rates_queries = [q["sql"] for q in large.captured_queries if '"rates_' in q["sql"]]
    assert len(rates_queries) == 3  # held, compared, rejected


def test_every_form_on_the_dashboard_carries_its_csrf_token(editor, queue):
    """As a browser does: read each form from the page, post it with its token."""
    import re

    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    html = browser.get(URL).content.decode()
    forms = re.findall(r"<form method=\"post\"[^>]*>(.*?)</form>", html, re.S)
    assert len(forms) == 3
    for form in forms:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token, form
    form = forms[0]  # the held rate's
    pk = re.search(r'name="pk" value="(\d+)"', form)[1]
    response = browser.post(
        URL,
        {
            "csrfmiddlewaretoken": re.search(r'value="([^"]+)"', form)[1],
            "pk": pk,
            "action": "confirm",
        },
    )
    assert response.status_code == 302
    assert Rate.objects.get(pk=pk).status == RateStatus.PUBLISHED


def test_editor_confirms_a_held_rate(editor, client, queue):
    held = queue["held"]
    [before] = selectors.latest_rates(today=DAY, codes=["KZT"])
    assert before.current.rate_date == dt.date(2026, 3, 31)
    response = client.post(URL, {"pk": held.pk, "action": "confirm"})
    assert response.status_code == 302 and response.url == URL
    held.refresh_from_db()
    assert held.status == RateStatus.PUBLISHED
    assert held.reviewed_by == editor and held.confirmed_at is not None
    [after] = selectors.latest_rates(today=DAY, codes=["KZT"])
    assert after.current.units_per_usd == Decimal("478.77")
    assert ModelLogEntry.objects.filter(action="rates.confirm").count() == 1
    page = client.get(URL).content.decode()
    assert "Held for confirmation (0)" in page
    assert "published" in page.lower()  # the message


def test_editor_discards_a_held_rate_and_a_new_value_replaces_it(editor, client, queue):
    held = queue["held"]
    client.post(URL, {"pk": held.pk, "action": "discard"})
    held.refresh_from_db()
    assert held.status == RateStatus.REJECTED and held.reviewed_by == editor
    # the same wrong value fetched again stays discarded ...
    assert store_rate(
        code="KZT", source="nbk", day=DAY, units_per_usd=Decimal("478.77")
    ) == ("unchanged", held)
    # ... the bank's corrected value is stored in its place
    outcome, rate = store_rate(
        code="KZT", source="nbk", day=DAY, units_per_usd=Decimal("440.10")
    )
    assert outcome == "stored" and rate.pk == held.pk
    assert rate.reviewed_by is None
    [latest] = selectors.latest_rates(today=DAY, codes=["KZT"])
    assert latest.current.units_per_usd == Decimal("440.10")


def test_editor_marks_a_disagreement_checked_or_discards_it(editor, client, queue):
    disagreeing = queue["disagreeing"]
    client.post(URL, {"pk": disagreeing.pk, "action": "confirm"})
    disagreeing.refresh_from_db()
    assert disagreeing.status == RateStatus.PUBLISHED
    assert disagreeing.reviewed_at is not None
    assert selectors.review_queue(today=DAY).disagreements == []
    client.post(URL, {"pk": disagreeing.pk, "action": "discard"})
    disagreeing.refresh_from_db()
    assert disagreeing.status == RateStatus.REJECTED
    [tjs] = selectors.latest_rates(today=DAY, codes=["TJS"])
    assert tjs.current.rate_date == dt.date(2026, 3, 31)  # off the site


def test_editor_dismisses_a_rejected_value(editor, client, queue):
    rejected = queue["rejected"]
    client.post(URL, {"pk": rejected.pk, "action": "dismiss"})
    rejected.refresh_from_db()
    assert rejected.dismissed_by == editor
    assert selectors.review_queue(today=DAY).rejected == []
    # seen again: counted, still dismissed
    again = rejection_record(
        source="nbk", code="KGS", rate_date=DAY, raw="1.5e30", reason="out of range"
    )
    again.refresh_from_db()
    assert again.pk == rejected.pk and again.times_seen == 2
    assert again.dismissed_at is not None


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"pk": "x", "action": "confirm"},
        {"pk": "999999", "action": "confirm"},
        {"pk": "999999", "action": "dismiss"},
        {"pk": "1", "action": "delete-everything"},
    ],
)
def test_bad_or_stale_forms_get_a_message_and_change_nothing(
    editor, client, queue, form
):
    before = list(Rate.objects.values_list("pk", "status").order_by("pk"))
    response = client.post(URL, form, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages and not any("Traceback" in m for m in messages)
    assert list(Rate.objects.values_list("pk", "status").order_by("pk")) == before
    assert RejectedValue.objects.filter(dismissed_at__isnull=True).count() == 1


def test_discarded_rate_cannot_be_confirmed(editor, client, queue):
    held = queue["held"]
    client.post(URL, {"pk": held.pk, "action": "discard"})
    response = client.post(URL, {"pk": held.pk, "action": "confirm"}, follow=True)
    assert "can no longer be confirmed" in response.content.decode()
    held.refresh_from_db()
    assert held.status == RateStatus.REJECTED


def test_contributor_cannot_see_or_decide(client, queue):
    client.force_login(user_in(CONTRIBUTORS))
    assert client.get(URL).status_code in (302, 403)
    client.post(URL, {"pk": queue["held"].pk, "action": "confirm"})
    queue["held"].refresh_from_db()
    assert queue["held"].status == RateStatus.HELD
    assert URL not in client.get("/admin/").content.decode()


def test_empty_dashboard(editor, client):
    html = client.get(URL).content.decode()
    assert "No rate is held." in html
    assert "No value was rejected." in html
