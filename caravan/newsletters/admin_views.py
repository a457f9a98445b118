"""Admin views besides the snippets': send an edition to oneself, export a
subscriber's data."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail.admin import messages

from .delivery import progress_of
from .messages import render_edition
from .models import Edition, Subscriber
from .subscribing import subscriber_data


def test_send(request, pk):
    """Send the edition as it stands to the editor's own address: the real
    message (HTML, text, headers), links pointing nowhere harmful (a preview
    subscriber id 0 matches no one)."""
    if not request.user.has_perm("newsletters.change_edition"):
        raise PermissionDenied
    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    if request.method == "POST":
        if not request.user.email:
            messages.error(request, _("Your account has no e-mail address."))
        else:
            rendered = render_edition(edition)
            connection = get_connection(settings.NEWSLETTER_EMAIL_BACKEND)
            message = rendered.message(0, request.user.email, connection=connection)
            message.subject = f"[{_('Test')}] {message.subject}"
            try:
                message.send()
            except Exception as exc:  # noqa: BLE001 - shown to the editor
                messages.error(request, _("Not sent: %(error)s") % {"error": exc})
            else:
                messages.success(
                    request, _("Sent to %(email)s.") % {"email": request.user.email}
                )
        return redirect("wagtailsnippets_newsletters_edition:edit", pk)
    return render(
        request,
        "newsletters/test_send.html",
        {
            "edition": edition,
            "email": request.user.email,
            "progress": progress_of(edition),
        },
    )


def export_subscriber(request, pk):
    if not request.user.has_perm("newsletters.delete_subscriber"):
        raise PermissionDenied
    subscriber = get_object_or_404(Subscriber, pk=pk)
    body = json.dumps(subscriber_data(subscriber), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="subscriber-{subscriber.pk}.json"'
    )
    return response
