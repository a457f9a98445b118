import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caravan.settings.dev")
django_application = get_wsgi_application()

# Page-cache hits are answered before Django's handler (caravan/caching/fastpath.py),
# and the view beacon before both (caravan/readership/beacon.py); imported once
# Django is set up.
from caravan.caching.fastpath import FastPath  # noqa: E402
from caravan.readership.beacon import Beacon  # noqa: E402

application = Beacon(FastPath(django_application))
