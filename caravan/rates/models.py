from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import conf
from .sources import LABELS

iso_code = RegexValidator(r"^[A-Z]{3}$", _("Three capital letters (ISO 4217)."))


def _iso_list(value: str) -> None:
    from django.core.exceptions import ValidationError

    for code in value.split(","):
        if not code.strip() or not code.strip().isalpha() or len(code.strip()) != 3:
            raise ValidationError(
                _("%(code)r is not an ISO 4217 code."), params={"code": code}
            )


class Currency(models.Model):
    code = models.CharField(max_length=3, unique=True, validators=[iso_code])
    numeric_code = models.CharField(max_length=3, blank=True)
    name = models.CharField(max_length=80)
    symbol = models.CharField(max_length=10, blank=True)
    precision = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=_("Significant digits shown for a rate (never fewer than two)."),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("symbol"),
        FieldPanel("precision"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name_plural = _("currencies")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class RateStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for confirmation")
    REJECTED = "rejected", _("Discarded (never shown)")


class RateQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RateStatus.PUBLISHED)


class Rate(models.Model):
    """One official rate: 1 unit of ``currency`` is
    worth ``value`` US dollars on ``rate_date`` (the day it takes effect).

    ``units_per_usd`` is kept as published/crossed (e.g. 478.77 KZT exactly as NBK
    prints it); ``value`` is its inverse rounded to 12 significant digits.
    """

    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="rates"
    )
    source = models.CharField(max_length=20, db_index=True)
    rate_date = models.DateField(help_text=_("The date the rate takes effect."))
    value = models.DecimalField(
        max_digits=28, decimal_places=16, help_text=_("US dollars per 1 unit.")
    )
    units_per_usd = models.DecimalField(max_digits=28, decimal_places=10)
    status = models.CharField(
        max_length=10, choices=RateStatus.choices, default=RateStatus.PUBLISHED
    )
    note = models.TextField(blank=True, help_text=_("Why the rate was held."))
    fetched_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # What the value was judged against when it was fetched, kept so an editor
    # sees both values: the currency's previous published rate ...
    previous_units_per_usd = models.DecimalField(
        max_digits=28, decimal_places=10, null=True, blank=True
    )
    previous_date = models.DateField(null=True, blank=True)
    previous_source = models.CharField(max_length=20, blank=True)
    # ... and another provider's value for (about) the same date.
    peer_units_per_usd = models.DecimalField(
        max_digits=28, decimal_places=10, null=True, blank=True
    )
    peer_date = models.DateField(null=True, blank=True)
    peer_source = models.CharField(max_length=20, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RateQuerySet.as_manager()

    panels = [
        FieldPanel("status"),
        FieldPanel("currency", read_only=True),
        FieldPanel("source", read_only=True),
        FieldPanel("rate_date", read_only=True),
        FieldPanel("units_per_usd", read_only=True),
        FieldPanel("value", read_only=True),
        FieldPanel("note", read_only=True),
        FieldPanel("previous_units_per_usd", read_only=True),
        FieldPanel("previous_date", read_only=True),
        FieldPanel("previous_source", read_only=True),
        FieldPanel("peer_units_per_usd", read_only=True),
        FieldPanel("peer_date", read_only=True),
        FieldPanel("peer_source", read_only=True),
        FieldPanel("fetched_at", read_only=True),
    ]

    class Meta:
        ordering = ["-rate_date", "currency__code", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "currency", "rate_date"], name="rates_rate_unique_day"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gt=0) & models.Q(units_per_usd__gt=0),
                name="rates_rate_positive",
            ),
        ]
        indexes = [models.Index(fields=["currency", "status", "rate_date"])]

    def __str__(self) -> str:
        return (
            f"{self.currency_id and self.currency.code} {self.rate_date} {self.source}"
        )

    @property
    def source_label(self) -> str:
        return LABELS.get(self.source, self.source)

    @property
    def is_demo(self) -> bool:
        return self.source == "demo"

    @property
    def peer_gap(self) -> Decimal | None:
        """How far this value is from the second provider's, as a fraction."""
        if not self.peer_units_per_usd:
            return None
        return abs(self.units_per_usd / self.peer_units_per_usd - 1)

    @property
    def previous_gap(self) -> Decimal | None:
        if not self.previous_units_per_usd:
            return None
        return abs(self.units_per_usd / self.previous_units_per_usd - 1)

    def save(self, *args, **kwargs):
        if (
            self.status == RateStatus.PUBLISHED
            and self.pk
            and self.confirmed_at is None
        ):
            previous = Rate.objects.filter(pk=self.pk).values_list("status", flat=True)
            if previous and previous[0] == RateStatus.HELD:
                self.confirmed_at = timezone.now()
        super().save(*args, **kwargs)


