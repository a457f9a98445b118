from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from .dashboard import ScheduledPanel, WritePanel, can_publish
from .models import SectionPage


@hooks.register("construct_homepage_panels")
def add_newsroom_panels(request, panels):
    panels.insert(0, WritePanel())
    panels.append(ScheduledPanel())


@hooks.register("before_create_page")
def only_publishers_create_sections(request, parent_page, page_class):
    """Sections shape the site's navigation: editors and administrators make
    them; a contributor writes articles in them."""
    if issubclass(page_class, SectionPage) and not can_publish(request.user):
        raise PermissionDenied(_("Only editors create sections."))


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def say_when_it_goes_live(request, page):
    """ "Approve and publish" of a page dated in the future schedules it: say so,
    and when, in the time zone the admin shows."""
    # Read afresh: an approval publishes a copy of the revision the page holds.
    when = (
        page.revisions.filter(approved_go_live_at__gt=timezone.now())
        .order_by("-created_at", "-pk")
        .values_list("approved_go_live_at", flat=True)
        .first()
    )
    if when is not None:
        local = timezone.localtime(when)
        messages.info(
            request,
            _("“%(title)s” is scheduled: it goes live on %(when)s (%(zone)s).")
            % {
                "title": page.get_admin_display_title(),
                "when": local.strftime("%d %b %Y, %H:%M"),
                "zone": local.tzname(),
            },
        )
