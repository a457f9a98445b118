"""The rates dashboard in the admin: everything held, disagreeing or rejected, with
the reason and both values, and the editor's buttons (confirm, discard, dismiss).

Any editor who may change rates (the Editors group) may decide. Decisions are POSTs
(CSRF-protected) that redirect back here with a message; a stale or forged form
gets a message too, never an error page.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet

from . import selectors
from .checks import number, pct
from .models import Rate, RejectedValue
from .review import ReviewError, rate_confirm, rate_discard, rejection_dismiss

PERMISSION = "rates.change_rate"


def _reference(units, day, source) -> dict | None:
    if units is None:
        return None
    return {"value": number(units), "date": day, "source": source}


def rate_row(rate: Rate) -> dict:
    """What the editor compares: the value, the previous rate and the second
    provider's, each with how far the value is from it."""
    previous = _reference(
        rate.previous_units_per_usd, rate.previous_date, rate.previous_source
    )
    if previous:
        previous["gap"] = pct(rate.previous_gap)
    peer = _reference(rate.peer_units_per_usd, rate.peer_date, rate.peer_source)
    if peer:
        peer["gap"] = pct(rate.peer_gap)
    return {
        "rate": rate,
        "value": number(rate.units_per_usd),
        "previous": previous,
        "peer": peer,
    }


class ReviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = Rate
    permission_required = "change"
    template_name = "rates/admin/review.html"
    page_title = gettext_lazy("Rates to review")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queue = selectors.review_queue()
        context.update(
            queue=queue,
            held=[rate_row(rate) for rate in queue.held],
            disagreements=[rate_row(rate) for rate in queue.disagreements],
            rejected=queue.rejected,
            margin=pct(queue.margin),
        )
        return context

    def post(self, request, *args, **kwargs):
        here = reverse("rates_review:index")
        action = request.POST.get("action", "")
        try:
            pk = int(request.POST.get("pk", ""))
        except ValueError:
            messages.error(request, _("Nothing was chosen."))
            return redirect(here)
        try:
            if action in ("confirm", "discard"):
                rate = Rate.objects.select_related("currency").filter(pk=pk).first()
                if rate is None:
                    raise ReviewError(_("That rate no longer exists."))
                decide = rate_confirm if action == "confirm" else rate_discard
                rate = decide(rate=rate, user=request.user)
                messages.success(
                    request,
                    _("%(code)s %(date)s (%(source)s): %(status)s.")
                    % {
                        "code": rate.currency.code,
                        "date": rate.rate_date,
                        "source": rate.source_label,
                        "status": rate.get_status_display(),
                    },
                )
            elif action == "dismiss":
                rejected = RejectedValue.objects.filter(pk=pk).first()
                if rejected is None:
                    raise ReviewError(_("That rejected value no longer exists."))
                rejection_dismiss(rejected=rejected, user=request.user)
                messages.success(
                    request,
                    _("Rejected %(code)s value from %(source)s dismissed.")
                    % {"code": rejected.currency, "source": rejected.source_label},
                )
            else:
                raise ReviewError(_("Unknown action."))
        except ReviewError as exc:
            messages.error(request, str(exc))
        return redirect(here)


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class RatesReviewViewSet(ViewSet):
    name = "rates_review"
    url_prefix = "rates-review"
    icon = "warning"
    menu_label = gettext_lazy("Review")
    menu_item_class = ReviewMenuItem

    def get_urlpatterns(self):
        from django.urls import path

        return [path("", ReviewView.as_view(), name="index")]
