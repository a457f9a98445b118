"""An article's Telegram page in the admin: where it was posted, its edits and
deletions, and the editor's "don't post this article" switch."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail.admin import messages

from caravan.news.models import ArticlePage

from .models import TelegramChange, TelegramPost
from .posting import configured, opted_out, set_opt_out


def article_telegram(request, page_id):
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not article.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        out = request.POST.get("opt_out") == "on"
        set_opt_out(article, out, request.user)
        if out:
            messages.success(request, _("This article will not be posted to Telegram."))
        else:
            messages.success(request, _("This article may be posted to Telegram."))
        return redirect("telegram_article", article.pk)
    posts = TelegramPost.objects.filter(article=article).select_related("channel")
    changes = TelegramChange.objects.filter(post__article=article).select_related(
        "post__channel"
    )
    return render(
        request,
        "telegram/article.html",
        {
            "article": article,
            "opted_out": opted_out(article.pk),
            "configured": configured(),
            "posts": posts,
            "changes": changes,
        },
    )
