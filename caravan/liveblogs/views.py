"""A live blog's ``updates/`` fragment: what the page's script polls.

It is an ordinary response of the page (a route of ``LiveBlogPage``), so the
page cache and Varnish keep it under the live blog's tag and answer the
pollers' ``If-None-Match`` with 304 until an update purges it."""

from __future__ import annotations

from django.template.response import TemplateResponse


def updates_fragment(request, live_blog):
    return TemplateResponse(
        request,
        "liveblogs/updates_fragment.html",
        {"page": live_blog, "updates": live_blog.shown_updates},
    )
