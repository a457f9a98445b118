from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from taggit.models import Tag

from caravan.news.models import ArticlePage, Country

from .suggest import accept, suggestions


def _by_id(model, value):
    """The row with that id, or None for a missing or malformed id."""
    if not value or not str(value).isdigit():
        return None
    return model.objects.filter(pk=int(value)).first()


def suggest_view(request, page_id):
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not article.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        country = _by_id(Country, request.POST.get("country"))
        tag = _by_id(Tag, request.POST.get("tag"))
        if country is None and tag is None:
            messages.error(request, _("That country or tag no longer exists."))
        else:
            accept(article=article, user=request.user, country=country, tag=tag)
            messages.success(request, _("Added “%(name)s”.") % {"name": country or tag})
        return redirect("related_suggest", page_id=article.pk)
    return render(
        request,
        "related/suggest.html",
        {
            "title": _("Suggested countries and tags"),
            "article": article,
            **suggestions(article.get_latest_revision_as_object()),
        },
    )
