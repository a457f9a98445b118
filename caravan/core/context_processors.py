"""What every page's frame (masthead, footer) needs from the site settings."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .models import SiteSettings


def site_chrome(request):
    site_settings = SimpleLazyObject(lambda: SiteSettings.for_request(request))

    def today():
        return timezone.localdate(timezone=site_settings.tz)

    return {
        "site_settings": site_settings,
        "today": SimpleLazyObject(today),
    }
