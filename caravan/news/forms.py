"""The article's admin form: what a writer would otherwise set by hand each time."""

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminDateTimeInput

# Times an editor schedules at are on the quarter hour or so: a picker listing
# every hour forced typing; every minute is a list too long to scroll.
PICKER_STEP_MINUTES = 5
DATE_TIME_FIELDS = ("date_published", "date_updated", "go_live_at", "expire_at")


class FiveMinuteDateTimeInput(AdminDateTimeInput):
    def get_config(self):
        return {**super().get_config(), "step": PICKER_STEP_MINUTES}


def own_author_profile(user, locale_id=None):
    """The author profile linked to the user's account, in the locale if there
    is one there."""
    from .models import ArticleAuthor

    # The people app sits above this one: its model is reached through the byline.
    AuthorPage = ArticleAuthor._meta.get_field("author").related_model
    if user is None or not user.is_authenticated:
        return None
    profiles = AuthorPage.objects.filter(user=user)
    if locale_id is not None:
        in_locale = profiles.filter(locale_id=locale_id).first()
        if in_locale is not None:
            return in_locale
    return profiles.order_by("pk").first()


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        if (
            instance is not None
            and instance.pk is None
            and not args
            and kwargs.get("data") is None
            and not instance.article_authors.all()
        ):
            # A new article starts with the writer's own byline (its inline row
            # is there to keep, change or remove).
            from .models import ArticleAuthor

            parent = kwargs.get("parent_page")
            profile = own_author_profile(
                kwargs.get("for_user"), getattr(parent, "locale_id", None)
            )
            if profile is not None:
                instance.article_authors = [ArticleAuthor(author=profile, sort_order=0)]
        super().__init__(*args, **kwargs)
        # The input cannot carry a zone: say which one it is read in (the
        # admin's, caravan.core.admin_time).
        in_zone = _("Time in %(zone)s.") % {
            "zone": timezone.get_current_timezone_name()
        }
        for name in DATE_TIME_FIELDS:
            if name in self.fields:
                field = self.fields[name]
                field.widget = FiveMinuteDateTimeInput()
                field.help_text = " ".join(
                    str(text) for text in (field.help_text, in_zone) if text
                )
        authors = self.formsets.get("article_authors")
        if authors is not None:
            # People listed by name, not by their place in the page tree.
            field = authors.form.base_fields["author"]
            field.queryset = field.queryset.order_by("title", "pk")
            for form in authors.forms:
                form.fields["author"].queryset = field.queryset

    def clean(self):
        cleaned = super().clean()
        authors = self.formsets.get("article_authors")
        if authors is not None and authors.is_valid():
            self._reuse_saved_byline_rows(authors)
        return cleaned

    def _reuse_saved_byline_rows(self, authors):
        """A new row for a person already in the saved byline is that row, not a
        second one (a form opened before another save carries no row ids):
        publishing would otherwise insert the pair before removing the old row."""
        from .models import ArticleAuthor

        if self.instance.pk is None:
            return
        saved = dict(
            ArticleAuthor.objects.filter(article_id=self.instance.pk).values_list(
                "author_id", "pk"
            )
        )
        taken = {form.instance.pk for form in authors.forms if form.instance.pk}
        for form in authors.forms:
            author = form.cleaned_data.get("author")
            if form.instance.pk is not None or author is None:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            row = saved.get(author.pk)
            if row is not None and row not in taken:
                form.instance.pk = row
                taken.add(row)