class ProviderAssignment(models.Model):
    """Admin override of ``CARAVAN_RATES_PROVIDERS`` for one currency ("*" = others)."""

    currency = models.CharField(
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^([A-Z]{3}|\*)$", _("ISO code or *"))],
        help_text=_("ISO 4217 code, or * for every currency without its own row."),
    )
    providers = models.CharField(
        max_length=200,
        help_text=_("Source keys in fallback order, comma-separated: ")
        + ", ".join(sorted(LABELS)),
    )

    panels = [FieldPanel("currency"), FieldPanel("providers")]

    class Meta:
        ordering = ["currency"]

    def __str__(self) -> str:
        return f"{self.currency}: {self.providers}"

    def provider_list(self) -> list[str]:
        return [p.strip().lower() for p in self.providers.split(",") if p.strip()]

    def clean(self):
        from django.core.exceptions import ValidationError

        from .sources import REGISTRY

        unknown = [p for p in self.provider_list() if p not in REGISTRY]
        if unknown or not self.provider_list():
            raise ValidationError(
                {"providers": _("Unknown source(s): %s") % ", ".join(unknown or ["—"])}
            )


class DisplayMode(models.TextChoices):
    USD_PER_UNIT = "usd_per_unit", _("US dollars per 1 unit (KZT/USD 0.002089)")
    UNITS_PER_USD = "units_per_usd", _("Units per 1 US dollar (USD/KZT 478.77)")


@register_setting(icon="table")
class RatesSettings(BaseSiteSetting):
    tracked_currencies = models.CharField(
        max_length=200,
        default=",".join(conf.DEFAULT_TRACKED),
        validators=[_iso_list],
        help_text=_("ISO 4217 codes shown in the ticker and on /rates/, in order."),
    )
    display_mode = models.CharField(
        max_length=20, choices=DisplayMode.choices, default=DisplayMode.USD_PER_UNIT
    )

    panels = [FieldPanel("tracked_currencies"), FieldPanel("display_mode")]

    class Meta:
        verbose_name = _("currency rates")

    def tracked(self) -> list[str]:
        return [
            c.strip().upper() for c in self.tracked_currencies.split(",") if c.strip()
        ]


class RejectedValue(models.Model):
    """A value a provider published that was refused before storing: unreadable,
    out of range, or in a document dated in the future / far from the date asked
    for. Kept (not stored as a Rate, so it never blocks that day's real value) for
    the editors' review; seeing it again only counts it."""

    source = models.CharField(max_length=20)
    currency = models.CharField(
        max_length=8, help_text=_("As the payload spelled it (may be no ISO code).")
    )
    rate_date = models.DateField(help_text=_("The date the document gave."))
    raw = models.CharField(max_length=80, blank=True, help_text=_("As published."))
    units_per_usd = models.DecimalField(
        max_digits=28,
        decimal_places=10,
        null=True,
        blank=True,
        help_text=_("When the value itself could be read."),
    )
    reason = models.TextField()
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    times_seen = models.PositiveIntegerField(default=1)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-last_seen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "currency", "rate_date", "raw"],
                name="rates_rejected_unique_value",
            )
        ]
        indexes = [models.Index(fields=["dismissed_at", "last_seen_at"])]

    def __str__(self) -> str:
        return f"{self.currency} {self.rate_date} {self.source}: {self.reason[:60]}"

    @property
    def units_text(self) -> str:
        from .checks import number

        return "" if self.units_per_usd is None else number(self.units_per_usd)

    @property
    def source_label(self) -> str:
        return LABELS.get(self.source, self.source)


class FetchRun(models.Model):
    """One run of the fetch service; the scheduler job reads the last good one."""

    day = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(default=False)
    stored = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["day", "ok"])]

    def __str__(self) -> str:
        return f"{self.day} {'ok' if self.ok else 'failed'}"
