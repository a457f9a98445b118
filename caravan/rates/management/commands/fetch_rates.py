"""manage.py fetch_rates [--date YYYY-MM-DD] [--backfill DAYS]

Exit status: 0 when at least one provider could be fetched (missing currencies and
held rates are reported as warnings), 1 when nothing could be fetched at all (e.g.
offline). Stored rates are never changed by a failed fetch.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from caravan.rates.services import rates_backfill, rates_fetch


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = "Fetch official currency rates from the configured providers."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="rate date (default: latest)")
        parser.add_argument(
            "--backfill", type=int, metavar="DAYS", help="fetch DAYS days up to --date"
        )

    def handle(self, *args, date=None, backfill=None, **options):
        if backfill is not None:
            if not 1 <= backfill <= 3660:
                raise CommandError("--backfill must be between 1 and 3660 days")
            reports = rates_backfill(days=backfill, end=date)
        else:
            reports = [rates_fetch(day=date)]
        for report in reports:
            style = self.style.SUCCESS if report.ok else self.style.WARNING
            self.stdout.write(style(report.summary()))
        if not any(report.ok for report in reports):
            raise CommandError("no rates could be fetched; stored rates are unchanged")
