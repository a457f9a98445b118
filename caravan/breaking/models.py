from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _languages():
    return list(settings.LANGUAGES)


class BreakingAlert(models.Model):
    """A one-line breaking-news alert at the top of every public page of its
    language, until it expires (editors set it; contributors cannot)."""

    text = models.CharField(
        _("alert"),
        max_length=160,
        help_text=_("One line, e.g. “Earthquake of magnitude 5.4 shakes Almaty”."),
    )
    link = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("The story to read: a path on this site (/news/…) or a full URL."),
    )
    language = models.CharField(_("language"), max_length=10, choices=_languages)
    expires_at = models.DateTimeField(
        _("shown until"),
        help_text=_("It disappears by itself then."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("breaking alert")
        verbose_name_plural = _("breaking alerts")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["language", "expires_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def active(self) -> bool:
        return self.expires_at > timezone.now()
