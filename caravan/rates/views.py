"""The /rates/ page, its CSV download and the JSON API. Bad input never gives a 500:
pages fall back to defaults and show a message; the API answers 400 with a message."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from decimal import Decimal, InvalidOperation

from django import forms
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from . import selectors
from .charts import build_chart, sample
from .formatting import change, inverse_change, significant
from .models import Currency, DisplayMode
from .numbers import display_rate, localized
from .ticker import display_settings

RANGES = {"30d": ("30 days", 30), "1y": ("1 year", 365), "all": ("All", None)}
MAX_SPAN_DAYS = 3660
API_MAX_AGE = 300


class ParamError(ValueError):
    pass


def _code(raw: str | None, known: set[str], name: str = "currency") -> str:
    if not raw:
        raise ParamError(f"'{name}' is required (an ISO 4217 code such as KZT)")
    code = raw.strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise ParamError(
            f"'{name}' must be a three-letter ISO 4217 code, not {raw[:20]!r}"
        )
    if code not in known:
        raise ParamError(
            f"no rates for {code}; available: {', '.join(sorted(known)) or 'none'}"
        )
    return code


def _date(raw: str | None, name: str) -> dt.date | None:
    if raw is None or raw == "":
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ParamError(
            f"'{name}' must be a date as YYYY-MM-DD, not {raw[:20]!r}"
        ) from None


def history_params(query) -> tuple[str, dt.date | None, dt.date | None]:
    known = set(
        Currency.objects.filter(rates__isnull=False).values_list("code", flat=True)
    )
    code = _code(query.get("currency"), known)
    start, end = _date(query.get("from"), "from"), _date(query.get("to"), "to")
    if start and end and start > end:
        raise ParamError("'from' must not be after 'to'")
    if start and end and (end - start).days > MAX_SPAN_DAYS:
        raise ParamError(f"at most {MAX_SPAN_DAYS} days per request")
    return code, start, end


# --- converter ---


class ConverterForm(forms.Form):
    amount = forms.DecimalField(
        max_digits=18,
        decimal_places=6,
        min_value=0,
        initial=Decimal(100),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    source = forms.ChoiceField(label="From")
    target = forms.ChoiceField(label="To")

    def __init__(self, *args, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c, c) for c in ["USD", *codes]]
        self.fields["source"].choices = choices
        self.fields["target"].choices = choices


def convert(
    amount: Decimal, source: str, target: str, units: dict[str, Decimal]
) -> Decimal:
    """Cross any pair through USD: amount / (source per USD) * (target per USD)."""
    return amount / units[source] * units[target]


# --- page ---


@require_safe
def rates_page(request):
    today = timezone.localdate()
    codes, mode = display_settings()
    latest = selectors.latest_rates(today=today, codes=codes)
    range_key = request.GET.get("range", "30d")
    messages = []
    if range_key not in RANGES:
        messages.append("Unknown chart range; showing 30 days.")
        range_key = "30d"
    days = RANGES[range_key][1]
    rows = []
    for item in latest:
        current = item.current
        changes = selectors.changes(code=item.code, today=today)
        if mode == DisplayMode.UNITS_PER_USD:
            changes = {k: inverse_change(v) for k, v in changes.items()}
        start = current.rate_date - dt.timedelta(days=days) if days else None
        series = selectors.history(code=item.code, start=start, end=today)
        chart_values = [
            (
                p.rate_date,
                p.units_per_usd if mode == DisplayMode.UNITS_PER_USD else p.value,
            )
            for p in series
        ]
        rows.append(
            {
                "code": item.code,
                "name": item.name,
                "symbol": item.symbol,
                "units_per_usd": display_rate(current.units_per_usd, item.precision),
                "usd_per_unit": display_rate(current.value, item.precision),
                "changes": [(d, change(v)) for d, v in changes.items()],
                "date": current.rate_date,
                "stale": (today - current.rate_date).days > 3,
                "source": current.source_label,
                "demo": current.is_demo,
                "chart": build_chart(chart_values, digits=item.precision),
                "table": [
                    (d, display_rate(v, item.precision))
                    for d, v in sample(chart_values)
                ][::-1],
                "sampled": len(chart_values) > 60,
            }
        )
    units = {r.code: r.current.units_per_usd for r in latest}
    units["USD"] = Decimal(1)
    converter = ConverterForm(
        request.GET if "amount" in request.GET else None,
        codes=[r.code for r in latest],
        initial={"source": "USD", "target": codes[0] if codes else "USD"},
    )
    result = None
    if converter.is_bound and converter.is_valid():
        data = converter.cleaned_data
        try:
            value = convert(data["amount"], data["source"], data["target"], units)
            result = {
                # as typed, grouped; the result with significant digits
                "amount": localized(f"{data['amount'].normalize():f}"),
                "source": data["source"],
                "target": data["target"],
                "value": localized(significant(value)),
            }
        except (KeyError, InvalidOperation, ZeroDivisionError):
            messages.append("That conversion is not available.")
    context = {
        "rows": rows,
        "mode": mode,
        "units_mode": mode == DisplayMode.UNITS_PER_USD,
        "ranges": [(k, label) for k, (label, _) in RANGES.items()],
        "range_key": range_key,
        "converter": converter,
        "result": result,
        "messages_list": messages,
        "demo": any(r["demo"] for r in rows),
    }
    return render(request, "rates/rates_page.html", context)


@require_safe
def history_csv(request):
    try:
        code, start, end = history_params(request.GET)
    except ParamError as exc:
        return HttpResponse(
            str(exc), status=400, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rates-{code}.csv"'
    writer = csv.writer(response)
    writer.writerow(["date", "currency", "usd_per_unit", "units_per_usd", "source"])
    for p in selectors.history(code=code, start=start, end=end):
        writer.writerow(
            [
                p.rate_date.isoformat(),
                code,
                f"{p.value.normalize():f}",
                f"{p.units_per_usd.normalize():f}",
                p.source_label,
            ]
        )
    return response


# --- JSON API ---


def _point_json(code: str, p: selectors.Point) -> dict:
    return {
        "currency": code,
        "date": p.rate_date.isoformat(),
        "usd_per_unit": f"{p.value.normalize():f}",
        "units_per_usd": f"{p.units_per_usd.normalize():f}",
        "source": p.source,
        "source_label": p.source_label,
        "demo": p.is_demo,
    }


def _json(request, payload: dict, status: int = 200) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    if status != 200:
        response = JsonResponse(payload, status=status)
        patch_cache_control(response, no_store=True)
        return response
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=API_MAX_AGE)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@require_safe
def api_latest(request):
    today = timezone.localdate()
    codes, _ = display_settings()
    rates = []
    for item in selectors.latest_rates(today=today, codes=codes):
        entry = _point_json(item.code, item.current)
        fraction = item.change
        entry["change_1d"] = None if fraction is None else f"{fraction:.6f}"
        entry["previous_date"] = item.previous and item.previous.rate_date.isoformat()
        rates.append(entry)
    return _json(request, {"base": "USD", "as_of": today.isoformat(), "rates": rates})


@require_safe
def api_history(request):
    try:
        code, start, end = history_params(request.GET)
    except ParamError as exc:
        return _json(request, {"error": str(exc)}, status=400)
    points = selectors.history(code=code, start=start, end=end)
    return _json(
        request,
        {
            "base": "USD",
            "currency": code,
            "from": start and start.isoformat(),
            "to": end and end.isoformat(),
            "rates": [_point_json(code, p) for p in points],
        },
    )
