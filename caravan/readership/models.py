from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleViews(models.Model):
    """Views of an article in one hour (UTC), counted by the view beacon
    (caravan/readership/beacon.py): no cookie, no address, no user agent kept."""

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="hourly_views"
    )
    hour = models.DateTimeField(help_text=_("The hour's start (UTC)."))
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("article views per hour")
        verbose_name_plural = _("article views per hour")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "hour"], name="readership_one_row_per_hour"
            )
        ]
        indexes = [models.Index(fields=["hour", "article"])]

    def __str__(self) -> str:
        return f"{self.article_id} {self.hour:%Y-%m-%d %H}h: {self.views}"
