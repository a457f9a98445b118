"""An editor reviews held rates in real headless Chromium (Debian's package): the
dashboard shows both values, and Confirm / Discard work as a browser posts them
(CSRF token and all)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User

from caravan.core.editorial import EDITORS, editorial_roles_setup

# The news app's browser fixtures: Chromium, and the migrated rows put back after
# this module's live-server tests flush the database.
from caravan.news.tests.test_browser import (  # noqa: F401
    CHROMIUM,
    _migrated_rows_restored,
    browser_page,
)
from caravan.rates.models import Rate, RateStatus
from caravan.rates.services import store_rate

from .conftest import seed_calm_history

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"
    ),
]


@pytest.fixture
def held_rates(transactional_db, live_server, chains):
    chains({"KZT": ["nbk"], "TJS": ["nbk"]})
    today = dt.date.today()
    seed_calm_history("KZT", "nbk", today, "439.24")
    seed_calm_history("TJS", "nbk", today, "8.75")
    held = {
        code: store_rate(
            code=code, source="nbk", day=today, units_per_usd=Decimal(units)
        )[1]
        for code, units in [("KZT", "478.77"), ("TJS", "9.539")]
    }
    assert {r.status for r in held.values()} == {RateStatus.HELD}
    if not Group.objects.filter(name=EDITORS).exists():
        editorial_roles_setup()  # a flush before this test emptied the groups
    editor = User.objects.create_user("ed", password="editor-pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    return live_server.url, held


def test_editor_confirms_and_discards_in_chromium(
    browser_page,  # noqa: F811
    held_rates,
    tmp_path,
):
    base, held = held_rates
    page = browser_page
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "editor-pw")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")
    page.click("text=Review them")  # the home panel's link
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == "Rates to review"
    kzt = page.locator("tr[data-rate]", has_text="KZT")
    assert "478.77" in kzt.inner_text() and "439.24" in kzt.inner_text()
    assert "moved 9.0% from 439.24" in kzt.inner_text()
    page.screenshot(path=tmp_path / "review.png", full_page=True)

    kzt.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert "KZT" in page.locator(".messages").inner_text()
    assert "Published" in page.locator(".messages").inner_text()
    page.locator("tr[data-rate]", has_text="TJS").get_by_role(
        "button", name="Discard"
    ).click()
    page.wait_for_load_state()
    assert "Held for confirmation (0)" in page.content()
    statuses = dict(
        Rate.objects.filter(pk__in=[r.pk for r in held.values()]).values_list(
            "currency__code", "status"
        )
    )
    assert statuses == {"KZT": RateStatus.PUBLISHED, "TJS": RateStatus.REJECTED}
    api = page.request.get(base + "/api/rates/latest").json()
    shown = {r["currency"]: r["units_per_usd"] for r in api["rates"]}
    assert shown["KZT"] == "478.77"  # confirmed: on the site
    assert shown["TJS"] == "8.75"  # discarded: the last good value stays
