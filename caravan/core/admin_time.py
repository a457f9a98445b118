"""The admin shows and reads times in the site's time zone.

Wagtail's admin views run in the zone of the user's profile
(``UserProfile.current_time_zone``), else in ``TIME_ZONE``, which is UTC here
because storage is. A newsroom schedules in local time, so an editor who has not
chosen a zone in their account works in the site's zone (Settings › Site
settings): Wagtail reads the zone from ``request.user.wagtail_userprofile``, so
the profile this request holds gets the site's zone, in memory only. Nothing is
saved: a later change of the site's zone applies at once, and a user who picks
a zone in their account keeps it (Wagtail's account form and every profile
write read the row afresh).
"""

from django.conf import settings
from wagtail.users.models import UserProfile

from .models import SiteSettings


def site_zone_for(request) -> str | None:
    """The zone of the request's site, else the default site's."""
    try:
        return SiteSettings.for_request(request).time_zone
    except SiteSettings.DoesNotExist:  # no site at all yet (a fresh install)
        return None


class AdminTimeZoneMiddleware:
    """After ``AuthenticationMiddleware``: admin requests of signed-in users."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = getattr(settings, "CARAVAN_ADMIN_PATH_PREFIX", "/admin/")

    def __call__(self, request):
        if request.path_info.startswith(self.prefix):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                self.default_to_site_zone(request, user)
        return self.get_response(request)

    @staticmethod
    def default_to_site_zone(request, user) -> None:
        profile = getattr(user, "wagtail_userprofile", None)
        if profile is not None and profile.current_time_zone:
            return  # the user's own choice
        zone = site_zone_for(request)
        if not zone:
            return
        if profile is None:
            profile = UserProfile(user=user)  # unsaved: never written from here
        profile.current_time_zone = zone
        user.wagtail_userprofile = profile
