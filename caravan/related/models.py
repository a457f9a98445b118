"""What related articles are computed from and what a render reads.

``ArticleTerms`` and ``Posting`` are an inverted index of each article's most
distinctive terms (per locale); ``TermStat`` counts the articles of a locale
each term occurs in (for IDF); ``Neighbour`` is the stored list an article page
reads; ``Curation`` holds an editor's pinned and excluded suggestions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


def delete_rows(queryset) -> int:
    """Delete in one statement. Nothing references these tables, but a
    ``pre_delete`` receiver connected for every model (``web``, ``related``)
    makes ``QuerySet.delete()`` load each row first: millions of postings in a
    backfill."""
    return queryset._raw_delete(queryset.db)


class ArticleTerms(models.Model):
    article = models.OneToOneField(
        "news.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+"
    )
    # Every distinct term counted in TermStat, to uncount on a change.
    terms = models.JSONField(default=list)
    # The most distinctive terms with their TF-IDF weights (unit length).
    vector = models.JSONField(default=dict)
    # Subject slug -> weight (unit length), from the subject thesaurus.
    subjects = models.JSONField(default=dict)
    # When the neighbours were last computed; empty: to compute (the scheduler).
    computed_at = models.DateTimeField(null=True, blank=True, db_index=True)


class Posting(models.Model):
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+"
    )
    term = models.CharField(max_length=100)
    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    weight = models.FloatField()

    class Meta:
        # A term's postings, most weight first: a publication reads only the
        # first few hundred of each (``services.candidates``).
        indexes = [
            models.Index(fields=["locale", "term", "-weight"], name="posting_term")
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="posting_unique")
        ]


class TermStat(models.Model):
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+"
    )
    term = models.CharField(max_length=100)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locale", "term"], name="termstat_unique")
        ]


class Neighbour(models.Model):
    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    neighbour = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["article", "-score"], name="neighbour_best"),
            models.Index(fields=["neighbour"], name="neighbour_reverse"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "neighbour"], name="neighbour_unique"
            )
        ]


class Curation(ClusterableModel):
    """An editor's choice for one article's suggestions."""

    article = models.OneToOneField(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("article"),
    )

    panels = [
        FieldPanel("article"),
        InlinePanel("items", label=_("Pinned or excluded suggestions")),
    ]

    class Meta:
        verbose_name = _("suggestion curation")
        verbose_name_plural = _("suggestion curations")

    def __str__(self) -> str:
        return str(self.article)


class CuratedSuggestion(Orderable):
    class Kind(models.TextChoices):
        PIN = "pin", _("Pinned (shown first)")
        EXCLUDE = "exclude", _("Excluded (never shown)")

    curation = ParentalKey(Curation, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PIN)
    target = models.ForeignKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("suggested article"),
    )

    panels = [FieldPanel("kind"), FieldPanel("target")]
